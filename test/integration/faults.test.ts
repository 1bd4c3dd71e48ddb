/**
 * Faults injected into a stack of this file's own (the same code as `npm start`, in this process, so
 * that the table's client can be told to refuse writes): what the administrators see, and that a
 * replay applies each message once. Every test asserts end states: the séance as the pure core
 * folds it, the préfecture's inbox, the failure records.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { replay } from '#domain/session';
import type { SessionEvent } from '#events/session-events';
import { ACTES_SCHEMAS_DIR } from '#local/prefecture/xsd';
import { startLocalStack, type LocalStack } from '#local/stack';
import type { SessionKey } from '#ports/session-store';
import { documentClient, sqsClient } from '#runtime/aws-clients';
import { sampleEvents } from '../support/seance.ts';
import { asSession, eventually, keyOf } from './support.ts';

const dir = mkdtempSync(join(tmpdir(), 'registre-faults-'));
let stack: LocalStack;
beforeAll(async () => {
  // This process inherits the shared stack's settings: its acts must go to this stack's préfecture.
  delete process.env.ACTES_ENDPOINT;
  delete process.env.PREFECTURE_CONNECTOR;
  stack = await startLocalStack({ dir, port: 0, visibilityTimeoutSeconds: 1, scheduleSeconds: 1, xsdDir: ACTES_SCHEMAS_DIR });
});
afterAll(async () => {
  await stack?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const commune = sampleEvents('val-exemple-2025-06-12-commune.json');
const touched: SessionKey[] = [];

async function api(method: 'GET' | 'POST', path: string, options: { body?: unknown; role?: 'admin' | 'secretariat' } = {}) {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.tokens[options.role ?? 'admin']}`, 'content-type': 'application/json' },
    ...(options.body !== undefined && { body: JSON.stringify(options.body) }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

const sessionPath = ({ siren, sessionId }: SessionKey) => `/assemblies/${siren}/sessions/${sessionId}`;

async function post(key: SessionKey, events: readonly SessionEvent[]) {
  if (!touched.some((k) => k.siren === key.siren && k.sessionId === key.sessionId)) touched.push(key);
  const answer = await api('POST', `${sessionPath(key)}/events`, { body: { events }, role: 'secretariat' });
  expect(answer.status).toBe(202);
}

const log = async (key: SessionKey) =>
  (await api('GET', `${sessionPath(key)}/events`)).body.events as { eventId: string; status: string; seq?: number }[];
const applied = (key: SessionKey, count: number) =>
  eventually(async () => {
    const entries = await log(key);
    return entries.filter((e) => e.status === 'applied').length === count ? entries : undefined;
  });
const failures = async (query = '') => (await api('GET', `/admin/failures${query}`)).body as { failures: any[]; deadLetters: any };

/** The séance's projection, as the consumer stored it: the pure core's fold of its events is what a clean run leaves. */
async function projection(key: SessionKey) {
  const { dynamoSessionStore } = await import('#adapters/dynamodb/session-store');
  const { s3DocumentStore } = await import('#adapters/s3/s3-document-store');
  const { s3Client } = await import('#runtime/aws-clients');
  return dynamoSessionStore(
    documentClient(),
    stack.resources.tables.main,
    s3DocumentStore(s3Client(), stack.resources.buckets.documents),
  ).load(key);
}

const WRITES = new Set(['PutItemCommand', 'PutCommand', 'UpdateItemCommand', 'UpdateCommand']);

/**
 * The table refuses the writes `refused` picks (by command and key), as a hot partition throttled
 * or a failing node would, until the returned function is called.
 */
function refuseWrites(refused: (command: string, key: { pk?: unknown; sk?: unknown }) => boolean): () => void {
  const name = `refuse-writes-${Math.random()}`;
  documentClient().middlewareStack.add(
    (next, context) => async (args) => {
      const input = args.input as { Key?: { pk?: unknown; sk?: unknown }; Item?: { pk?: unknown; sk?: unknown } };
      const command = context.commandName ?? '';
      if (WRITES.has(command) && refused(command, input.Key ?? input.Item ?? {}))
        throw Object.assign(new Error('injected: the table refuses this write'), { name: 'InternalServerError' });
      return next(args);
    },
    { step: 'initialize', name },
  );
  return () => documentClient().middlewareStack.remove(name);
}

