/** Lambda entry of transmit-act: consumes the transmissions queue. */
import { TransmissionRequest } from '#messages/transmission-request';
import { actServices } from '#runtime/act-services';
import { envelopeSettings, prefectureConnector } from '#runtime/prefecture-settings';
import { sqsWorkConsumer } from '#runtime/sqs-consumer';
import { transmitAct } from './transmit.ts';

const deps = { ...actServices(), connector: prefectureConnector(), envelope: envelopeSettings() };

export const handler = sqsWorkConsumer(TransmissionRequest, (request) => transmitAct(request.actesId, deps));
