/**
 * The local stack killed outright (SIGKILL: no clean stop, messages in flight, a post cut off) in the
 * middle of twenty séances, then started again on the same state: every délibération reaches the
 * préfecture's acknowledgement, none is lost, and the préfecture receives each act once.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import type { SessionEvent } from '#events/session-events';
import type { SessionKey } from '#ports/session-store';
import { sampleEvents } from '../support/seance.ts';
import { spawnStack, stopStack, type SpawnedStack } from '../support/spawn-stack.ts';
import { asSession, eventually, keyOf } from './support.ts';

const dir = mkdtempSync(join(tmpdir(), 'registre-killed-'));
const running = new Set<ChildProcess>();
afterAll(async () => {
  for (const child of running) await stopStack(child);
  rmSync(dir, { recursive: true, force: true });
});

type Running = SpawnedStack;

/**
 * The stack in a process of its own. Its visibility timeout (8 s) lets the transmissions queue's
 * ten receives outlast the 60 s lease a killed transmission attempt leaves behind.
 */
async function start(): Promise<Running> {
  const started = await spawnStack(dir, 8);
  running.add(started.child);
  started.child.once('exit', () => running.delete(started.child));
  return started;
}

const call = async (
  stack: Running,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  role: 'secretariat' | 'admin' = 'secretariat',
) => {
  const response = await fetch(`${stack.apiUrl}${path}`, {
    method,
    headers: { authorization: `Bearer ${stack.tokens[role]}`, 'content-type': 'application/json' },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as any };
};

const sessionPath = ({ siren, sessionId }: SessionKey) => `/assemblies/${siren}/sessions/${sessionId}`;
const post = (stack: Running, events: readonly SessionEvent[]) => call(stack, 'POST', `${sessionPath(keyOf(events))}/events`, { events });

const SEANCES = 20;
const seances = Array.from({ length: SEANCES }, (_, i) =>
  asSession(sampleEvents('val-exemple-2025-06-12-commune.json'), `killed-${i}`, `2025-09-${String(i + 1).padStart(2, '0')}`),
);
const sirens = new Set(seances.map((events) => keyOf(events).siren));

const acknowledged = async (stack: Running) =>
  ((await call(stack, 'GET', '/transmissions?status=acknowledged')).body.transmissions as { siren: string }[]).filter((t) =>
    sirens.has(t.siren),
  ).length;

test(`the stack killed with SIGKILL in the middle of ${SEANCES} séances and started again: every délibération acknowledged, none lost, none sent twice`, async () => {
  const first = await start();
  for (const events of seances.slice(0, SEANCES / 2)) expect((await post(first, events)).status).toBe(202);
  await eventually(async () => ((await acknowledged(first)) >= 4 ? true : undefined), 60);
  // The second half is being posted, and the first processed, when the process dies.
  const posting = (async () => {
    for (const events of seances.slice(SEANCES / 2)) await post(first, events);
  })().catch(() => undefined);
  await new Promise((done) => setTimeout(done, 700));
  const killed = new Promise((done) => first.child.once('exit', done));
  first.child.kill('SIGKILL');
  await killed;
  await posting;
  expect(await eventually(async () => (running.size === 0 ? true : undefined), 5)).toBe(true);

  const second = await start();
  // A client whose post was cut off posts again — after the séance's posting lease the dead post held
  // runs out (503 busy, retry after 2 s): what was recorded is answered as duplicates.
  for (const events of seances) {
    const answer = await eventually(async () => {
      const posted = await post(second, events);
      return posted.status === 503 ? undefined : posted;
    }, 20);
    expect(answer.status).toBe(202);
  }
  await eventually(async () => ((await acknowledged(second)) === SEANCES * 2 ? true : undefined), 200);

  for (const events of seances) {
    const log = (await call(second, 'GET', `${sessionPath(keyOf(events))}/events`)).body.events as {
      eventId: string;
      status: string;
      seq: number;
    }[];
    expect(log.map((e) => [e.eventId, e.status, e.seq])).toEqual(events.map((e, i) => [e.eventId, 'applied', i]));
    const rebuilt = await call(second, 'POST', `/admin${sessionPath(keyOf(events))}/rebuild`, { dryRun: true }, 'admin');
    expect(rebuilt.body).toMatchObject({ differences: [], facts: events.length });
  }
  const inbox = (await (await fetch(`${second.prefectureUrl}/inbox`)).json()) as {
    acts: { idActe: string; siren: string; receptions: number }[];
  };
  const ours = inbox.acts.filter((a) => sirens.has(a.siren));
  expect(new Set(ours.map((a) => a.idActe)).size).toBe(SEANCES * 2);
  expect(ours.filter((a) => a.receptions !== 1)).toEqual([]);
  expect((await call(second, 'GET', '/admin/failures?status=open', undefined, 'admin')).body.failures).toEqual([]);
}, 300_000);
