/**
 * The embedded engines of the local stack: Amazon DynamoDB Local (Java) or, without Java, dynalite
 * in-process; fauxqs for SQS and S3. Each keeps its data under the directory it is given, readable by
 * this user only, and listens on 127.0.0.1 only. DynamoDB Local, the one engine in a process of its
 * own, ends with the process that started it, and a stack learns when it ends on its own.
 */
import { Server, createServer } from 'node:http';
import { join, resolve } from 'node:path';
import { javaAvailable, listTables, startDynamoDbLocal } from './dynamodb-local.ts';
import { makePrivate } from './private-files.ts';

export interface Engine {
  readonly endpoint: string;
  readonly name: string;
  /**
   * Settles, with how it ended (`code 1`, `signal SIGKILL`), if the engine ends other than through
   * `stop`; never for an in-process engine, which lives as long as the process.
   */
  readonly ended: Promise<string>;
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

export { javaAvailable } from './dynamodb-local.ts';

export type DynamoEngine = 'auto' | 'dynamodb-local' | 'dynalite';

/** DynamoDB Local when `java` runs (or when asked), else dynalite; `notice` receives the one line saying so. */
export async function startDynamo(dataDir: string, notice: (line: string) => void, engine: DynamoEngine = 'auto'): Promise<Engine> {
  const port = await freePort();
  if (engine === 'dynamodb-local' || (engine === 'auto' && javaAvailable()))
    return startDynamoDbLocal(join(dataDir, 'dynamodb-local'), port);
  if (engine === 'auto')
    notice('Java 17 or later (a JDK) not found: using dynalite, an in-process DynamoDB written in Node, instead of Amazon DynamoDB Local');
  return startDynalite(join(dataDir, 'dynalite'), port);
}

/** An in-process engine ends only with the process. */
const NEVER = new Promise<string>(() => undefined);

async function startDynalite(dir: string, port: number): Promise<Engine> {
  makePrivate(dir);
  const { default: dynalite } = await import('dynalite');
  const server = dynalite({ path: resolve(dir), createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  const endpoint = `http://127.0.0.1:${port}`;
  await listTables(endpoint);
  makePrivate(dir);
  return {
    endpoint,
    name: 'dynalite',
    ended: NEVER,
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/**
 * fauxqs, persisted under `dir`. It binds 0.0.0.0 with no option to change it, so its listen call
 * is narrowed to 127.0.0.1 while it starts: the local stack exposes nothing beyond this machine.
 */
export async function startFauxqs(dir: string): Promise<Engine> {
  makePrivate(dir);
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
    makePrivate(dir);
    return { endpoint: `http://127.0.0.1:${server.port}`, name: 'fauxqs', ended: NEVER, stop: () => server.stop() };
  } finally {
    Server.prototype.listen = listen;
  }
}
