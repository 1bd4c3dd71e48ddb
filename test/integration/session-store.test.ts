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
import { dynamoSessionStore } from '#adapters/dynamodb/session-store';
import { replay } from '#domain/session';
import { topology } from '#infra/topology';
import { javaAvailable, startDynamo, type Engine } from '#local/engines';
import { createResources } from '#local/resources';
import { ProjectionConflictError, type SessionStore } from '#ports/session-store';
import { sampleEvents } from '../support/seance.ts';
import { clients, stack } from './support.ts';

const engines = javaAvailable() ? (['dynamodb-local', 'dynalite'] as const) : (['dynalite'] as const);
const [opening, roll] = sampleEvents('val-exemple-2025-06-12-commune.json');
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

describe.each(engines)('the session store on %s', (kind) => {
  const dir = mkdtempSync(join(tmpdir(), `registre-${kind}-`));
  let engine: Engine;
  let store: SessionStore;

  beforeAll(async () => {
    engine = await startDynamo(dir, () => undefined, kind);
    const dynamodb = new DynamoDBClient({ endpoint: engine.endpoint, region: 'eu-west-3', credentials });
    // Queues come from the shared stack's fauxqs; only the table matters here.
    const sqs = new SQSClient({ endpoint: stack().engines.sqs.endpoint, region: 'eu-west-3', credentials, useQueueUrlAsEndpoint: false });
    const resources = await createResources(topology, { dynamodb, sqs, s3: clients().s3 }, { prefix: `store-${kind}-` });
    store = dynamoSessionStore(DynamoDBDocumentClient.from(dynamodb), resources.tables.main);
  });
  afterAll(async () => {
    await engine?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('an eventId is appended to the log once', async () => {
    const entry = { event: opening!, status: 'queued' as const, acceptedAt: '2025-06-12T17:00:00.000Z' };
    expect(await store.append(entry)).toBe(true);
    expect(await store.append({ ...entry, acceptedAt: '2025-06-12T17:00:05.000Z' })).toBe(false);
    expect((await store.find(opening!.sessionId, [opening!.eventId, 'missing'])).get(opening!.eventId)).toEqual(entry);
  });

  test('a log entry keeps the position it was first given', async () => {
    const outcome = {
      event: opening!,
      status: 'applied' as const,
      acceptedAt: '2025-06-12T17:00:00.000Z',
      seq: 0,
      processedAt: '2025-06-12T17:00:01.000Z',
    };
    await store.recordOutcome(outcome);
    await store.recordOutcome(outcome);
    await expect(store.recordOutcome({ ...outcome, seq: 1 })).rejects.toThrow();
  });

  test('the projection moves only from the position it was read at', async () => {
    const state = replay([opening!]).state;
    await store.commit(opening!.sessionId, { state, logLength: 1 });
    await expect(store.commit(opening!.sessionId, { state, logLength: 1 })).rejects.toBeInstanceOf(ProjectionConflictError);
    await expect(store.commit(opening!.sessionId, { state, logLength: 3 })).rejects.toBeInstanceOf(ProjectionConflictError);
    expect(await store.load(opening!.sessionId)).toEqual({ state, logLength: 1 });
  });

  test('the log lists processed events by position, then queued ones in the order they were accepted', async () => {
    await store.append({ event: roll!, status: 'queued', acceptedAt: '2025-06-12T17:00:02.000Z' });
    expect((await store.events(opening!.sessionId)).map((e) => [e.event.eventId, e.status, e.seq ?? null])).toEqual([
      [opening!.eventId, 'applied', 0],
      [roll!.eventId, 'queued', null],
    ]);
    expect(await store.load('never-seen')).toEqual({ state: undefined, logLength: 0 });
  });
});
