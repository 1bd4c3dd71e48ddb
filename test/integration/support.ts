/** What the integration tests share: the running stack, an HTTP client for its API, and waiting. */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { SQSClient } from '@aws-sdk/client-sqs';
import { inject } from 'vitest';
import { dynamoSessionStore } from '#adapters/dynamodb/session-store';
import { s3DocumentStore } from '#adapters/s3/s3-document-store';
import { sqsQueue } from '#adapters/sqs/sqs-queue';
import { isValidSiren } from '#events/vocabulary';
import type { SessionEvent } from '#events/session-events';
import { processSessionEvent, type ProcessEventDeps } from '#functions/session-events/process-event';
import { sessionEventMessage } from '#messages/session-event-message';
import type { Poster, SessionKey } from '#ports/session-store';
import { existingLocalIssuer, type TokenIssuer } from '#local/token-issuer';
import type { Principal } from '#runtime/access-tokens';

export const stack = () => inject('stack');

let issuer: Promise<TokenIssuer | undefined> | undefined;
/** The shared stack's token issuer, from the key it keeps in its state folder. */
export async function stackIssuer(): Promise<TokenIssuer> {
  const found = await (issuer ??= existingLocalIssuer(stack().dir, stack().issuerUrl));
  if (!found) throw new Error(`no issuer key in ${stack().dir}`);
  return found;
}

/** A token of the shared stack's issuer for this principal, valid `seconds` (an hour by default; negative: expired). */
export async function tokenFor(principal: Principal, seconds?: number): Promise<string> {
  return (await stackIssuer()).mint(principal, seconds);
}

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

export function clients() {
  const { engines } = stack();
  const dynamodb = new DynamoDBClient({ endpoint: engines.dynamodb.endpoint, region: 'eu-west-3', credentials });
  return {
    dynamodb,
    documents: DynamoDBDocumentClient.from(dynamodb, { marshallOptions: { removeUndefinedValues: true } }),
    sqs: new SQSClient({ endpoint: engines.sqs.endpoint, region: 'eu-west-3', credentials, useQueueUrlAsEndpoint: false }),
    s3: new S3Client({ endpoint: engines.sqs.endpoint, region: 'eu-west-3', credentials, forcePathStyle: true }),
  };
}

export async function api(method: 'GET' | 'POST', path: string, options: { body?: unknown; token?: string | null } = {}) {
  const token = options.token === undefined ? stack().tokens.secretariat : options.token;
  const response = await fetch(`${stack().apiUrl}${path}`, {
    method,
    headers: { ...(token !== null && { authorization: `Bearer ${token}` }), 'content-type': 'application/json' },
    ...(options.body !== undefined && { body: typeof options.body === 'string' ? options.body : JSON.stringify(options.body) }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

/** A document the API serves (an extract), as bytes. */
export async function download(path: string): Promise<Buffer> {
  const response = await fetch(`${stack().apiUrl}${path}`, { headers: { authorization: `Bearer ${stack().tokens.secretariat}` } });
  if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** Polls `probe` until it returns a value, or fails after `seconds`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, seconds = 20): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`still waiting after ${seconds} s`);
    await new Promise((done) => setTimeout(done, 100));
  }
}

/** The API path of a séance. */
export const sessionPath = ({ siren, sessionId }: SessionKey) => `/assemblies/${siren}/sessions/${sessionId}`;

/** The séance `asSession(…, sessionId, date)` moves events to: the seed's collectivité, or the one of that day. */
export const seance = (sessionId: string, date?: string): SessionKey => ({ siren: date ? sirenFor(date) : '223500018', sessionId });

/** Waits until the API's log of a séance shows every one of these events processed. */
export function processed(key: SessionKey, eventIds: readonly string[], seconds = 20) {
  return eventually(async () => {
    const { status, body } = await api('GET', `${sessionPath(key)}/events`);
    if (status !== 200) return undefined;
    const done = (body.events as { eventId: string; status: string }[]).filter(
      (e) => eventIds.includes(e.eventId) && e.status !== 'queued',
    );
    return done.length === eventIds.length ? (body.events as { eventId: string; status: string; reason?: any }[]) : undefined;
  }, seconds);
}

/**
 * The sample events moved to another séance id, so tests do not share state. With a date, the séance
 * is held (and its acts signed) that day by a collectivité of its own (a SIREN derived from the
 * date), since a number serves once per collectivité.
 */
export function asSession(events: readonly SessionEvent[], sessionId: string, date?: string): SessionEvent[] {
  return events.map((e) => {
    const moved = { ...e, sessionId, eventId: `${sessionId}-${e.eventId}` } as SessionEvent;
    if (date === undefined) return moved;
    // Signed the day of its séance: an act is never signed before it is voted (CGCT L2121-23).
    if (moved.type === 'ActSigned') return { ...moved, payload: { ...moved.payload, signedAt: date } };
    if (moved.type !== 'SessionOpened') return moved;
    const assembly = { ...moved.payload.assembly, siren: sirenFor(date) };
    return { ...moved, payload: { ...moved.payload, date, assembly } };
  });
}

/** A valid SIREN (its Luhn check digit computed) that differs for each day of the year. */
export function sirenFor(date: string): string {
  const body = `2235${date.slice(5, 7)}${date.slice(8, 10)}`;
  for (let check = 0; check <= 9; check++) if (isValidSiren(`${body}${check}`)) return `${body}${check}`;
  throw new Error(`no SIREN for ${date}`);
}

/** The poster of the events the tests log themselves, as the API would record the local secretariat. */
export const SECRETARIAT: Poster = { sub: 'test-secretariat', role: 'secretariat', scope: '*' };

/** The séance of these events: its collectivité taken from its opening among them. */
export function keyOf(events: readonly SessionEvent[]): SessionKey {
  const opening = events.find((e) => e.type === 'SessionOpened');
  if (opening?.type !== 'SessionOpened') throw new Error('these events hold no SessionOpened');
  return { siren: opening.payload.assembly.siren, sessionId: opening.sessionId };
}

/** What the API then the consumer do with one event: log it, then process it. */
export async function logAndProcess(key: SessionKey, event: SessionEvent, deps: ProcessEventDeps) {
  await deps.sessions.append(key, [event], { acceptedAt: new Date().toISOString(), postedBy: SECRETARIAT });
  return processSessionEvent(key, event.eventId, deps);
}

/**
 * An event logged and queued as the API would, without the API's precheck: what reaches the
 * consumer when the séance moved between the check and the processing, or from another writer.
 */
export async function bypassingApi(key: SessionKey, event: unknown, postedBy: Poster = SECRETARIAT) {
  const { documents, s3, sqs } = clients();
  const { tables, buckets, queues } = stack().resources;
  const store = dynamoSessionStore(documents, tables.main, s3DocumentStore(s3, buckets.documents));
  await store.append(key, [event as SessionEvent], { acceptedAt: new Date().toISOString(), postedBy });
  await sqsQueue(sqs, queues.sessionEvents.url).send([sessionEventMessage(key, (event as SessionEvent).eventId)]);
}
