/**
 * The console as CloudFront serves it on AWS, on this machine: the built pages, and the API's paths
 * forwarded to the API beside them, so the console calls its API on its own origin (no CORS). One
 * local addition: `GET /_local/sign-in` hands the local stack's tokens to the sign-in page, for a
 * one-click sign-in as the secretariat or the administrator; it listens on the loopback only.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, request as forward, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { listen } from './http-adapter.ts';

export interface ConsoleServerOptions {
  readonly host: string;
  readonly port: number;
  /** The built console (`buildConsole`). */
  readonly root: string;
  readonly apiUrl: string;
  readonly tokens: Readonly<Record<string, string>>;
}

/** The paths that belong to the API, as the CDK stack's CloudFront behaviours route them. */
export const API_PATHS = ['/assemblies', '/transmissions', '/admin', '/health'] as const;

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
};

/** The headers every answer of the console carries; CloudFront's response headers policy sets the same. */
export const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; frame-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

export async function startConsoleServer(options: ConsoleServerOptions): Promise<{ url: string; server: Server }> {
  const root = resolve(options.root);
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://console').pathname;
    if (API_PATHS.some((prefix) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`)))
      return proxy(request, response, options.apiUrl);
    if (path === '/_local/sign-in') {
      // Only to this machine's own pages: a page of another site reaching the port under its own name (DNS rebinding) gets nothing.
      if (!isLoopbackHost(request.headers.host)) return send(response, 403, 'application/json', JSON.stringify({ error: 'forbidden' }));
      return send(response, 200, 'application/json', JSON.stringify({ tokens: options.tokens }));
    }
    return serveFile(response, root, path === '/' ? '/index.html' : path);
  });
  return listen(server, options.host, options.port);
}

const isLoopbackHost = (host: string | undefined) => /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(host ?? '');

function serveFile(response: ServerResponse, root: string, path: string): void {
  const file = normalize(join(root, decodeURIComponent(path)));
  if (!file.startsWith(`${root}${sep}`) || !existsSync(file) || !statSync(file).isFile())
    return send(response, 404, 'text/plain; charset=utf-8', 'introuvable');
  response.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    // The pages change with each build; the fonts and icons keep their names.
    'cache-control': file.includes(`${sep}assets${sep}`) ? 'public, max-age=86400' : 'no-cache',
    ...SECURITY_HEADERS,
  });
  createReadStream(file).pipe(response);
}

function proxy(request: IncomingMessage, response: ServerResponse, apiUrl: string): void {
  const target = new URL(request.url ?? '/', apiUrl);
  const outgoing = forward(target, { method: request.method, headers: { ...request.headers, host: target.host } }, (answer) => {
    response.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(response);
  });
  outgoing.on('error', () =>
    send(response, 502, 'application/json', JSON.stringify({ error: 'bad_gateway', message: 'the API is not answering' })),
  );
  request.pipe(outgoing);
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  if (response.headersSent) return void response.end();
  response.writeHead(status, { 'content-type': type, ...SECURITY_HEADERS });
  response.end(body);
}
