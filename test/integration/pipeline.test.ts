/**
 * The session-events consumer on the real queue and table, with its own resources (a name prefix per
 * test) so that a failure injected here never touches the shared stack. Failures are injected by
 * wrapping the real DynamoDB store, not by faking the SDK.
 */
import { randomUUID } from 'node:crypto';
import { GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterEach, describe, expect, test } from 'vitest';
import { dynamoActStore } from '#adapters/dynamodb/act-store';
import { dynamoFailureStore } from '#adapters/dynamodb/failure-store';
import { dynamoSessionStore } from '#adapters/dynamodb/session-store';
import { s3DocumentStore } from '#adapters/s3/s3-document-store';
import { sqsQueue } from '#adapters/sqs/sqs-queue';
import { rebuildSession } from '#admin/rebuild-session';
import { replay } from '#domain/session';
import type { SessionEvent } from '#events/session-events';
import { makeSessionEventsHandler } from '#functions/session-events/consumer';
import { topology } from '#infra/topology';
import { invoke } from '#local/lambda-context';
import { createResources, type LocalResources } from '#local/resources';
import { startSqsPoller, type Poller } from '#local/sqs-poller';
import { sessionEventMessage } from '#messages/session-event-message';
import type { SessionKey, SessionStore } from '#ports/session-store';
import { sampleEvents } from '../support/seance.ts';
import { asSession, clients, eventually, SECRETARIAT } from './support.ts';
import { failAfterOutcome } from '../support/failing-store.ts';

const seed = sampleEvents('cd35-2025-03-20-ad-2025-0043.json');
const commune = sampleEvents('val-exemple-2025-06-12-commune.json');
const config = { name: 'sessionEvents', timeoutSeconds: 30, memoryMb: 512 };
const pollers: Poller[] = [];
afterEach(async () => {
  await Promise.all(pollers.splice(0).map((p) => p.stop()));
});

async function isolated() {
  const { dynamodb, documents, sqs, s3 } = clients();
  const resources = await createResources(
    topology,
    { dynamodb, sqs, s3 },
    { prefix: `t${randomUUID().slice(0, 8)}-`, visibilityTimeoutSeconds: 1 },
  );
  const store = dynamoSessionStore(documents, resources.tables.main, s3DocumentStore(s3, resources.buckets.documents));
  const acts = dynamoActStore(documents, resources.tables.main);
  const certification = sqsQueue(sqs, resources.queues.certification.url);
  const failures = dynamoFailureStore(documents, resources.tables.main);
  return { sqs, resources, store, acts, certification, failures };
}

function consume(resources: LocalResources, store: SessionStore) {
  const queue = resources.queues.sessionEvents;
  const acts = dynamoActStore(clients().documents, resources.tables.main);
  const certification = sqsQueue(clients().sqs, resources.queues.certification.url);
  const failures = dynamoFailureStore(clients().documents, resources.tables.main);
  const handler = makeSessionEventsHandler({ sessions: store, acts, certification, failures, now: () => new Date() });
  pollers.push(
    startSqsPoller({ client: clients().sqs, queueUrl: queue.url, queueArn: queue.arn, batchSize: 10, function: config, handler }),
  );
}

/** The séance of each event, its collectivité taken from the séance's opening among `events`. */
function keysOf(events: readonly SessionEvent[]): Map<string, SessionKey> {
  const keys = new Map<string, SessionKey>();
  for (const e of events)
    if (e.type === 'SessionOpened') keys.set(e.sessionId, { siren: e.payload.assembly.siren, sessionId: e.sessionId });
  return keys;
}

/** What the API does: logs the events (once), then queues their references; `again` queues them a second time. */
async function enqueue(resources: LocalResources, store: SessionStore, events: readonly SessionEvent[], again = false) {
  const keys = keysOf(events);
  for (const event of events)
    await store.append(keys.get(event.sessionId)!, [event], { acceptedAt: new Date().toISOString(), postedBy: SECRETARIAT });
  const messages = events.map((event) => sessionEventMessage(keys.get(event.sessionId)!, event.eventId));
  await sqsQueue(clients().sqs, resources.queues.sessionEvents.url).send(
    again ? messages.map((m) => ({ ...m, deduplicationId: `${m.deduplicationId}-redelivered` })) : messages,
  );
}

const settled = (store: SessionStore, key: SessionKey, count: number) =>
  eventually(async () => {
    const record = await store.load(key);
    return record.logLength >= count ? record : undefined;
  });

