/**
 * The business metrics as CloudWatch reads them — the EMF lines Powertools writes on stdout — from
 * the production handlers and use cases on the real engines, with tables, queues and a préfecture
 * simulator of their own: each fact counted once, in the invocation that recorded it, and never again
 * when the same message comes back. Off Lambda the metrics are off; this file turns them on before
 * anything imports them.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SQSRecord } from 'aws-lambda';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { dynamoActStore } from '#adapters/dynamodb/act-store';
import { dynamoFailureStore } from '#adapters/dynamodb/failure-store';
import { dynamoSessionStore } from '#adapters/dynamodb/session-store';
import { actesConnector } from '#adapters/prefecture/actes-connector';
import { s3DocumentStore } from '#adapters/s3/s3-document-store';
import { sqsQueue } from '#adapters/sqs/sqs-queue';
import { requeuePolicy } from '#acts/requeue-policy';
import type { SessionEvent } from '#events/session-events';
import { certificationWork } from '#functions/certify-act/certify';
import { pollAcknowledgements } from '#functions/poll-acknowledgements/poll';
import { makeSessionEventsHandler } from '#functions/session-events/consumer';
import { transmitAct } from '#functions/transmit-act/transmit';
import { transmissionWork } from '#functions/transmit-act/work';
import { topology } from '#infra/topology';
import { invoke } from '#local/lambda-context';
import { startPrefectureSimulator, type Faults } from '#local/prefecture/simulator';
import { createResources } from '#local/resources';
import type { CertificationRequest } from '#messages/certification-request';
import { sessionEventMessage } from '#messages/session-event-message';
import type { SessionKey } from '#ports/session-store';
import { flushMetrics, metrics, observed } from '#runtime/observability';
import { sqsWorkConsumer } from '#runtime/sqs-consumer';
import { attendance, memberIds, opened, roll, sampleEvents, vote } from '../support/seance.ts';
import { asSession, clients, keyOf, logAndProcess, SECRETARIAT } from './support.ts';
import { failAfterOutcome } from '../support/failing-store.ts';

vi.hoisted(() => {
  process.env.POWERTOOLS_METRICS_DISABLED = 'false';
});

interface Emf {
  _aws: { CloudWatchMetrics: { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit: string }[] }[] };
  [key: string]: unknown;
}

/** The EMF documents written while `work` ran, Powertools' only output; the rest of stdout goes through. */
async function emitted(work: () => Promise<unknown>): Promise<Emf[]> {
  expect(metrics.hasStoredMetrics(), 'metrics left over from an earlier step').toBe(false);
  const lines: string[] = [];
  const write = process.stdout.write.bind(process.stdout);
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array, ...rest: unknown[]) => {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    if (!text.startsWith('{"_aws"')) return write(chunk, ...(rest as []));
    lines.push(text);
    return true;
  });
  try {
    await work();
  } finally {
    spy.mockRestore();
  }
  return lines.map((line) => JSON.parse(line) as Emf);
}

/** What a series of EMF documents adds up to, per metric, as CloudWatch sums them. */
function counted(documents: readonly Emf[]): Record<string, number> {
  const sums: Record<string, number> = {};
  for (const document of documents)
    for (const { Name } of document._aws.CloudWatchMetrics.flatMap((m) => m.Metrics)) {
      const value = document[Name] as number | number[];
      sums[Name] = (sums[Name] ?? 0) + (Array.isArray(value) ? value.reduce((a, b) => a + b, 0) : value);
    }
  return sums;
}