const partitionOf = (key: SessionKey) => `SESSION#${key.siren}#${key.sessionId}`;

test.each([
  ['the projection alone', (sk: string) => sk === 'STATE'],
  ['the log entries and the projection', (sk: string) => sk === 'STATE' || sk.startsWith('EVENT#')],
])(
  'the table refusing the writes of %s until a session event is in the dead-letter queue: a failure record with the reason; the next event and the replay apply it exactly once',
  async (what, refusedKey) => {
    const events = asSession(commune, `table-${what.length}`, what.length > 25 ? '2025-07-01' : '2025-07-02');
    const key = keyOf(events);
    await post(key, events.slice(0, 2));
    await applied(key, 2);
    const vote = events[2]!;
    // The consumer's writes: the projection put (commit) and the log entry's update (its outcome); the API's stay open.
    const consumerWrite = (command: string, sk: string) => (command.startsWith('Put') ? sk === 'STATE' : sk.startsWith('EVENT#'));
    const restore = refuseWrites(
      (command, { pk, sk }) => pk === partitionOf(key) && consumerWrite(command, String(sk)) && refusedKey(String(sk)),
    );
    try {
      await post(key, [vote]);
      const record = await eventually(async () =>
        (await failures('?status=open&queue=sessionEvents')).failures.find((f) => f.concerns.eventId === vote.eventId),
      );
      expect(record).toMatchObject({
        kind: 'error',
        function: 'sessionEvents',
        attempts: 5,
        error: { name: 'InternalServerError', message: 'injected: the table refuses this write' },
        concerns: { ...key, eventId: vote.eventId },
      });
      expect((await projection(key)).logLength).toBe(2);
    } finally {
      restore();
    }
    // The events after it are not applied before it: the next one processes the vote first, from what the log recorded.
    await post(key, events.slice(3));
    const entries = await applied(key, events.length);
    expect(entries.map((e) => [e.eventId, e.seq])).toEqual(events.map((e, i) => [e.eventId, i]));
    const [record] = (await failures('?queue=sessionEvents')).failures.filter((f) => f.concerns.eventId === vote.eventId);
    const replayed = await api('POST', `/admin/failures/${record.id}/replay`);
    expect(replayed).toMatchObject({ status: 200, body: { replayed: [{ id: record.id, queue: 'sessionEvents', recorded: true }] } });
    await eventually(async () => ((await api('GET', `/admin/failures/${record.id}`)).body.status === 'resolved' ? true : undefined));
    expect(await api('POST', `/admin/failures/${record.id}/replay`)).toMatchObject({
      status: 409,
      body: { error: 'not_in_dead_letter_queue' },
    });
    const stored = await projection(key);
    expect(stored.logLength).toBe(events.length);
    expect(stored.state).toEqual(replay(events).state);
  },
);