describe('the session-events consumer', () => {
  test('every event delivered twice leaves the same state as once, and the same as the pure core', async () => {
    const { resources, store } = await isolated();
    const events = asSession(commune, 'twice');
    const key = keysOf(events).get('twice')!;
    await enqueue(resources, store, events);
    await enqueue(resources, store, events, true);
    consume(resources, store);
    const record = await settled(store, key, events.length);
    await new Promise((done) => setTimeout(done, 1500));
    const final = await store.load(key);
    expect(final.logLength).toBe(events.length);
    expect(final.state).toEqual(replay(events).state);
    expect((await store.log(key)).map((e) => [e.seq, e.status])).toEqual(events.map((_, i) => [i, 'applied']));

    // The facts recorded beside the events rebuild the very séance stored, without the rules.
    const report = await rebuildSession(key, store);
    expect(report).toMatchObject({ facts: events.length, differences: [] });
    expect(report.rebuilt).toEqual(final.state);
    // A projection that drifted from its log is reported, path by path.
    const drifted = structuredClone(final.state!);
    (drifted.items[0] as { title: string }).title = 'Titre altéré';
    await store.commit(key, { state: drifted, logLength: final.logLength + 1, lastAccepted: final.lastAccepted });
    expect((await rebuildSession(key, store)).differences).toEqual(['items[0].title']);
    expect(record.state).toEqual(final.state);
  });

  test('an adopted délibération, once signed, is handed on to certification exactly once per signature', async () => {
    const { sqs, resources, store } = await isolated();
    const events = asSession(seed, 'certify');
    await enqueue(resources, store, events);
    consume(resources, store);
    await settled(store, keysOf(events).get('certify')!, events.length);
    const { Messages = [] } = await sqs.send(
      new ReceiveMessageCommand({ QueueUrl: resources.queues.certification.url, MaxNumberOfMessages: 10 }),
    );
    expect(Messages.map((m) => JSON.parse(m.Body!))).toEqual([
      {
        type: 'CertificationRequested',
        version: 2,
        siren: '223500018',
        sessionId: 'certify',
        item: 'AD_2025_0043',
        actesId: '035-223500018-20250320-AD_2025_0043-DE',
        eventId: 'certify-cd35-2025-03-20-005',
      },
    ]);
  });

  test('a séance whose number another séance of the collectivité holds is rejected, whatever its date (@CTES NumeroInterne)', async () => {
    const { resources, store } = await isolated();
    const first = asSession(seed, 'holder');
    const later = asSession(seed, 'latecomer')
      .slice(0, 1)
      .map((e) => (e.type === 'SessionOpened' ? { ...e, payload: { ...e.payload, date: '2025-04-10' } } : e));
    // One after the other: in one batch, the two séances' groups would be handled at once, and either could claim the number first.
    consume(resources, store);
    await enqueue(resources, store, [first[0]!]);
    await settled(store, keysOf(first).get('holder')!, 1);
    await enqueue(resources, store, later);
    const key = keysOf(later).get('latecomer')!;
    await settled(store, key, 1);
    const [entry] = await store.log(key);
    expect(entry).toMatchObject({
      status: 'rejected',
      error: { code: 'ACT_NUMBER_TAKEN', field: 'payload.items[0].number', item: 'AD_2025_0043' },
    });
    expect(entry!.error!.message.en).toBe(
      'number AD_2025_0043 already belongs to a délibération of séance holder: a number serves once per collectivité (@CTES NumeroInterne)',
    );
    expect((await store.load(key)).state).toBeUndefined();
  });

  test('a failure on one message of a FIFO batch hands back that message and the rest of its group, in order; other groups go on', async () => {
    const { resources, store, acts, certification, failures } = await isolated();
    const a = asSession(commune, 'group-a', '2025-06-13').slice(0, 3);
    const b = asSession(commune, 'group-b', '2025-06-14').slice(0, 3);
    const keys = new Map([...keysOf(a), ...keysOf(b)]);
    for (const e of [...a, ...b])
      await store.append(keys.get(e.sessionId)!, [e], { acceptedAt: new Date().toISOString(), postedBy: SECRETARIAT });
    const failing = failAfterOutcome(store, a[0]!.eventId);
    const handler = makeSessionEventsHandler({ sessions: failing, acts, certification, failures, now: () => new Date() });
    const event: SQSEvent = {
      Records: [...a, ...b].map((e, i) => ({
        messageId: `m${i}`,
        receiptHandle: `r${i}`,
        body: sessionEventMessage(keys.get(e.sessionId)!, e.eventId).body,
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: '0',
          SenderId: 'local',
          ApproximateFirstReceiveTimestamp: '0',
          MessageGroupId: sessionEventMessage(keys.get(e.sessionId)!, e.eventId).groupId!,
        },
        messageAttributes: {},
        md5OfBody: '',
        eventSource: 'aws:sqs',
        eventSourceARN: resources.queues.sessionEvents.arn,
        awsRegion: 'eu-west-3',
      })),
    };
    const response = await invoke(handler, event, config);
    expect(response).toEqual({ batchItemFailures: [{ itemIdentifier: 'm0' }, { itemIdentifier: 'm1' }, { itemIdentifier: 'm2' }] });
    expect((await store.load(keys.get('group-a')!)).logLength).toBe(0);
    expect((await store.load(keys.get('group-b')!)).logLength).toBe(3);
  });

  test('through the queue, the failed session is retried after the visibility timeout and completes in order, while the other one is not held up', async () => {
    const { resources, store } = await isolated();
    const a = asSession(commune, 'queue-a', '2025-06-13');
    const b = asSession(commune, 'queue-b', '2025-06-14');
    const [keyA, keyB] = [keysOf(a).get('queue-a')!, keysOf(b).get('queue-b')!];
    await enqueue(resources, store, [...a, ...b]);
    consume(resources, failAfterOutcome(store, a[1]!.eventId));
    await settled(store, keyA, a.length);
    await settled(store, keyB, b.length);
    const logA = await store.log(keyA);
    const logB = await store.log(keyB);
    expect(logA.map((e) => e.eventId)).toEqual(a.map((e) => e.eventId));
    expect(logA.every((e) => e.status === 'applied')).toBe(true);
    expect((await store.load(keyA)).state).toEqual(replay(a).state);
    // b finished while a waited for its failed message to come back (the event after it is processed only then).
    expect(logB.at(-1)!.processedAt! < logA[2]!.processedAt!).toBe(true);
  });

  test('a message that keeps failing moves to the dead-letter queue after maxReceiveCount receives, and holds back the events accepted after it', async () => {
    const { sqs, resources, store, acts, certification, failures } = await isolated();
    const [opening, roll] = asSession(commune, 'poison');
    const closing = asSession(commune, 'poison').find((e) => e.type === 'SessionClosed')!;
    const handler = makeSessionEventsHandler({
      sessions: failAlways(store, roll!.eventId),
      acts,
      certification,
      failures,
      now: () => new Date(),
    });
    const queue = resources.queues.sessionEvents;
    pollers.push(startSqsPoller({ client: sqs, queueUrl: queue.url, queueArn: queue.arn, batchSize: 10, function: config, handler }));
    await enqueue(resources, store, [opening!, roll!, closing]);
    const dead = await eventually(async () => {
      const { Attributes } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queue.deadLetter.url, AttributeNames: ['ApproximateNumberOfMessages'] }),
      );
      return Number(Attributes?.ApproximateNumberOfMessages) > 0 ? Number(Attributes?.ApproximateNumberOfMessages) : undefined;
    }, 30);
    expect(dead).toBeGreaterThanOrEqual(1);
    expect(topology.queues.sessionEvents.maxReceiveCount).toBe(5);
    // The closing was accepted after the roll: it is never applied before it, and waits with it.
    const key = keysOf([opening!]).get('poison')!;
    await new Promise((done) => setTimeout(done, 2000));
    expect((await store.load(key)).state?.status).toBe('open');
    expect((await store.log(key)).map((e) => [e.type, e.status])).toEqual([
      ['SessionOpened', 'applied'],
      ['AttendanceRecorded', 'queued'],
      ['SessionClosed', 'queued'],
    ]);
    // Its last failure left a record for the administrators: the reason, the attempts, the séance and the event.
    const record = (await failures.list({ status: 'open', queue: 'sessionEvents' })).find((f) => f.concerns.eventId === roll!.eventId);
    expect(record).toMatchObject({
      kind: 'error',
      function: 'sessionEvents',
      attempts: 5,
      error: { name: 'Error', message: `injected failure on ${roll!.eventId}` },
      concerns: { ...key, eventId: roll!.eventId },
      groupId: `${key.siren}:${key.sessionId}`,
      replays: 0,
    });
  });

  test('an event whose message comes before that of an event accepted earlier waits for it: the earlier one is processed first', async () => {
    const { resources, store } = await isolated();
    const events = asSession(commune, 'late-message', '2025-06-15').slice(0, 3);
    const key = keysOf(events).get('late-message')!;
    for (const event of events) await store.append(key, [event], { acceptedAt: new Date().toISOString(), postedBy: SECRETARIAT });
    // The roll's message was lost: only the opening's and the vote's reach the queue.
    await sqsQueue(clients().sqs, resources.queues.sessionEvents.url).send(
      [events[0]!, events[2]!].map((e) => sessionEventMessage(key, e.eventId)),
    );
    consume(resources, store);
    await settled(store, key, 3);
    expect((await store.log(key)).map((e) => [e.eventId, e.seq, e.status])).toEqual(events.map((e, i) => [e.eventId, i, 'applied']));
    expect((await store.load(key)).state).toEqual(replay(events).state);
  });
});

function failAlways(store: SessionStore, eventId: string): SessionStore {
  return {
    ...store,
    async recordOutcome(key, outcome) {
      if (outcome.eventId === eventId) throw new Error(`injected failure on ${eventId}`);
      await store.recordOutcome(key, outcome);
    },
  };
}
