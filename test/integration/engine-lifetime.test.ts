/**
 * No engine outlives its stack, and no stack outlives its engine: `registre start` as a user runs it,
 * in a child process, SIGKILLed, doubled on one state directory, or left without its DynamoDB Local.
 * These tests need what the real engine needs, a Java 17 JDK, and Linux's /proc (CI installs both).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
let root: string;
const children = new Set<ChildProcess>();

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'registre-lifetime-'));
});

afterAll(() => {
  // A failed assertion must leave neither a stack nor an engine behind: only those these tests started.
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const { pid } of javaProcessesOn(root)) process.kill(pid, 'SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

interface Run {
  readonly child: ChildProcess;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

function registreStart(dir: string): Run {
  const child = spawn(process.execPath, ['cli/registre.ts', 'start', '--port', '0', '--dir', dir], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk) => (stdout += chunk));
  child.stderr!.on('data', (chunk) => (stderr += chunk));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, exit };
}

/** Resolves once the stack says it runs; fails if it exits first. */
async function running(run: Run): Promise<void> {
  await new Promise<void>((ready, fail) => {
    const check = () => {
      if (run.stdout().includes('Registre tourne')) ready();
    };
    run.child.stdout!.on('data', check);
    check();
    void run.exit.then(({ code }) => fail(new Error(`registre start exited with ${code}: ${run.stdout()}${run.stderr()}`)));
  });
}

async function within<T>(promise: Promise<T>, seconds: number): Promise<T | 'timeout'> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((done) => (timer = setTimeout(() => done('timeout'), seconds * 1000)));
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function until(probe: () => boolean, seconds: number): Promise<boolean> {
  const deadline = Date.now() + seconds * 1000;
  while (!probe()) {
    if (Date.now() > deadline) return false;
    await new Promise((done) => setTimeout(done, 100));
  }
  return true;
}

/** The live Java processes whose command line names `dir` (Linux's /proc). */
function javaProcessesOn(dir: string): { pid: number; ppid: number }[] {
  const found: { pid: number; ppid: number }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const args = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (!args[0]?.endsWith('java') || !args.some((arg) => arg.includes(dir))) continue;
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      found.push({ pid: Number(name), ppid: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) });
    } catch {
      // The process ended while it was read.
    }
  }
  return found;
}

async function stop(run: Run): Promise<number | null> {
  run.child.kill('SIGINT');
  return (await run.exit).code;
}

test('finding 9 — a SIGKILLed registre start takes its DynamoDB Local with it, and the next start on the same state works', async () => {
  const dir = join(root, 'sigkill');
  const first = registreStart(dir);
  await running(first);
  expect(javaProcessesOn(dir).map(({ ppid }) => ppid)).toEqual([first.child.pid]);

  first.child.kill('SIGKILL');
  await first.exit;
  expect(await until(() => javaProcessesOn(dir).length === 0, 5)).toBe(true);

  const second = registreStart(dir);
  await running(second);
  expect(javaProcessesOn(dir).map(({ ppid }) => ppid)).toEqual([second.child.pid]);
  expect(await stop(second)).toBe(0);
  expect(javaProcessesOn(dir)).toEqual([]);
}, 120_000);

test('finding 9 — a second registre start on a state directory a running stack holds refuses with one line, and the first runs on', async () => {
  const dir = join(root, 'twice');
  const first = registreStart(dir);
  await running(first);

  const second = registreStart(dir);
  const ended = await within(second.exit, 40);
  if (ended === 'timeout') second.child.kill('SIGKILL');
  expect(ended).toEqual({ code: 1, signal: null });
  expect(second.stderr().trim().split('\n')).toEqual([
    `registre : un autre Registre (processus ${first.child.pid}) tourne déjà sur ${dir} : arrêtez-le, ou donnez un autre --dir`,
  ]);

  expect(javaProcessesOn(dir).map(({ ppid }) => ppid)).toEqual([first.child.pid]);
  const { apiUrl, tokens } = JSON.parse(readFileSync(join(dir, 'stack.json'), 'utf8')) as { apiUrl: string; tokens: { admin: string } };
  const answer = await fetch(`${apiUrl}/assemblies/223500018/sessions/none`, { headers: { authorization: `Bearer ${tokens.admin}` } });
  expect(answer.status).toBe(404);
  expect(await stop(first)).toBe(0);
}, 120_000);

test('finding 9 — an engine a dead stack left on the state directory is stopped by the next start', async () => {
  const dir = join(root, 'stale');
  const engineDir = join(dir, 'dynamodb-local');
  mkdirSync(engineDir, { recursive: true });
  // Stands for a DynamoDB Local whose stack died: same arguments, no parent stack any more.
  const stray = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60_000)', '--', '-dbPath', engineDir, '-sharedDb'], {
    stdio: 'ignore',
  });
  children.add(stray);
  const strayExit = new Promise((done) => stray.once('exit', done));
  const deadStack = spawnSync(process.execPath, ['-e', '']).pid;
  writeFileSync(join(engineDir, 'engine.json'), JSON.stringify({ stack: deadStack, engine: stray.pid }));

  const run = registreStart(dir);
  await running(run);
  expect(await within(strayExit, 5)).not.toBe('timeout');
  expect(await stop(run)).toBe(0);
}, 120_000);

test('finding 9 — when its DynamoDB Local dies, registre start stops with one line and exits non-zero', async () => {
  const dir = join(root, 'engine-dies');
  const run = registreStart(dir);
  await running(run);
  const [engine] = javaProcessesOn(dir);
  process.kill(engine!.pid, 'SIGKILL');

  const ended = await within(run.exit, 20);
  if (ended === 'timeout') run.child.kill('SIGKILL');
  expect(ended).toEqual({ code: 1, signal: null });
  expect(run.stderr().trim().split('\n')).toEqual(["registre : Amazon DynamoDB Local s'est arrêté (signal SIGKILL) : Registre s'arrête"]);
}, 120_000);
