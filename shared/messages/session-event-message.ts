/**
 * What the session-events FIFO queue carries: a reference to an event the API has logged, never the
 * event itself. Whatever text the event holds and however large it is, the message is a few ASCII
 * characters; the consumer reads the event, and who posted it, from the log.
 */
import { createHash } from 'node:crypto';
import * as z from 'zod';
import { EventId, SessionId, Siren } from '#events/session-events';
import type { OutgoingMessage } from '#ports/message-queue';
import type { SessionKey } from '#ports/session-store';

export const SessionEventMessage = z.strictObject({
  type: z.literal('SessionEventLogged'),
  version: z.literal(1),
  siren: Siren,
  sessionId: SessionId,
  eventId: EventId,
});

export type SessionEventMessage = z.infer<typeof SessionEventMessage>;

/**
 * The message of a logged event: grouped by séance (its events are delivered in order), and
 * deduplicated by séance and event, so that two séances using the same event ids never meet.
 */
export function sessionEventMessage(key: SessionKey, eventId: string): OutgoingMessage {
  const message: SessionEventMessage = { type: 'SessionEventLogged', version: 1, ...key, eventId };
  return {
    body: JSON.stringify(message),
    groupId: `${key.siren}:${key.sessionId}`,
    deduplicationId: createHash('sha256').update(`${key.siren}/${key.sessionId}/${eventId}`).digest('hex'),
  };
}
