/** What transmit-act does with each message of its queue: all that speaks to the préfecture. */
import { refreshClassification } from '#acts/classification-refresh';
import { answerLetter, cancelTransmission } from '#acts/dialogue';
import type { TransmissionQueueMessage } from '#messages/transmission-request';
import { transmitAct, type TransmitDeps } from './transmit.ts';

export function transmissionWork(deps: TransmitDeps) {
  return (request: TransmissionQueueMessage) => {
    switch (request.type) {
      case 'TransmissionRequested':
        return transmitAct(request.actesId, deps);
      case 'LetterAnswerRequested':
        return answerLetter(request.actesId, request.letterId, deps);
      case 'CancellationRequested':
        return cancelTransmission(request.actesId, deps);
      case 'ClassificationRequested':
        return refreshClassification(request, deps);
    }
  };
}
