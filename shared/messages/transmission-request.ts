/**
 * The work of `transmit-act`, the one function that speaks to the préfecture: the act to push (from
 * `certify-act`), the answer to a préfecture's letter and the cancellation of a transmission (both
 * asked for by the secretariat through the API), each by the act's @CTES IDActe.
 */
import * as z from 'zod';

export const TransmissionRequest = z.strictObject({
  type: z.literal('TransmissionRequested'),
  version: z.literal(1),
  actesId: z.string().min(1),
});

export const LetterAnswerRequest = z.strictObject({
  type: z.literal('LetterAnswerRequested'),
  version: z.literal(1),
  actesId: z.string().min(1),
  /** The letter answered, by the connector's id. */
  letterId: z.string().min(1).max(200),
});

export const CancellationRequest = z.strictObject({
  type: z.literal('CancellationRequested'),
  version: z.literal(1),
  actesId: z.string().min(1),
});

export const TransmissionQueueMessage = z.discriminatedUnion('type', [TransmissionRequest, LetterAnswerRequest, CancellationRequest]);

export type TransmissionRequest = z.infer<typeof TransmissionRequest>;
export type LetterAnswerRequest = z.infer<typeof LetterAnswerRequest>;
export type CancellationRequest = z.infer<typeof CancellationRequest>;
export type TransmissionQueueMessage = z.infer<typeof TransmissionQueueMessage>;
