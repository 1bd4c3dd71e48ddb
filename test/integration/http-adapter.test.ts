/**
 * The HTTP adapter alone, in front of a trivial handler: a body over API Gateway's limit is refused
 * with a 413 the client reads whole, and the client's next request, on a fresh connection, is answered.
 */
import { Agent, request, type IncomingHttpHeaders, type Server } from 'node:http';
import { afterAll, afterEach, beforeAll, beforeEach, expect, test } from 'vitest';
import { startHttpAdapter } from '#local/http-adapter';

const LIMIT = 10 * 1024 * 1024;
const tooLarge = { error: 'payload_too_large', message: `the request body exceeds ${LIMIT} bytes` };

let adapter: { url: string; server: Server };
/** One keep-alive connection at a time, fresh for each test. */
let agent: Agent;

beforeAll(async () => {
  adapter = await startHttpAdapter({
    host: '127.0.0.1',
    port: 0,
    function: { name: 'api', timeoutSeconds: 5, memoryMb: 128 },
    handler: async (event) => ({
      statusCode: 200,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ path: event.rawPath, bytes: event.body?.length ?? 0 }),
    }),
  });
});

beforeEach(() => {
  agent = new Agent({ keepAlive: true, maxSockets: 1 });
});
afterEach(() => agent.destroy());

afterAll(async () => {
  await new Promise((done) => adapter.server.close(done));
});

interface Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** Whether the agent sent it on a connection kept alive from an earlier request. */
  reusedSocket: boolean;
}

/** One request through the keep-alive agent; an array body goes chunked, without content-length. */
function send(method: string, path: string, body?: Buffer | Buffer[]): Promise<Answer> {
  return new Promise((done, fail) => {
    const chunked = Array.isArray(body);
    const outgoing = request(`${adapter.url}${path}`, {
      method,
      agent,
      headers: { 'content-type': 'text/plain', ...(body && !chunked && { 'content-length': body.length }) },
    });
    outgoing.once('error', fail);
    outgoing.once('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk) => (text += chunk));
      response.once('error', fail);
      response.once('end', () =>
        done({ status: response.statusCode!, headers: response.headers, body: text, reusedSocket: outgoing.reusedSocket }),
      );
    });
    if (chunked) for (const chunk of body) outgoing.write(chunk);
    outgoing.end(chunked ? undefined : body);
  });
}

test('finding 12 — a 413 closes its keep-alive connection properly: the client reads it, and its next request is answered', async () => {
  expect(await send('POST', '/first', Buffer.from('{}'))).toMatchObject({
    status: 200,
    body: JSON.stringify({ path: '/first', bytes: 2 }),
  });

  const refused = await send('POST', '/big', Buffer.alloc(LIMIT + 1, 'a'));
  const next = await send('GET', '/next');
  expect(refused).toMatchObject({ status: 413, reusedSocket: true });
  expect(refused.headers).toMatchObject({ connection: 'close', 'content-type': 'application/json' });
  expect(JSON.parse(refused.body)).toEqual(tooLarge);
  expect(next).toMatchObject({ status: 200, body: JSON.stringify({ path: '/next', bytes: 0 }), reusedSocket: false });
});

test('finding 12 — a chunked body (no content-length) over the limit gets the same 413, and the request after it is answered', async () => {
  const refused = await send(
    'POST',
    '/chunked',
    Array.from({ length: 11 }, () => Buffer.alloc(1024 * 1024, 'b')),
  );
  const next = await send('GET', '/after');
  expect(refused).toMatchObject({ status: 413, headers: { connection: 'close' } });
  expect(JSON.parse(refused.body)).toEqual(tooLarge);
  expect(next).toMatchObject({ status: 200, body: JSON.stringify({ path: '/after', bytes: 0 }), reusedSocket: false });
});

test('finding 12 — a body of exactly the limit still reaches the handler, and its connection stays alive', async () => {
  expect(await send('POST', '/exact', Buffer.alloc(LIMIT, 'c'))).toMatchObject({
    status: 200,
    body: JSON.stringify({ path: '/exact', bytes: LIMIT }),
  });
  expect(await send('GET', '/again')).toMatchObject({ status: 200, reusedSocket: true });
});