test('a poison message is recorded once with its parse error, burns no retries, and holds up no séance', async () => {
  const events = asSession(commune, 'after-poison', '2025-07-03');
  const key = keyOf(events);
  const group = `${key.siren}:${key.sessionId}`;
  for (const [body, dedup] of [
    ['not json at all', 'p1'],
    [JSON.stringify({ type: 'SessionEventLogged', version: 1, siren: key.siren }), 'p2'],
  ] as const)
    await sqsClient().send(
      new SendMessageCommand({
        QueueUrl: stack.resources.queues.sessionEvents.url,
        MessageBody: body,
        MessageGroupId: group,
        MessageDeduplicationId: dedup,
      }),
    );
  await post(key, events);
  await applied(key, events.length);
  const poison = (await failures('?queue=sessionEvents')).failures.filter((f) => f.kind === 'poison');
  expect(poison.map((f) => [f.error.name, f.attempts, f.status])).toEqual(
    expect.arrayContaining([
      ['SyntaxError', 1, 'open'],
      ['ContractError', 1, 'open'],
    ]),
  );
  // Seconds later, nothing was retried: still one attempt each, and nothing reached the dead-letter queue.
  await new Promise((done) => setTimeout(done, 3000));
  const later = await failures('?queue=sessionEvents');
  expect(later.failures.filter((f) => f.kind === 'poison').map((f) => f.attempts)).toEqual([1, 1]);
  expect(later.deadLetters.sessionEvents.depth).toBe(0);
  const detail = await api('GET', `/admin/failures/${poison.find((f) => f.error.name === 'ContractError').id}`);
  expect(detail.body.error.message).toContain('sessionId');
  expect(detail.body.body).toBe(JSON.stringify({ type: 'SessionEventLogged', version: 1, siren: key.siren }));
  expect((await projection(key)).state).toEqual(replay(events).state);
});

test(
  'the préfecture down until acts reach the dead-letter queue, then up: "registre replay --all" sends each act once, and each is acknowledged',
  { timeout: 150_000 },
  async () => {
    stack.simulator.setFaults({ down: true });
    const seances = ['2025-07-04', '2025-07-05'].map((date) => asSession(commune, `down-${date}`, date));
    try {
      for (const events of seances) await post(keyOf(events), events);
      const dead = await eventually(async () => {
        const { failures: found } = await failures('?status=open&queue=transmissions');
        return found.length === 4 ? found : undefined;
      }, 100);
      expect(dead.map((f) => [f.function, f.attempts])).toEqual(dead.map(() => ['transmitAct', 10]));
      expect(new Set(dead.map((f) => f.concerns.siren))).toEqual(new Set(seances.map((events) => keyOf(events).siren)));
    } finally {
      stack.simulator.setFaults({ down: false });
    }
    const cli = await promisify(execFile)(process.execPath, ['cli/registre.ts', 'replay', '--all', '--dir', dir, '--json']);
    const answer = JSON.parse(cli.stdout) as { replayed: { queue: string; recorded: boolean }[] };
    expect(answer.replayed.filter((r) => r.queue === 'transmissions')).toHaveLength(4);
    // --all takes the poison messages of the earlier test too: sent again, they fail again, and are recorded again.
    expect(answer.replayed.filter((r) => r.queue === 'sessionEvents')).toHaveLength(2);
    expect(cli.stderr).toContain(`] ${answer.replayed.length} rejoué(s), 0 en file de rejet`);
    const actes = await eventually(async () => {
      const inbox = (await (await fetch(`${stack.prefecture.url}/inbox`)).json()) as {
        acts: { idActe: string; siren: string; receptions: number }[];
      };
      const ours = inbox.acts.filter((a) => seances.some((events) => keyOf(events).siren === a.siren));
      return ours.length === 4 ? ours : undefined;
    });
    expect(actes.map((a) => a.receptions)).toEqual([1, 1, 1, 1]);
    for (const events of seances) {
      const view = await eventually(async () => {
        const { body } = await api('GET', sessionPath(keyOf(events)));
        return body.items.every((i: { status: string }) => i.status === 'acknowledged') ? body : undefined;
      });
      expect(view.items).toHaveLength(2);
    }
    await eventually(async () => ((await failures('?queue=transmissions&status=resolved')).failures.length === 4 ? true : undefined));
  },
);

test('a rebuild of every séance of these runs finds no difference, and changes nothing', async () => {
  expect(touched.length).toBeGreaterThanOrEqual(5);
  for (const key of touched) {
    const rebuilt = await api('POST', `/admin${sessionPath(key)}/rebuild`, { body: {} });
    expect(rebuilt).toMatchObject({ status: 200, body: { ...key, differences: [], rewritten: false } });
    expect(rebuilt.body.facts).toBeGreaterThan(0);
  }
});
