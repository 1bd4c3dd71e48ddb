/**
 * The DynamoDB session store on both engines the local stack may run — Amazon DynamoDB Local (when
 * Java is there) and dynalite (when it is not): the conditional writes that make processing
 * idempotent must hold on each.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { INLINE_JSON_BYTES } from '#adapters/dynamodb/large-json';
import { dynamoSessionStore } from '#adapters/dynamodb/session-store';
import { s3DocumentStore } from '#adapters/s3/s3-document-store';
import { replay } from '#domain/session';
import type { SessionOpened } from '#events/session-events';
import { topology } from '#infra/topology';
import { javaAvailable, startDynamo, type Engine } from '#local/engines';
import { createResources } from '#local/resources';
import { ProjectionConflictError, type SessionStore } from '#ports/session-store';
import { sampleEvents } from '../support/seance.ts';
import { clients, stack } from './support.ts';

const engines = javaAvailable() ? (['dynamodb-local', 'dynalite'] as const) : (['dynalite'] as const);
const [opening, roll] = sampleEvents('val-exemple-2025-06-12-commune.json');
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

const key = { siren: opening!.type === 'SessionOpened' ? opening!.payload.assembly.siren : '', sessionId: opening!.sessionId };
const postedBy = { sub: 'test', role: 'secretariat', scope: '*' } as const;

describe.each(engines)('the session store on %s', (kind) => {
  const dir = mkdtempSync(join(tmpdir(), `registre-${kind}-`));
  let engine: Engine;
  let store: SessionStore;

  beforeAll(async () => {
    engine = await startDynamo(dir, () => undefined, kind);
    const dynamodb = new DynamoDBClient({ endpoint: engine.endpoint, region: 'eu-west-3', credentials });
    // Queues and the bucket come from the shared stack's fauxqs; the table is this engine's.
    const sqs = new SQSClient({ endpoint: stack().engines.sqs.endpoint, region: 'eu-west-3', credentials, useQueueUrlAsEndpoint: false });
    const resources = await createResources(topology, { dynamodb, sqs, s3: clients().s3 }, { prefix: `store-${kind}-` });
    store = dynamoSessionStore(
      DynamoDBDocumentClient.from(dynamodb),
      resources.tables.main,
      s3DocumentStore(clients().s3, resources.buckets.documents),
    );
  });
  afterAll(async () => {
    await engine?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('an eventId is appended to the log once, with who posted it', async () => {
    const [entry] = await store.append(key, [opening!], { acceptedAt: '2025-06-12T17:00:00.000Z', postedBy });
    expect(entry).toMatchObject({ eventId: opening!.eventId, status: 'queued', accepted: 1, postedBy });
    expect(await store.append(key, [opening!], { acceptedAt: '2025-06-12T17:00:05.000Z', postedBy })).toEqual([]);
    expect((await store.find(key, [opening!.eventId, 'missing'])).get(opening!.eventId)).toEqual({ ...entry, event: opening });
  });

  test('one request at a time holds the séance: a lease is refused to another owner until released or run out', async () => {
    expect(await store.lease(key, 'first', '2025-06-12T17:00:00.000Z', '2025-06-12T17:00:30.000Z')).toBe(true);
    expect(await store.lease(key, 'second', '2025-06-12T17:00:01.000Z', '2025-06-12T17:00:31.000Z')).toBe(false);
    await store.release(key, 'second');
    expect(await store.lease(key, 'second', '2025-06-12T17:00:02.000Z', '2025-06-12T17:00:32.000Z')).toBe(false);
    await store.release(key, 'first');
    expect(await store.lease(key, 'second', '2025-06-12T17:00:03.000Z', '2025-06-12T17:00:33.000Z')).toBe(true);
    // The second owner's worker died: its lease runs out, and another may take the séance.
    expect(await store.lease(key, 'third', '2025-06-12T17:00:34.000Z', '2025-06-12T17:01:04.000Z')).toBe(true);
    await store.release(key, 'third');
  });

  test('the same séance id of another collectivité is another séance', async () => {
    const other = { ...key, siren: '223500018' };
    expect(await store.find(other, [opening!.eventId])).toEqual(new Map());
    expect(await store.load(other)).toEqual({ state: undefined, logLength: 0, lastAccepted: 0 });
  });

  test('a log entry keeps the position it was first given', async () => {
    const outcome = { eventId: opening!.eventId, status: 'applied' as const, seq: 0, processedAt: '2025-06-12T17:00:01.000Z' };
    await store.recordOutcome(key, outcome);
    await store.recordOutcome(key, outcome);
    await expect(store.recordOutcome(key, { ...outcome, seq: 1 })).rejects.toThrow();
    await expect(store.recordOutcome(key, { ...outcome, eventId: 'never-logged' })).rejects.toThrow();
  });

  test('the projection moves only from the position it was read at', async () => {
    const state = replay([opening!]).state;
    await store.commit(key, { state, logLength: 1, lastAccepted: 1 });
    await expect(store.commit(key, { state, logLength: 1, lastAccepted: 1 })).rejects.toBeInstanceOf(ProjectionConflictError);
    await expect(store.commit(key, { state, logLength: 3, lastAccepted: 3 })).rejects.toBeInstanceOf(ProjectionConflictError);
    expect(await store.load(key)).toEqual({ state, logLength: 1, lastAccepted: 1 });
  });

  test('the log lists processed events by position, then queued ones in the order they were accepted', async () => {
    // Named to sort after the other in the table's keys: the log's order is that of acceptance.
    const [later, earlier] = [roll!, { ...roll!, eventId: 'zz-accepted-first' }];
    await store.append(key, [earlier], { acceptedAt: '2025-06-12T17:00:09.000Z', postedBy });
    await store.append(key, [later], { acceptedAt: '2025-06-12T17:00:02.000Z', postedBy });
    expect((await store.log(key)).map((e) => [e.eventId, e.status, e.seq ?? null])).toEqual([
      [opening!.eventId, 'applied', 0],
      [earlier.eventId, 'queued', null],
      [later.eventId, 'queued', null],
    ]);
  });

  test('the projection and the log read at once are what load() and log() give, with the events the projection has not taken in yet', async () => {
    const { record, log, pending } = await store.loadWithLog(key);
    expect({ record, log }).toEqual({ record: await store.load(key), log: await store.log(key) });
    const queued = log.filter((entry) => entry.accepted > record.lastAccepted).sort((a, b) => a.accepted - b.accepted);
    expect(queued.length).toBeGreaterThan(0);
    expect(pending).toEqual(
      [
        ...(
          await store.find(
            key,
            queued.map((entry) => entry.eventId),
          )
        ).values(),
      ].sort((a, b) => a.accepted - b.accepted),
    );
  });

  test(`an event over ${INLINE_JSON_BYTES / 1024} KB is kept in the bucket and read back whole`, async () => {
    const big = { ...opening!, eventId: 'big-opening' } as SessionOpened;
    const texts = big.payload.items.map((item) => ({ ...item, expose: 'Exposé des motifs. '.repeat(8000).trim() }));
    const event = { ...big, payload: { ...big.payload, items: texts } };
    expect(Buffer.byteLength(JSON.stringify(event))).toBeGreaterThan(INLINE_JSON_BYTES);
    await store.append(key, [event], { acceptedAt: '2025-06-12T17:00:10.000Z', postedBy });
    expect((await store.find(key, ['big-opening'])).get('big-opening')?.event).toEqual(event);
    expect((await store.log(key)).find((e) => e.eventId === 'big-opening')).toMatchObject({ type: 'SessionOpened', status: 'queued' });
  });
});
