/**
 * API Gateway (HTTP API, payload format 2.0) run locally: each request becomes the event the
 * production `api` handler receives on AWS, and its structured result becomes the response.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { invoke, type FunctionConfig, type Handler } from './lambda-context.ts';

/** API Gateway's own limit on a request payload. */
const MAX_BODY_BYTES = 10 * 1024 * 1024;
/**
 * Past the limit, this much more of a body is read and dropped before the 413, so that a client still
 * sending reads the answer instead of a reset; a longer body has its connection cut after the 413.
 */
const MAX_DRAINED_BYTES = 4 * MAX_BODY_BYTES;

export interface HttpAdapterOptions {
  readonly host: string;
  readonly port: number;
  readonly function: FunctionConfig;
  readonly handler: Handler<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2>;
}

export async function startHttpAdapter(options: HttpAdapterOptions): Promise<{ url: string; server: Server }> {
  const server = createServer((request, response) => {
    void serve(request, response, options);
  });
  return listen(server, options.host, options.port);
}

/** Listens on `host:port` (0: a free port) and says where, once it does. */
export async function listen(server: Server, host: string, port: number): Promise<{ url: string; server: Server }> {
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(port, host, done);
  });
  const address = server.address();
  return { url: `http://${host}:${typeof address === 'object' && address ? address.port : port}`, server };
}

async function serve(request: IncomingMessage, response: ServerResponse, options: HttpAdapterOptions): Promise<void> {
  try {
    const body = await readBody(request);
    if (body === undefined) return refuseTooLarge(response);
    const result = await invoke(options.handler, toEvent(request, body), options.function);
    send(response, result);
  } catch (error) {
    const timeout = error instanceof Error && error.name === 'InvocationTimeoutError';
    send(response, { statusCode: timeout ? 504 : 502, body: JSON.stringify({ error: timeout ? 'timeout' : 'bad_gateway' }) });
  }
}

/**
 * The whole body, or undefined once it passes the limit: the rest is then read and dropped (up to
 * MAX_DRAINED_BYTES) without destroying the request, which would reset the connection before the 413.
 */
function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else chunks.length = 0;
      if (size > MAX_BODY_BYTES + MAX_DRAINED_BYTES) {
        request.pause();
        done(undefined);
      }
    });
    request.once('end', () => done(size > MAX_BODY_BYTES ? undefined : Buffer.concat(chunks)));
    request.once('error', fail);
  });
}

/**
 * The 413, as JSON naming the limit, with `connection: close`: Node closes the connection once the
 * answer is sent, and a keep-alive client knows to send its next request on a new one.
 */
function refuseTooLarge(response: ServerResponse): void {
  send(response, {
    statusCode: 413,
    headers: { 'content-type': 'application/json', connection: 'close' },
    body: JSON.stringify({ error: 'payload_too_large', message: `the request body exceeds ${MAX_BODY_BYTES} bytes` }),
  });
}

function toEvent(request: IncomingMessage, body: Buffer): APIGatewayProxyEventV2 {
  const url = new URL(request.url ?? '/', 'http://local');
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers))
    if (value !== undefined && name !== 'cookie') headers[name] = Array.isArray(value) ? value.join(',') : value;
  const query: Record<string, string> = {};
  for (const [name, value] of url.searchParams) query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
  const now = new Date();
  const textual = /^(application\/(json|x-www-form-urlencoded)|text\/)/.test(headers['content-type'] ?? 'application/json');
  return {
    version: '2.0',
    routeKey: '$default',
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    ...(request.headers.cookie && { cookies: request.headers.cookie.split(/;\s*/) }),
    headers,
    ...(url.search && { queryStringParameters: query }),
    requestContext: {
      accountId: '000000000000',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: (headers.host ?? 'localhost').split('.')[0]!,
      http: {
        method: request.method ?? 'GET',
        path: url.pathname,
        protocol: `HTTP/${request.httpVersion}`,
        sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
        userAgent: headers['user-agent'] ?? '',
      },
      requestId: randomUUID(),
      routeKey: '$default',
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
    },
    ...(body.length > 0 && { body: textual ? body.toString('utf8') : body.toString('base64') }),
    isBase64Encoded: body.length > 0 && !textual,
  };
}

function send(response: ServerResponse, result: APIGatewayProxyStructuredResultV2): void {
  const headers: Record<string, string | number | boolean> = { ...(result.headers ?? {}) };
  if (result.cookies?.length) response.setHeader('set-cookie', result.cookies);
  response.writeHead(result.statusCode ?? 200, headers as Record<string, string>);
  const body = result.body ?? '';
  response.end(result.isBase64Encoded ? Buffer.from(body, 'base64') : body);
}