let counter = 0;
function sqsRecord(body: string, groupId?: string): SQSRecord {
  counter += 1;
  return {
    messageId: `m${counter}`,
    receiptHandle: `r${counter}`,
    body,
    attributes: {
      ApproximateReceiveCount: '1',
      SentTimestamp: '0',
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: '0',
      ...(groupId && { MessageGroupId: groupId }),
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:eu-west-3:000000000000:metrics',
    awsRegion: 'eu-west-3',
  };
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** Tables, queues and a préfecture of its own, the production use cases wired to them. */
async function harness(faults: Partial<Faults> = {}) {
  const { dynamodb, documents: client, sqs, s3 } = clients();
  const resources = await createResources(
    topology,
    { dynamodb, sqs, s3 },
    { prefix: `m${randomUUID().slice(0, 8)}-`, visibilityTimeoutSeconds: 1 },
  );
  const dir = mkdtempSync(join(tmpdir(), 'registre-prefecture-'));
  const simulator = await startPrefectureSimulator({ dir, port: 0, faults });
  cleanups.push(async () => {
    await simulator.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const documents = s3DocumentStore(s3, resources.buckets.documents);
  return {
    sessions: dynamoSessionStore(client, resources.tables.main, documents),
    acts: dynamoActStore(client, resources.tables.main),
    failures: dynamoFailureStore(client, resources.tables.main),
    documents,
    certification: sqsQueue(sqs, resources.queues.certification.url),
    transmissions: sqsQueue(sqs, resources.queues.transmissions.url),
    connector: actesConnector(simulator.url),
    envelope: {
      operator: 'reg',
      natureCollectivite: '00',
      defaultArrondissement: '1',
      returnEmails: ['actes@registre.test'],
      classificationDate: '2025-01-01',
    },
    now: () => new Date(),
    warn: () => undefined,
    requeuePolicy: requeuePolicy(60),
    jitter: () => 0.5,
  };
}
type Deps = Awaited<ReturnType<typeof harness>>;

/** certify-act and transmit-act as their handler.ts build them, on this harness. */
const certifying = (deps: Deps) =>
  sqsWorkConsumer(
    { queue: 'certification', function: 'certifyAct' },
    deps,
    certificationWork({ ...deps, connector: deps.connector.name }),
  ).use(observed());
const transmitting = (deps: Deps) =>
  sqsWorkConsumer({ queue: 'transmissions', function: 'transmitAct' }, deps, transmissionWork(deps)).use(observed());
const CERTIFY = { name: 'certifyAct', timeoutSeconds: 60, memoryMb: 1024 };
const TRANSMIT = { name: 'transmitAct', timeoutSeconds: 60, memoryMb: 1024 };

/** The seed séance recorded (its act adopted and signed), and the certification request it hands on. */
async function signedAct(deps: Deps, sessionId: string, date: string): Promise<CertificationRequest> {
  const events = asSession(sampleEvents('cd35-2025-03-20-ad-2025-0043.json'), sessionId, date);
  const key = keyOf(events);
  for (const event of events) await logAndProcess(key, event, deps);
  const item = (await deps.sessions.load(key)).state!.items[0]!;
  return { type: 'CertificationRequested', version: 2, ...key, item: item.number, actesId: item.actesId, eventId: 'e' };
}

/** certify-act's work outside its handler, its metrics flushed as the handler would. */
const certified = (deps: Deps, request: CertificationRequest) =>
  certificationWork({ ...deps, connector: deps.connector.name })(request).then(flushMetrics);

describe('the business metrics, once per fact', () => {
  test('written as Powertools writes them: namespace Registre, the one dimension service=registre, unit Count', async () => {
    const deps = await harness();
    const request = await signedAct(deps, 'metrics-shape', '2025-09-01');
    const [document, ...more] = await emitted(() => invoke(certifying(deps), { Records: [sqsRecord(JSON.stringify(request))] }, CERTIFY));
    expect(more).toEqual([]);
    expect(document).toMatchObject({
      _aws: {
        CloudWatchMetrics: [{ Namespace: 'Registre', Dimensions: [['service']], Metrics: [{ Name: 'ActsCertified', Unit: 'Count' }] }],
      },
      service: 'registre',
      ActsCertified: 1,
    });
  });

  test('an act certified, transmitted, acknowledged at once and published counts each once; the same messages again count nothing', async () => {
    const deps = await harness();
    const request = await signedAct(deps, 'metrics-once', '2025-09-02');
    const certification = sqsRecord(JSON.stringify(request));
    expect(counted(await emitted(() => invoke(certifying(deps), { Records: [certification] }, CERTIFY)))).toEqual({ ActsCertified: 1 });
    // Redelivered: the extract is there already; the transmission still queued is asked for again, nothing counted.
    expect(await emitted(() => invoke(certifying(deps), { Records: [certification] }, CERTIFY))).toEqual([]);

    const transmission = sqsRecord(JSON.stringify({ type: 'TransmissionRequested', version: 1, actesId: request.actesId }));
    const first = await emitted(() => invoke(transmitting(deps), { Records: [transmission] }, TRANSMIT));
    expect(first).toHaveLength(1);
    expect(counted(first)).toEqual({ ActsTransmitted: 1, ActsAcknowledged: 1 });
    expect(await emitted(() => invoke(transmitting(deps), { Records: [transmission] }, TRANSMIT))).toEqual([]);
    expect((await deps.acts.getTransmission(request.actesId))?.status).toBe('acknowledged');

    // Published (CGCT L2131-1) through the same queue: counted by the request that lists it, not by its repetition.
    const publication = sqsRecord(JSON.stringify({ type: 'PublicationRequested', version: 1, actesId: request.actesId }));
    expect(counted(await emitted(() => invoke(certifying(deps), { Records: [publication] }, CERTIFY)))).toEqual({ ActsPublished: 1 });
    expect(await emitted(() => invoke(certifying(deps), { Records: [publication] }, CERTIFY))).toEqual([]);
  });

  test('an act the préfecture takes in, then answers with an AnomalieActe, counts as transmitted and refused, once each', async () => {
    const deps = await harness({ refuse: { nature: '012', detail: 'Acte transmis hors délai de la convention' } });
    const request = await signedAct(deps, 'metrics-refused', '2025-09-03');
    expect(counted(await emitted(() => certified(deps, request)))).toEqual({ ActsCertified: 1 });
    const transmission = sqsRecord(JSON.stringify({ type: 'TransmissionRequested', version: 1, actesId: request.actesId }));
    expect(counted(await emitted(() => invoke(transmitting(deps), { Records: [transmission] }, TRANSMIT)))).toEqual({
      ActsTransmitted: 1,
      ActsRefused: 1,
    });
    expect(await emitted(() => invoke(transmitting(deps), { Records: [transmission] }, TRANSMIT))).toEqual([]);
  });

  test('an acknowledgement polled later counts once, in the run that applied it', async () => {
    const deps = await harness({ ackDelaySeconds: 1 });
    const request = await signedAct(deps, 'metrics-polled', '2025-09-04');
    expect(counted(await emitted(() => certified(deps, request)))).toEqual({ ActsCertified: 1 });
    expect(counted(await emitted(() => transmitAct(request.actesId, deps).then(flushMetrics)))).toEqual({ ActsTransmitted: 1 });
    const poll = () => pollAcknowledgements(deps).then(flushMetrics);
    expect(await emitted(poll)).toEqual([]);
    await new Promise((done) => setTimeout(done, 1200));
    expect(counted(await emitted(poll))).toEqual({ ActsAcknowledged: 1 });
    expect(await emitted(poll)).toEqual([]);
  });

  test('a vote refused for want of quorum counts once, by the attempt that commits it, whatever is delivered again', async () => {
    const deps = await harness();
    const ids = memberIds(11);
    const events = asSession(
      [
        opened({ members: 11 }),
        attendance(roll(ids.slice(0, 3), ids.slice(3))),
        vote('D1', { tally: { pour: 2, contre: 1, abstention: 0 } }),
      ],
      'metrics-quorum',
      '2025-09-05',
    );
    const key = keyOf(events);
    for (const event of events) await deps.sessions.append(key, [event], { acceptedAt: new Date().toISOString(), postedBy: SECRETARIAT });
    const records = events.map((event) => message(key, event));
    // The first attempt at the vote records its outcome, then dies before the projection moves: nothing counted yet.
    const dying = makeSessionEventsHandler({ ...deps, sessions: failAfterOutcome(deps.sessions, events[2]!.eventId) });
    const config = { name: 'sessionEvents', timeoutSeconds: 30, memoryMb: 512 };
    expect(await emitted(() => invoke(dying, { Records: records }, config))).toEqual([]);
    const handler = makeSessionEventsHandler(deps);
    expect(counted(await emitted(() => invoke(handler, { Records: [records[2]!] }, config)))).toEqual({ QuorumNotReached: 1 });
    expect(await emitted(() => invoke(handler, { Records: records }, config))).toEqual([]);
    const [entry] = (await deps.sessions.log(key)).filter((e) => e.eventId === events[2]!.eventId);
    expect(entry).toMatchObject({ status: 'rejected', error: { code: 'QUORUM_NOT_REACHED' } });
  });
});

function message(key: SessionKey, event: SessionEvent): SQSRecord {
  const { body, groupId } = sessionEventMessage(key, event.eventId);
  return sqsRecord(body, groupId);
}
