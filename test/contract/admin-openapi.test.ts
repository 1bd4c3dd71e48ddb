/**
 * The administration routes answer what docs/openapi.yaml publishes. The API handler runs over
 * failure records, dead-letter queues and a séance log held in memory (no database): each answer,
 * accepted or refused, validates against the schema documented for its route and status; the
 * replay bodies the route accepts are those ReplayRequest accepts; and a value with a field the
 * closed schemas do not know is refused, so a drift between the code and the document is caught.
 */
import { join } from 'node:path';
import { dereference } from '@readme/openapi-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, test } from 'vitest';
import { differences } from '#admin/rebuild-session';
import { rebuild, replay } from '#domain/session';
import { failureId, readQueueMessage } from '#failures/queue-messages';
import { makeApiHandler, type ApiDeps } from '#functions/api/app';
import type { QueueId } from '#infra/topology';
import { invoke } from '#local/lambda-context';
import { sessionEventMessage } from '#messages/session-event-message';
import type { DeadLetter, DeadLetters } from '#ports/dead-letters';
import type { FailureRecord, FailureStore } from '#ports/failure-store';
import { ProjectionConflictError, sessionKeyOf, type LogEntry, type SessionStore } from '#ports/session-store';
import { ephemeralIssuer } from '#local/token-issuer';
import { tokenVerifier, type Principal } from '#runtime/access-tokens';
import { sampleEvents, sampleFiles } from '../support/seance.ts';

const OPENAPI_FILE = join(import.meta.dirname, '..', '..', 'docs', 'openapi.yaml');

// A séance, its facts, and the stored séance drifted from them (what a rebuild repairs).
const { state, steps } = replay(sampleEvents(sampleFiles()[0]!));
const seance = state!;
const key = sessionKeyOf(seance);
const facts = steps.flatMap((step) => (step.fact ? [step.fact] : []));
const drifted = { ...seance, version: seance.version + 1 };

// Failure records as the consumers leave them: one waiting in its dead-letter queue, one replayed and
// processed since (its message is no longer in the dead-letter queue), one poison message about no
// collectivité.
const logged = (eventId: string) => sessionEventMessage(key, eventId);
const concernsOf = (body: string) => {
  const read = readQueueMessage('sessionEvents', body);
  return read.ok ? read.concerns : {};
};
const failedEvent = (eventId: string, at: string): FailureRecord => {
  const { body, groupId } = logged(eventId);
  return {
    id: failureId('sessionEvents', body),
    queue: 'sessionEvents',
    function: 'sessionEvents',
    kind: 'error',
    body,
    groupId: groupId!,
    error: { name: 'ProjectionBehindError', message: 'the projection is behind the log' },
    attempts: 5,
    status: 'open',
    firstFailedAt: at,
    lastFailedAt: at,
    replays: 0,
    concerns: concernsOf(body),
  };
};
const waiting = failedEvent('e-42', '2025-03-20T10:05:00.000Z');
const resolved: FailureRecord = {
  ...failedEvent('e-41', '2025-03-20T10:00:00.000Z'),
  status: 'resolved',
  replays: 1,
  replayedAt: '2025-03-20T11:00:00.000Z',
  resolvedAt: '2025-03-20T11:00:02.000Z',
};
const poisonBody = '{"type": "CertificationRequested"';
const unreadable = readQueueMessage('certification', poisonBody);
if (unreadable.ok) throw new Error('a poison message is one its consumer cannot read');
const poison: FailureRecord = {
  id: failureId('certification', poisonBody),
  queue: 'certification',
  function: 'certifyAct',
  kind: 'poison',
  body: poisonBody,
  error: unreadable.error,
  attempts: 1,
  status: 'open',
  firstFailedAt: '2025-03-20T10:10:00.000Z',
  lastFailedAt: '2025-03-20T10:10:00.000Z',
  replays: 0,
  concerns: {},
};
const records = [poison, waiting, resolved];
/** A failure as the list shows it: the route strips the message's body. */
const summaryOf = ({ body: _body, ...summary }: FailureRecord) => summary;

