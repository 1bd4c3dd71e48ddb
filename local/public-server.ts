/**
 * The public site as CloudFront serves it on AWS, on this machine: the pages and the open data from
 * the API's unauthenticated routes (`/` → `/public`, `/open-data/…` as is), the published documents
 * from the bucket's `public/documents/` prefix only, and the DSFR's stylesheet, fonts and icons under
 * `/assets/`. Nothing else of the bucket is reachable here, as nothing else is through CloudFront.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer, request as forward, type IncomingMessage, type ServerResponse } from 'node:http';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { PUBLIC_DOCUMENTS } from '#acts/act-documents';
import type { DocumentStore } from '#ports/document-store';
import { listen } from './http-adapter.ts';

/**
 * The pages' policy: server-rendered HTML with the DSFR's stylesheet, fonts and icons from this origin,
 * no script at all, never framed, forms sent only here. CloudFront's response headers policy sends the same.
 */
export const PUBLIC_SITE_CSP = [
  "default-src 'none'",
  "style-src 'self'",
  "font-src 'self'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The published documents' policy: still no script, but the HTML extract carries its own `<style>`
 * and browsers show a PDF through a plugin frame with inline styles of their own.
 */
export const PUBLIC_DOCUMENTS_CSP = [
  "default-src 'none'",
  "style-src 'unsafe-inline'",
  "img-src 'self' data:",
  "object-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The DSFR's built files, which `/assets/` serves: its minified stylesheet, and the fonts and icons beside it. */
export const DSFR_DIST = dirname(createRequire(import.meta.url).resolve('@gouvfr/dsfr/dist/dsfr.min.css'));
const ASSETS = /^\/assets\/(dsfr\.min\.css|(fonts|icons)\/[\w./-]+)$/;

const TYPES: Readonly<Record<string, string>> = {
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
};

export interface PublicServerOptions {
  readonly host: string;
  readonly port: number;
  /** The API's URL: read when a request comes, as the API starts after this server. */
  readonly apiUrl: () => string;
  readonly documents: DocumentStore;
}

const headers = (csp: string) => ({
  'content-security-policy': csp,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
});

export async function startPublicServer(options: PublicServerOptions) {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://public').pathname;
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'méthode non permise', PUBLIC_SITE_CSP);
    if (path.startsWith('/documents/'))
      return void serveDocument(response, options.documents, path).catch(() => send(response, 502, 'indisponible', PUBLIC_SITE_CSP));
    if (path.startsWith('/assets/')) return serveAsset(response, path);
    const { search } = new URL(request.url ?? '/', 'http://public');
    return proxy(request, response, new URL(`${apiPath(path)}${search}`, options.apiUrl()));
  });
  return listen(server, options.host, options.port);
}

/**
 * Where the API serves a path of the site, already resolved (no `..` left): the pages under `/public`
 * (CloudFront's origin path), the open data as is — never another route of the API.
 */
export const apiPath = (path: string): string => (path.startsWith('/open-data/') ? path : `/public${path === '/' ? '' : path}`);

/** `/documents/<SIREN>/<IDActe>.<format>`: the published copy, or 404 — as for an act never published. */
async function serveDocument(response: ServerResponse, documents: DocumentStore, path: string): Promise<void> {
  const match = /^\/documents\/(\d{9})\/([\w-]+\.(pdf|html|txt))$/.exec(path);
  const found = match ? await documents.get(`${PUBLIC_DOCUMENTS}/${match[1]}/${match[2]}`) : undefined;
  if (!found) return send(response, 404, 'document introuvable', PUBLIC_DOCUMENTS_CSP);
  response.writeHead(200, { 'content-type': found.contentType, 'cache-control': 'public, max-age=3600', ...headers(PUBLIC_DOCUMENTS_CSP) });
  response.end(found.bytes);
}

function serveAsset(response: ServerResponse, path: string): void {
  const match = ASSETS.exec(path);
  const file = match ? normalize(join(DSFR_DIST, match[1]!)) : '';
  if (!match || !file.startsWith(`${DSFR_DIST}${sep}`) || !existsSync(file) || !statSync(file).isFile())
    return send(response, 404, 'introuvable', PUBLIC_SITE_CSP);
  response.writeHead(200, {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': 'public, max-age=86400',
    ...headers(PUBLIC_SITE_CSP),
  });
  createReadStream(file).pipe(response);
}

function proxy(request: IncomingMessage, response: ServerResponse, target: URL): void {
  const outgoing = forward(target, { method: request.method, headers: { accept: request.headers.accept ?? '*/*' } }, (answer) => {
    response.writeHead(answer.statusCode ?? 502, { ...answer.headers, ...headers(PUBLIC_SITE_CSP) });
    answer.pipe(response);
  });
  outgoing.on('error', () => send(response, 502, "l'API ne répond pas", PUBLIC_SITE_CSP));
  outgoing.end();
}

function send(response: ServerResponse, status: number, text: string, csp: string): void {
  if (response.headersSent) return void response.end();
  response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8', ...headers(csp) });
  response.end(text);
}
