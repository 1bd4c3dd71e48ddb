/**
 * A préfecture of its own, tables and queues of their own, and the production use cases wired to
 * them: what the transmission tests run against (faults injected here touch no other test). Call
 * `closeHarnesses` after each test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { dynamoActStore } from '#adapters/dynamodb/act-store';
import { dynamoFailureStore } from '#adapters/dynamodb/failure-store';
import { dynamoSessionStore } from '#adapters/dynamodb/session-store';
import { actesConnector } from '#adapters/prefecture/actes-connector';
import { s2lowConnector } from '#adapters/prefecture/s2low-connector';
import { s3DocumentStore } from '#adapters/s3/s3-document-store';
import { sqsQueue } from '#adapters/sqs/sqs-queue';
import { requeuePolicy } from '#acts/requeue-policy';
import type { SessionEvent } from '#events/session-events';
import { makeApiHandler } from '#functions/api/app';
import { certifyAct } from '#functions/certify-act/certify';
import { transmissionWork } from '#functions/transmit-act/work';
import { topology } from '#infra/topology';
import { invoke } from '#local/lambda-context';
import { startPrefectureSimulator, type Faults, type PrefectureSimulator } from '#local/prefecture/simulator';
import { createResources } from '#local/resources';
import { startSqsPoller } from '#local/sqs-poller';
import { ephemeralIssuer } from '#local/token-issuer';
import type { PrefectureConnector } from '#ports/prefecture';
import { tokenVerifier } from '#runtime/access-tokens';
import { sqsWorkConsumer } from '#runtime/sqs-consumer';
import { clients, eventually, keyOf, logAndProcess } from './support.ts';

const cleanups: (() => Promise<void>)[] = [];

/** Stops the simulators and pollers of the test that ends. */
export async function closeHarnesses(): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
}

export const FAULTS_TOKEN = 'local-admin-token-for-faults';

export const ENVELOPE = {
  operator: 'reg',
  natureCollectivite: '00',
  defaultArrondissement: '1',
  returnEmails: ['actes@registre.test'],
  classificationDate: '2025-01-01',
};
export const S2LOW_ACCOUNT = { login: 'cd35', password: 'secret', siren: '223500018', departement: '035' };

/** The S²LOW connector of the harness's account. */
export const s2low = (simulator: PrefectureSimulator) =>
  s2lowConnector({ url: simulator.url, login: S2LOW_ACCOUNT.login, password: S2LOW_ACCOUNT.password });

export type Harness = Awaited<ReturnType<typeof harness>>;

export async function harness(
  faults: Partial<Faults> = {},
  connect: (simulator: PrefectureSimulator) => PrefectureConnector = (s) => actesConnector(s.url),
  /** The date of the classification the simulated préfecture holds current. */
  classificationDate?: string,
) {
  const { dynamodb, documents: client, sqs, s3 } = clients();
  const resources = await createResources(
    topology,
    { dynamodb, sqs, s3 },
    { prefix: `x${randomUUID().slice(0, 8)}-`, visibilityTimeoutSeconds: 1 },
  );
  const dir = mkdtempSync(join(tmpdir(), 'registre-prefecture-'));
  const simulator = await startPrefectureSimulator({
    dir,
    port: 0,
    faults,
    faultsToken: FAULTS_TOKEN,
    s2lowAccounts: { [S2LOW_ACCOUNT.login]: S2LOW_ACCOUNT },
    ...(classificationDate && { classificationDate }),
  });
  cleanups.push(async () => {
    await simulator.stop();
    rmSync(dir, { recursive: true, force: true });
  });
  const deps = {
    sessions: dynamoSessionStore(client, resources.tables.main, s3DocumentStore(s3, resources.buckets.documents)),
    acts: dynamoActStore(client, resources.tables.main),
    failures: dynamoFailureStore(client, resources.tables.main),
    documents: s3DocumentStore(s3, resources.buckets.documents),
    transmissions: sqsQueue(sqs, resources.queues.transmissions.url),
    connector: connect(simulator),
    envelope: ENVELOPE,
    now: () => new Date(),
    warn: () => undefined,
    requeuePolicy: requeuePolicy(60),
    jitter: () => 0.5,
  };

  /** Records a séance and certifies its signed, adopted act, which queues its transmission. */
  async function certified(events: readonly SessionEvent[]) {
    const certification = sqsQueue(sqs, resources.queues.certification.url);
    const key = keyOf(events);
    for (const event of events) await logAndProcess(key, event, { sessions: deps.sessions, acts: deps.acts, certification, now: deps.now });
    const { state } = await deps.sessions.load(key);
    const item = state!.items[0]!;
    const request = {
      type: 'CertificationRequested' as const,
      version: 2 as const,
      ...key,
      item: item.number,
      actesId: item.actesId,
      eventId: 'e',
    };
    expect(await certifyAct(request, { ...deps, connector: deps.connector.name })).toBe('queued');
    return item.actesId;
  }

  /** transmit-act behind a real poller on the transmissions queue. */
  function transmitting() {
    const queue = resources.queues.transmissions;
    const handler = sqsWorkConsumer({ queue: 'transmissions', function: 'transmitAct' }, deps, transmissionWork(deps));
    const poller = startSqsPoller({
      client: sqs,
      queueUrl: queue.url,
      queueArn: queue.arn,
      batchSize: 1,
      function: { name: 'transmitAct', timeoutSeconds: 60, memoryMb: 1024 },
      handler,
    });
    cleanups.push(() => poller.stop());
  }

  let apiHandler: { handler: ReturnType<typeof makeApiHandler>; issuer: Awaited<ReturnType<typeof ephemeralIssuer>> } | undefined;
  /** The API on these resources, called as API Gateway calls it, with a token of this role for every collectivité. */
  async function api(method: 'GET' | 'POST', path: string, body?: unknown, role: 'secretariat' | 'admin' = 'secretariat') {
    if (!apiHandler) {
      const issuer = await ephemeralIssuer('https://issuer.registre.test');
      const verifyToken = tokenVerifier({ issuer: issuer.issuer, audiences: [issuer.clientId], keys: issuer.keys });
      const handler = makeApiHandler({
        ...deps,
        queue: deps.transmissions,
        publications: deps.transmissions,
        dialogue: deps.transmissions,
        deadLetters: undefined as never,
        verifyToken,
      });
      apiHandler = { handler, issuer };
    }
    const token = await apiHandler.issuer.mint({ role, scope: '*', sub: 'test' });
    const response = await invoke(apiHandler.handler, apiEvent(method, path, token, body), {
      name: 'api',
      timeoutSeconds: 10,
      memoryMb: 512,
    });
    return { status: response.statusCode, body: JSON.parse((response.body as string) || 'null') };
  }

  const transmission = (actesId: string) => deps.acts.getTransmission(actesId);
  const until = (actesId: string, status: string) =>
    eventually(async () => ((await transmission(actesId))?.status === status ? transmission(actesId) : undefined), 30);
  return { deps, resources, simulator, certified, transmitting, transmission, until, sqs, api };
}

function apiEvent(method: string, path: string, token: string, body?: unknown) {
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: path,
    rawQueryString: '',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    requestContext: {
      http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 'test' },
      requestId: 'r',
      routeKey: '$default',
      stage: '$default',
      accountId: '0',
      apiId: 'local',
      domainName: 'local',
      domainPrefix: 'local',
      time: '',
      timeEpoch: 0,
    },
    ...(body !== undefined && { body: JSON.stringify(body) }),
    isBase64Encoded: false,
  } as Parameters<ReturnType<typeof makeApiHandler>>[0];
}
