/**
 * What each queue carries, as the consumers and the administrators' replay both read it: the
 * message's schema, what it is about (the séance, the délibération, the IDActe), and the identity of
 * its failure record — a hash of the queue and the body, so the same message failing again, after a
 * replay, finds its record.
 */
import { createHash } from 'node:crypto';
import type * as z from 'zod';
import type { QueueId } from '#infra/topology';
import { CertificationQueueMessage } from '#messages/certification-request';
import { SessionEventMessage } from '#messages/session-event-message';
import { TransmissionQueueMessage } from '#messages/transmission-request';
import type { FailureConcerns } from '#ports/failure-store';

interface QueueMessage<S extends z.ZodType> {
  readonly schema: S;
  readonly concerns: (message: z.infer<S>) => FailureConcerns;
}

/** The IDActe names its collectivité: DDD-SIREN-YYYYMMDD-NUMERO-NN. */
const sirenOf = (actesId: string) => actesId.split('-')[1];

const message = <S extends z.ZodType>(spec: QueueMessage<S>) => spec;

export const QUEUE_MESSAGES = {
  sessionEvents: message({
    schema: SessionEventMessage,
    concerns: ({ siren, sessionId, eventId }) => ({ siren, sessionId, eventId }),
  }),
  certification: message({
    schema: CertificationQueueMessage,
    concerns: (request) =>
      request.type === 'PublicationRequested'
        ? { actesId: request.actesId, siren: sirenOf(request.actesId) }
        : { siren: request.siren, sessionId: request.sessionId, item: request.item, actesId: request.actesId },
  }),
  transmissions: message({
    schema: TransmissionQueueMessage,
    concerns: (request) =>
      request.type === 'ClassificationRequested' ? { siren: request.siren } : { actesId: request.actesId, siren: sirenOf(request.actesId) },
  }),
} as const satisfies Record<QueueId, QueueMessage<z.ZodType>>;

/** The message attribute a replay adds: the id of the failure record the message comes back from. */
export const REPLAY_ATTRIBUTE = 'registre-replay-of';

export const failureId = (queue: QueueId, body: string): string =>
  createHash('sha256').update(`${queue}\n${body}`).digest('hex').slice(0, 24);

export type ReadMessage<Q extends QueueId> =
  | { readonly ok: true; readonly message: z.infer<(typeof QUEUE_MESSAGES)[Q]['schema']>; readonly concerns: FailureConcerns }
  | { readonly ok: false; readonly error: { readonly name: string; readonly message: string } };

/** The body read as its queue's message, or why it never can be (a poison message). */
export function readQueueMessage<Q extends QueueId>(queue: Q, body: string): ReadMessage<Q> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    return { ok: false, error: { name: 'SyntaxError', message: `the body is not JSON: ${(error as Error).message}` } };
  }
  const spec: QueueMessage<z.ZodType> = QUEUE_MESSAGES[queue];
  const parsed = spec.schema.safeParse(json);
  if (!parsed.success)
    return {
      ok: false,
      error: {
        name: 'ContractError',
        message: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; '),
      },
    };
  return { ok: true, message: parsed.data as z.infer<(typeof QUEUE_MESSAGES)[Q]['schema']>, concerns: spec.concerns(parsed.data) };
}