// The dead-letter queue holds the waiting message, and one no record knows (its function timed out).
const unrecorded = logged('e-43');
const letters: Record<QueueId, DeadLetter[]> = {
  sessionEvents: [
    { messageId: 'm1', body: waiting.body, groupId: waiting.groupId! },
    { messageId: 'm2', body: unrecorded.body, groupId: unrecorded.groupId! },
  ],
  certification: [],
  transmissions: [],
};

const failures: FailureStore = {
  record: async () => {},
  get: async (id) => records.find((r) => r.id === id),
  list: async ({ status, queue }) => records.filter((r) => (!status || r.status === status) && (!queue || r.queue === queue)),
  markReplayed: async () => {},
  markResolved: async () => {},
  close: async () => {},
};
const deadLetters: DeadLetters = {
  depth: async (queue) => letters[queue].length,
  move: async (queue, pick, _, { limit }) => {
    const chosen = letters[queue].filter(pick);
    return { moved: chosen.slice(0, limit), complete: chosen.length <= limit };
  },
  resend: async () => {},
};
// The séance `never-opened` has no log; the projection of `moved-meanwhile` changes while it is rebuilt.
const sessions: Pick<SessionStore, 'log' | 'load' | 'facts' | 'rewrite'> = {
  log: async ({ sessionId }) => (sessionId === 'never-opened' ? [] : [{} as LogEntry]),
  load: async () => ({ state: drifted, logLength: steps.length, lastAccepted: steps.length }),
  facts: async () => facts,
  rewrite: async (at) => {
    if (at.sessionId === 'moved-meanwhile') throw new ProjectionConflictError(at, steps.length);
  },
};

const issuer = await ephemeralIssuer('https://issuer.registre.test');
const deps: ApiDeps = {
  sessions: sessions as SessionStore,
  failures,
  deadLetters,
  acts: undefined as never,
  documents: undefined as never,
  queue: undefined as never,
  publications: undefined as never,
  dialogue: undefined as never,
  now: () => new Date('2025-03-20T12:00:00.000Z'),
  verifyToken: tokenVerifier({ issuer: issuer.issuer, audiences: [issuer.clientId], keys: issuer.keys }),
};
const tokenOf = (role: Principal['role'], scope: Principal['scope']) => issuer.mint({ sub: role, role, scope });
const admin = await tokenOf('admin', '*');

async function call(method: 'GET' | 'POST', path: string, options: { query?: Record<string, string>; body?: string; token?: string } = {}) {
  const response = await invoke(
    makeApiHandler(deps),
    {
      version: '2.0',
      routeKey: '$default',
      rawPath: path,
      rawQueryString: new URLSearchParams(options.query).toString(),
      queryStringParameters: options.query,
      headers: { authorization: `Bearer ${options.token ?? admin}` },
      body: options.body,
      requestContext: { http: { method, path, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 't' }, requestId: 'r' },
      isBase64Encoded: false,
    } as never,
    { name: 'api', timeoutSeconds: 10, memoryMb: 512 },
  );
  return { status: response.statusCode!, body: JSON.parse(response.body!) as Record<string, unknown> };
}

type Operation = { responses: Record<string, { content: { 'application/json': { schema: object } } }> };
const openapi = (await dereference(OPENAPI_FILE)) as unknown as {
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, object> };
};
const ajv = new Ajv2020({ allErrors: true, validateFormats: false });
const violations = (schema: object, value: unknown) =>
  ajv.validate(schema, value) ? [] : ajv.errors!.map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
const check = (name: string, value: unknown) => violations(openapi.components.schemas[name]!, value);

/** Calls the route and checks that its answer is the one docs/openapi.yaml publishes for this status. */
async function answers(status: number, method: 'GET' | 'POST', template: string, path: string, options?: Parameters<typeof call>[2]) {
  const answer = await call(method, path, options);
  expect(answer.status, JSON.stringify(answer.body)).toBe(status);
  const published = openapi.paths[template]![method.toLowerCase()]!.responses[String(status)]!;
  expect(violations(published.content['application/json'].schema, answer.body)).toEqual([]);
  return answer.body;
}

