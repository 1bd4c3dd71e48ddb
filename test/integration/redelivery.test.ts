/**
 * At-least-once delivery, as SQS gives it: every session event delivered three times, the copies
 * coming back at any later moment, twenty séances interleaved — against a clean run of the same
 * events, delivered once each in order, in tables of its own. The séances must end the same.
 */
import { randomUUID } from 'node:crypto';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSRecord } from 'aws-lambda';
import { expect, test } from 'vitest';
import { dynamoActStore } from '#adapters/dynamodb/act-store';
import { dynamoFailureStore } from '#adapters/dynamodb/failure-store';
import { dynamoSessionStore } from '#adapters/dynamodb/session-store';
import { s3DocumentStore } from '#adapters/s3/s3-document-store';
import { sqsQueue } from '#adapters/sqs/sqs-queue';
import { replay } from '#domain/session';
import type { SessionEvent } from '#events/session-events';
import { makeSessionEventsHandler } from '#functions/session-events/consumer';
import { topology } from '#infra/topology';
import { invoke } from '#local/lambda-context';
import { createResources } from '#local/resources';
import { sessionEventMessage } from '#messages/session-event-message';
import { sampleEvents } from '../support/seance.ts';
import { asSession, clients, keyOf, SECRETARIAT } from './support.ts';

const SEANCES = 20;
const seances = Array.from({ length: SEANCES }, (_, i) =>
  asSession(sampleEvents('val-exemple-2025-06-12-commune.json'), `redelivered-${i}`, `2025-08-${String(i + 1).padStart(2, '0')}`),
);

/** A run on tables and queues of its own: the log as the API writes it, and the consumer invoked with the records given. */
async function run() {
  const { dynamodb, documents, sqs, s3 } = clients();
  const prefix = `r${randomUUID().slice(0, 8)}-`;
  const resources = await createResources(topology, { dynamodb, sqs, s3 }, { prefix, visibilityTimeoutSeconds: 1 });
  const sessions = dynamoSessionStore(documents, resources.tables.main, s3DocumentStore(s3, resources.buckets.documents));
  for (const events of seances)
    for (const event of events)
      await sessions.append(keyOf(events), [event], { acceptedAt: new Date().toISOString(), postedBy: SECRETARIAT });
  const handler = makeSessionEventsHandler({
    sessions,
    acts: dynamoActStore(documents, resources.tables.main),
    certification: sqsQueue(sqs, resources.queues.certification.url),
    failures: dynamoFailureStore(documents, resources.tables.main),
    now: () => new Date(),
  });
  const deliver = async (stream: readonly SessionEvent[]) => {
    for (let start = 0; start < stream.length; start += 10) {
      const batch = stream.slice(start, start + 10);
      const response = await invoke(handler, { Records: batch.map(record) }, { name: 'sessionEvents', timeoutSeconds: 30, memoryMb: 512 });
      expect(response).toEqual({ batchItemFailures: [] });
    }
  };
  /** Every certification request the consumer handed on. */
  const certificationRequests = async () => {
    const bodies: string[] = [];
    for (;;) {
      const { Messages = [] } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl: resources.queues.certification.url, MaxNumberOfMessages: 10, VisibilityTimeout: 60 }),
      );
      if (Messages.length === 0) return bodies.sort();
      bodies.push(...Messages.map((m) => m.Body!));
    }
  };
  return { sessions, deliver, certificationRequests };
}

let counter = 0;
function record(event: SessionEvent): SQSRecord {
  const key = keyOf(seances.find((events) => events[0]!.sessionId === event.sessionId)!);
  const message = sessionEventMessage(key, event.eventId);
  counter += 1;
  return {
    messageId: `m${counter}`,
    receiptHandle: `h${counter}`,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '0',
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: '0',
      MessageGroupId: message.groupId!,
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-3:000000000000:session-events.fifo',
    awsRegion: 'eu-west-3',
  };
}

/** A small deterministic generator, so a failure can be replayed. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/**
 * Each séance's events in order, each followed later by two copies at random places after it; then
 * the séances interleaved at random, each keeping its own order.
 */
function threeTimes(next: () => number): SessionEvent[] {
  const perSeance = seances.map((events) => {
    const stream = [...events];
    for (const event of events)
      for (let copy = 0; copy < 2; copy++) {
        const first = stream.indexOf(event);
        stream.splice(first + 1 + Math.floor(next() * (stream.length - first)), 0, event);
      }
    return stream;
  });
  const merged: SessionEvent[] = [];
  while (perSeance.some((stream) => stream.length > 0)) {
    const open = perSeance.filter((stream) => stream.length > 0);
    merged.push(open[Math.floor(next() * open.length)]!.shift()!);
  }
  return merged;
}

test(`every session event delivered three times, in a shuffled but per-séance-ordered stream across ${SEANCES} séances, leaves the séances of a clean run`, async () => {
  const clean = await run();
  await clean.deliver(seances.flat());
  const noisy = await run();
  const stream = threeTimes(random(20261130));
  expect(stream).toHaveLength(seances.flat().length * 3);
  await noisy.deliver(stream);

  for (const events of seances) {
    const key = keyOf(events);
    const [expected, found] = [await clean.sessions.load(key), await noisy.sessions.load(key)];
    expect(found).toEqual(expected);
    expect(found.state).toEqual(replay(events).state);
    const entries = (log: Awaited<ReturnType<typeof clean.sessions.log>>) => log.map((e) => [e.eventId, e.seq, e.status, e.error?.code]);
    expect(entries(await noisy.sessions.log(key))).toEqual(entries(await clean.sessions.log(key)));
    expect(await noisy.sessions.facts(key, found.logLength)).toEqual(await clean.sessions.facts(key, expected.logLength));
  }
  // Each signature handed on once: as many certification requests as the clean run, the same ones.
  const requests = await noisy.certificationRequests();
  expect(requests).toHaveLength(SEANCES * 2);
  expect(requests).toEqual(await clean.certificationRequests());
}, 180_000);
