/**
 * The console as CloudFront serves it on AWS, on this machine: the built pages, `/config.json` (how
 * to sign in: the local stack's issuer, where AWS names Cognito's hosted domain), and the API's paths
 * forwarded to the API beside them, so the console calls its API on its own origin (no CORS).
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, request as forward, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { CONFIG_PATH, originOf, type ConsoleConfig } from '#console/config';
import { listen } from './http-adapter.ts';

export interface ConsoleServerOptions {
  readonly host: string;
  readonly port: number;
  /** The built console (`buildConsole`). */
  readonly root: string;
  readonly apiUrl: string;
  /** What `/config.json` answers; without it, no sign-in (and no /config.json). */
  readonly config?: ConsoleConfig;
  /** Where links to the documents point, when not on this origin (see `ConsoleOrigins`). */
  readonly documentsUrl?: string;
}

/** The origins beside its own that the console's pages reach. */
export interface ConsoleOrigins {
  /**
   * The hosted sign-in domain: any URL on it (its base URL, or the token endpoint of `/config.json`).
   * The pages call its token endpoint to trade the authorization code for a token (`connect-src`);
   * going to its sign-in page is a navigation, which the policy does not restrict.
   */
  readonly signIn?: string;
  /** Where the presigned links to the documents point: the pages show the extract from there (`frame-src`, `connect-src`). */
  readonly documents?: string;
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

/**
 * The Content-Security-Policy of the console's pages: this origin, and the few others they reach
 * (`ConsoleOrigins`). CloudFront's response headers policy sends the same, given the same origins:
 * the local console server gives its issuer's, the CDK stack Cognito's hosted domain.
 */
export function contentSecurityPolicy(origins: ConsoleOrigins = {}): string {
  const signIn = origins.signIn === undefined ? '' : ` ${originOf(origins.signIn)}`;
  const documents = origins.documents === undefined ? '' : ` ${originOf(origins.documents)}`;
  return [
    "default-src 'self'",
    ...(signIn || documents ? [`connect-src 'self'${signIn}${documents}`] : []),
    "img-src 'self' data: blob:",
    "style-src 'self' 'unsafe-inline'",
    `frame-src 'self' blob:${documents}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

/** The headers every answer of the console carries; CloudFront's response headers policy sets the same. */
export function securityHeaders(origins: ConsoleOrigins = {}) {
  return {
    'content-security-policy': contentSecurityPolicy(origins),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
  };
}

export async function startConsoleServer(options: ConsoleServerOptions): Promise<{ url: string; server: Server }> {
  const root = resolve(options.root);
  const headers = securityHeaders({
    ...(options.config && { signIn: options.config.signIn.tokenUrl }),
    ...(options.documentsUrl && { documents: options.documentsUrl }),
  });
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://console').pathname;
    if (API_PATHS.some((prefix) => path === prefix || path.startsWith(`${prefix}/`) || path.startsWith(`${prefix}?`)))
      return proxy(request, response, options.apiUrl, headers);
    if (path === CONFIG_PATH && options.config)
      return send(response, 200, 'application/json', JSON.stringify(options.config), headers, { 'cache-control': 'no-cache' });
    return serveFile(response, root, path === '/' ? '/index.html' : path, headers);
  });
  return listen(server, options.host, options.port);
}

type Headers = ReturnType<typeof securityHeaders>;

function serveFile(response: ServerResponse, root: string, path: string, headers: Headers): void {
  const file = normalize(join(root, decodeURIComponent(path)));
  if (!file.startsWith(`${root}${sep}`) || !existsSync(file) || !statSync(file).isFile())
    return send(response, 404, 'text/plain; charset=utf-8', 'introuvable', headers);
  response.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    // The pages change with each build; the fonts and icons keep their names.
    'cache-control': file.includes(`${sep}assets${sep}`) ? 'public, max-age=86400' : 'no-cache',
    ...headers,
  });
  createReadStream(file).pipe(response);
}

function proxy(request: IncomingMessage, response: ServerResponse, apiUrl: string, headers: Headers): void {
  const target = new URL(request.url ?? '/', apiUrl);
  const outgoing = forward(target, { method: request.method, headers: { ...request.headers, host: target.host } }, (answer) => {
    response.writeHead(answer.statusCode ?? 502, answer.headers);
    answer.pipe(response);
  });
  outgoing.on('error', () =>
    send(response, 502, 'application/json', JSON.stringify({ error: 'bad_gateway', message: 'the API is not answering' }), headers),
  );
  request.pipe(outgoing);
}

function send(response: ServerResponse, status: number, type: string, body: string, headers: Headers, more = {}): void {
  if (response.headersSent) return void response.end();
  response.writeHead(status, { 'content-type': type, ...headers, ...more });
  response.end(body);
}
