/** Lambda entry of transmit-act: consumes the transmissions queue. */
import { topology } from '#infra/topology';
import { actServices } from '#runtime/act-services';
import { envelopeSettings, prefectureConnector } from '#runtime/prefecture-settings';
import { sqsWorkConsumer } from '#runtime/sqs-consumer';
import { transmitAct } from './transmit.ts';

const deps = {
  ...actServices(),
  connector: await prefectureConnector(),
  envelope: envelopeSettings(),
  leaseSeconds: topology.functions.transmitAct.timeoutSeconds,
};

export const handler = sqsWorkConsumer({ queue: 'transmissions', function: 'transmitAct' }, deps, (request) =>
  transmitAct(request.actesId, deps),
);