const FAILURES = '/admin/failures';
const FAILURE = '/admin/failures/{id}';
const REPLAY_ONE = '/admin/failures/{id}/replay';
const REPLAY = '/admin/replay';
const REBUILD = '/admin/assemblies/{siren}/sessions/{sessionId}/rebuild';
const rebuildOf = (sessionId: string) => `/admin/assemblies/${key.siren}/sessions/${sessionId}/rebuild`;

describe('the administration routes answer with the published schemas', () => {
  test('GET /admin/failures: the failures a token may see, filtered or not, and every dead-letter queue', async () => {
    const all = await answers(200, 'GET', FAILURES, FAILURES);
    expect(all.failures).toHaveLength(3);
    expect(all.deadLetters).toEqual({ sessionEvents: { depth: 2 }, certification: { depth: 0 }, transmissions: { depth: 0 } });
    const open = await answers(200, 'GET', FAILURES, FAILURES, { query: { status: 'open', queue: 'sessionEvents', siren: key.siren } });
    expect(open.failures).toEqual([summaryOf(waiting)]);
    // A scoped token does not see the poison message, which names no collectivité.
    const token = await tokenOf('admin', [key.siren]);
    const scoped = await answers(200, 'GET', FAILURES, FAILURES, { token });
    expect((scoped.failures as { id: string }[]).map((f) => f.id)).toEqual([waiting.id, resolved.id]);
    // A siren outside the token's scope is refused, as for /transmissions.
    expect(await answers(403, 'GET', FAILURES, FAILURES, { token, query: { siren: '213500994' } })).toMatchObject({ error: 'forbidden' });
  });

  test('GET /admin/failures/{id}: a failure with its body, a poison one too', async () => {
    expect(await answers(200, 'GET', FAILURE, `${FAILURES}/${waiting.id}`)).toEqual(waiting);
    expect(await answers(200, 'GET', FAILURE, `${FAILURES}/${poison.id}`)).toEqual(poison);
  });

  test('POST /admin/failures/{id}/replay: a message moved back from its dead-letter queue, a poison message sent again', async () => {
    const moved = await answers(200, 'POST', REPLAY_ONE, `${FAILURES}/${waiting.id}/replay`);
    expect(moved.replayed).toEqual([{ id: waiting.id, queue: 'sessionEvents', concerns: waiting.concerns, recorded: true }]);
    await answers(200, 'POST', REPLAY_ONE, `${FAILURES}/${poison.id}/replay`);
  });

  test('POST /admin/replay: the messages replayed, recorded or not, and whether to call again', async () => {
    const everything = await answers(200, 'POST', REPLAY, REPLAY, { body: '{"all": true}' });
    expect(everything.complete).toBe(true);
    expect(everything.replayed).toContainEqual({
      id: failureId('sessionEvents', unrecorded.body),
      queue: 'sessionEvents',
      concerns: concernsOf(unrecorded.body),
      recorded: false,
    });
    const first = await answers(200, 'POST', REPLAY, REPLAY, {
      body: JSON.stringify({ siren: key.siren, sessionId: key.sessionId, limit: 1 }),
    });
    expect([first.replayed, first.complete]).toEqual([[expect.objectContaining({ id: waiting.id })], false]);
  });

  test('POST /admin/assemblies/{siren}/sessions/{sessionId}/rebuild: where the stored séance differs, replaced or not', async () => {
    const dryRun = await answers(200, 'POST', REBUILD, rebuildOf(key.sessionId), { body: '{"dryRun": true}' });
    expect(dryRun).toEqual({ ...key, facts: facts.length, differences: differences(drifted, rebuild(facts)), rewritten: false });
    expect(dryRun.differences).toEqual(['version']);
    expect((await answers(200, 'POST', REBUILD, rebuildOf(key.sessionId))).rewritten).toBe(true);
  });

  test('the refusals are the documented ones', async () => {
    const secretariat = await tokenOf('secretariat', '*');
    await answers(400, 'GET', FAILURES, FAILURES, { query: { status: 'lost' } });
    await answers(400, 'GET', FAILURES, FAILURES, { query: { page: '2' } });
    await answers(403, 'GET', FAILURES, FAILURES, { token: secretariat });
    await answers(400, 'GET', FAILURE, `${FAILURES}/NOT-AN-ID`);
    await answers(404, 'GET', FAILURE, `${FAILURES}/${'0'.repeat(24)}`);
    await answers(404, 'GET', FAILURE, `${FAILURES}/${poison.id}`, { token: await tokenOf('admin', [key.siren]) });
    await answers(409, 'POST', REPLAY_ONE, `${FAILURES}/${resolved.id}/replay`);
    await answers(400, 'POST', REPLAY, REPLAY, { body: '{"all": true' });
    await answers(403, 'POST', REBUILD, rebuildOf(key.sessionId), { token: await tokenOf('admin', ['213500994']) });
    await answers(404, 'POST', REBUILD, rebuildOf('never-opened'));
    await answers(409, 'POST', REBUILD, rebuildOf('moved-meanwhile'));
    const refused = await answers(400, 'POST', REBUILD, rebuildOf(key.sessionId), { body: '{"dryRun": "yes"}' });
    expect(refused.violations).toEqual([expect.objectContaining({ field: 'dryRun' })]);
  });

  test('ReplayRequest accepts the bodies the route accepts, and refuses those it refuses', async () => {
    const accepted = [
      { all: true },
      { queue: 'transmissions', errorClass: 'PrefectureUnavailableError' },
      { siren: key.siren, sessionId: 's', limit: 100 },
    ];
    const refused = [
      {},
      { all: false },
      { sessionId: 's' },
      { queue: 'archive' },
      { all: true, limit: 0 },
      { all: true, limit: 101 },
      { all: true, page: 2 },
    ];
    for (const body of accepted) {
      expect(check('ReplayRequest', body)).toEqual([]);
      await answers(200, 'POST', REPLAY, REPLAY, { body: JSON.stringify(body) });
    }
    for (const body of refused) {
      expect([body, check('ReplayRequest', body)]).not.toEqual([body, []]);
      const answer = await answers(400, 'POST', REPLAY, REPLAY, { body: JSON.stringify(body) });
      expect(answer.error).toBe('invalid_body');
    }
  });

  test('a field the closed schemas do not know is refused: a summary with its body, an unknown queue or concern', async () => {
    const summary = summaryOf(waiting);
    expect([check('FailureSummary', summary), check('Failure', waiting)]).toEqual([[], []]);
    expect(check('FailureSummary', waiting)).not.toEqual([]);
    expect(check('Failure', { ...waiting, attemptsLeft: 0 })).not.toEqual([]);
    expect(check('FailureSummary', { ...summary, concerns: { ...summary.concerns, room: 'B' } })).not.toEqual([]);
    const replayed = { id: waiting.id, queue: 'sessionEvents', concerns: waiting.concerns, recorded: true };
    expect(check('Replayed', replayed)).toEqual([]);
    expect(check('Replayed', { ...replayed, movedAt: '2025-03-20T12:00:00.000Z' })).not.toEqual([]);
    const depths = { sessionEvents: { depth: 0 }, certification: { depth: 0 }, transmissions: { depth: 0 } };
    expect(check('DeadLetters', depths)).toEqual([]);
    expect(check('DeadLetters', { ...depths, archive: { depth: 0 } })).not.toEqual([]);
    const report = { ...key, facts: facts.length, differences: differences(drifted, rebuild(facts)), rewritten: false };
    expect(check('RebuildReport', report)).toEqual([]);
    expect(check('RebuildReport', { ...report, rebuilt: seance })).not.toEqual([]);
  });
});
