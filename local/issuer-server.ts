/**
 * The local stack's OpenID Connect issuer, over HTTP, at the paths of Cognito's hosted domain, so that
 * the console signs in by one code path on this machine and on AWS:
 *
 * - `GET /.well-known/openid-configuration` and `GET /.well-known/jwks.json`: what the API reads;
 * - `GET /oauth2/authorize`: the sign-in page (authorization code with PKCE S256 only), where the
 *   local user chooses the role and the collectivités of the token; `POST` of its form sends the
 *   browser back to the console with `code` and `state`;
 * - `POST /oauth2/token`: the code and its verifier for an access token (`grant_type=authorization_code`),
 *   with CORS for the console's origin; a code serves once, within a minute;
 * - `GET /logout`: back to the console (`logout_uri`); the issuer keeps no session to end.
 *
 * There is no password: whoever reaches these pages on this machine chooses who to be, as whoever
 * reads `.local/stack.json` holds its tokens. So they answer only under a loopback Host (a page of
 * another site reaching the port under its own name, by DNS rebinding, gets a 403), the form is
 * taken only from the issuer's own page, and codes and sign-outs go back to the console's origin only.
 */
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Principal } from '#runtime/access-tokens';
import { listen } from './http-adapter.ts';
import { chosenPrincipal, escape, page, signInForm, type AuthorizationRequest } from './issuer-sign-in-page.ts';
import { LOCAL_CLIENT_ID, LOCAL_SESSION_SECONDS, localIssuer, type TokenIssuer } from './token-issuer.ts';

export interface IssuerServerOptions {
  readonly host: string;
  /** 0 picks a free one. */
  readonly port: number;
  /** The stack's state folder, where the issuer's key is kept (`issuer-key.json`, see `localIssuer`). */
  readonly dir: string;
  /**
   * The console's origin (`http://127.0.0.1:3002`): the only one codes and sign-outs are sent back to,
   * and allowed to call the token endpoint. The console listens after the issuer, hence a function.
   */
  readonly consoleOrigin: () => string | undefined;
  /** The built console, whose styles (the DSFR) the sign-in page borrows; without it, a plain page. */
  readonly styles?: string;
  /** Life of the tokens it issues: a working day by default. */
  readonly tokenSeconds?: number;
  /** Life of an authorization code: a minute by default. */
  readonly codeSeconds?: number;
}

export interface IssuerServer {
  /** The issuer (`iss`), and where its endpoints are. */
  readonly url: string;
  readonly issuer: TokenIssuer;
  readonly server: Server;
  stop(): Promise<void>;
}

/** A code handed to the console, waiting for its verifier. */
interface Grant {
  readonly redirectUri: string;
  readonly challenge: string;
  readonly principal: Principal;
  readonly expiresAt: number;
}

/** What the endpoints share once the issuer listens. */
interface IssuerContext {
  readonly options: IssuerServerOptions;
  /** The issuer (`iss`), where it listens. */
  readonly url: string;
  readonly issuer: TokenIssuer;
  /** The codes handed out and not yet traded, by code. */
  readonly grants: Map<string, Grant>;
  readonly tokenSeconds: number;
  readonly codeSeconds: number;
}

const MAX_FORM_BYTES = 16_384;
const TYPES: Readonly<Record<string, string>> = {
  '.css': 'text/css; charset=utf-8',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.svg': 'image/svg+xml',
};

/** A Host this machine's own pages send: the loopback, by address or name. */
export const isLoopbackHost = (host: string | undefined) => /^(127\.0\.0\.1|localhost|\[::1\])(:\d+)?$/.test(host ?? '');

export async function startIssuerServer(options: IssuerServerOptions): Promise<IssuerServer> {
  let context: IssuerContext | undefined;
  const server = createServer((request, response) => {
    serve(context, request, response).catch(() => {
      if (!response.headersSent) json(response, 500, { error: 'server_error' });
      else response.end();
    });
  });
  const { url } = await listen(server, options.host, options.port);
  const issuer = await localIssuer(options.dir, url);
  context = {
    options,
    url,
    issuer,
    grants: new Map(),
    tokenSeconds: options.tokenSeconds ?? LOCAL_SESSION_SECONDS,
    codeSeconds: options.codeSeconds ?? 60,
  };
  return {
    url,
    issuer,
    server,
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** Routes a request to its endpoint; until the issuer has its key, every request is told to come back. */
async function serve(context: IssuerContext | undefined, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const address = new URL(request.url ?? '/', 'http://issuer');
  const method = request.method ?? 'GET';
  const path = address.pathname;
  if (!context) return json(response, 503, { error: 'temporarily_unavailable' });
  const { options } = context;
  if (method === 'GET' && path === '/.well-known/openid-configuration') return json(response, 200, discovery(context.url));
  if (method === 'GET' && path === '/.well-known/jwks.json') return json(response, 200, context.issuer.jwks);
  if (method === 'GET' && (path === '/styles.css' || path.startsWith('/assets/')) && options.styles)
    return serveStyle(response, options.styles, path);
  if (!isLoopbackHost(request.headers.host))
    return page(
      response,
      options,
      403,
      'Accès refusé',
      '<p>Cette page ne répond qu’aux pages de cette machine (127.0.0.1 ou localhost).</p>',
    );
  if (path === '/oauth2/token') return token(context, request, response);
  if (path === '/oauth2/authorize' && method === 'GET') return authorizePage(options, response, address.searchParams);
  if (path === '/oauth2/authorize' && method === 'POST') return authorize(context, request, response);
  if (path === '/logout' && method === 'GET') return logout(options, response, address.searchParams);
  json(response, 404, { error: 'not_found' });
}

/** `GET /oauth2/authorize`: the sign-in page, for an authorization request that names this client and the console. */
function authorizePage(options: IssuerServerOptions, response: ServerResponse, params: URLSearchParams): void {
  const read = readAuthorization(options, params);
  if ('page' in read) return page(response, options, 400, 'Demande de connexion refusée', `<p>${escape(read.page)}</p>`);
  if ('redirect' in read) return redirect(response, 302, read.redirect);
  return signInForm(response, options, 200, read.request, { role: 'secretariat', collectivites: '*' });
}

/** `POST /oauth2/authorize`, the form sent: a code for the chosen role and collectivités, and back to the console. */
async function authorize(context: IssuerContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const { options } = context;
  if (!fromOwnPage(context.url, request.headers.origin))
    return page(
      response,
      options,
      403,
      'Accès refusé',
      '<p>Ce formulaire ne se soumet que depuis la page de connexion de cette machine.</p>',
    );
  const form = await readForm(request);
  if (!form) return page(response, options, 413, 'Demande trop longue', '<p>Le formulaire dépasse 16 Ko.</p>');
  const read = readAuthorization(options, form);
  if ('page' in read) return page(response, options, 400, 'Demande de connexion refusée', `<p>${escape(read.page)}</p>`);
  if ('redirect' in read) return redirect(response, 303, read.redirect);
  const role = form.get('role') ?? '';
  const collectivites = form.get('collectivites') ?? '';
  const chosen = chosenPrincipal(role, collectivites);
  if ('field' in chosen) return signInForm(response, options, 400, read.request, { role, collectivites, error: chosen });
  const code = handOut(context, read.request, chosen);
  redirect(
    response,
    303,
    withParams(read.request.redirectUri, { code, ...(read.request.state !== undefined && { state: read.request.state }) }),
  );
}

/** A new code for this request and principal, kept until it is traded or expires (the expired ones go). */
function handOut(context: IssuerContext, request: AuthorizationRequest, principal: Principal): string {
  const code = randomBytes(32).toString('base64url');
  const now = Date.now();
  for (const [key, grant] of context.grants) if (grant.expiresAt <= now) context.grants.delete(key);
  context.grants.set(code, {
    redirectUri: request.redirectUri,
    challenge: request.challenge,
    principal,
    expiresAt: now + context.codeSeconds * 1000,
  });
  return code;
}

/**
 * Reads the parameters every authorization request carries. A wrong client or redirect URI is said
 * on the page (never redirected to); anything else goes back to the console as an OAuth error.
 */
function readAuthorization(
  options: IssuerServerOptions,
  params: URLSearchParams,
): { request: AuthorizationRequest } | { page: string } | { redirect: string } {
  if (params.get('client_id') !== LOCAL_CLIENT_ID)
    return { page: `L’application « ${params.get('client_id') ?? ''} » est inconnue : seule ${LOCAL_CLIENT_ID} se connecte ici.` };
  const redirectUri = params.get('redirect_uri') ?? '';
  if (!onConsole(options.consoleOrigin(), redirectUri))
    return {
      page: `L’adresse de retour « ${redirectUri} » n’est pas celle de la console (${options.consoleOrigin() ?? 'pas encore démarrée'}).`,
    };
  const state = params.get('state') ?? undefined;
  const error = (code: string, description: string) => ({
    redirect: withParams(redirectUri, { error: code, error_description: description, ...(state !== undefined && { state }) }),
  });
  if (params.get('response_type') !== 'code') return error('unsupported_response_type', 'only response_type=code is supported');
  if (params.get('code_challenge_method') !== 'S256') return error('invalid_request', 'PKCE is required: code_challenge_method=S256');
  const challenge = params.get('code_challenge') ?? '';
  if (!/^[A-Za-z0-9_-]{43}$/.test(challenge))
    return error('invalid_request', 'code_challenge must be a SHA-256 in base64url (43 characters)');
  return { request: { redirectUri, state, challenge, scope: params.get('scope') ?? 'openid' } };
}

/** `POST /oauth2/token` (and its CORS preflight): a code and its verifier for an access token. */
async function token(context: IssuerContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
  const cors = corsHeaders(context.options.consoleOrigin(), request.headers.origin);
  if (request.method === 'OPTIONS') {
    response.writeHead(204, {
      ...cors,
      'access-control-allow-methods': 'POST',
      'access-control-allow-headers': 'content-type',
      'access-control-max-age': '600',
    });
    return void response.end();
  }
  const refuse = (status: number, error: string, description: string) =>
    json(response, status, { error, error_description: description }, { ...cors, 'cache-control': 'no-store' });
  if (request.method !== 'POST') return refuse(405, 'invalid_request', 'the token endpoint takes POST');
  const form = await readForm(request);
  if (!form) return refuse(413, 'invalid_request', 'the body exceeds 16 KB');
  if (form.get('grant_type') !== 'authorization_code')
    return refuse(400, 'unsupported_grant_type', 'only grant_type=authorization_code is supported');
  const code = form.get('code') ?? '';
  const grant = context.grants.get(code);
  // A code serves once, whatever the outcome: presented with a wrong verifier, it is gone too.
  context.grants.delete(code);
  if (!grant || grant.expiresAt <= Date.now()) return refuse(400, 'invalid_grant', 'the code is unknown, used already, or expired');
  if (form.get('client_id') !== LOCAL_CLIENT_ID) return refuse(400, 'invalid_client', `the client must be ${LOCAL_CLIENT_ID}`);
  if (form.get('redirect_uri') !== grant.redirectUri)
    return refuse(400, 'invalid_grant', 'redirect_uri differs from the authorization request’s');
  const verifier = form.get('code_verifier') ?? '';
  if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || createHash('sha256').update(verifier).digest('base64url') !== grant.challenge)
    return refuse(400, 'invalid_grant', 'code_verifier does not match the code_challenge');
  const accessToken = await context.issuer.mint(grant.principal, context.tokenSeconds);
  json(
    response,
    200,
    { access_token: accessToken, token_type: 'Bearer', expires_in: context.tokenSeconds },
    { ...cors, 'cache-control': 'no-store', pragma: 'no-cache' },
  );
}

/** `GET /logout`: back to the console's `logout_uri`. */
function logout(options: IssuerServerOptions, response: ServerResponse, params: URLSearchParams): void {
  const refuse = (message: string) => page(response, options, 400, 'Déconnexion refusée', `<p>${message}</p>`);
  if (params.get('client_id') !== LOCAL_CLIENT_ID)
    return refuse(`L’application « ${escape(params.get('client_id') ?? '')} » est inconnue.`);
  const back = params.get('logout_uri') ?? '';
  if (!onConsole(options.consoleOrigin(), back)) return refuse(`L’adresse de retour « ${escape(back)} » n’est pas celle de la console.`);
  redirect(response, 302, back);
}

/** Whether a URI is on the console's origin (any path): the console's redirect and sign-out URIs. */
function onConsole(consoleOrigin: string | undefined, uri: string): boolean {
  if (!consoleOrigin || !URL.canParse(uri)) return false;
  const parsed = new URL(uri);
  return parsed.origin === consoleOrigin && parsed.username === '' && parsed.password === '' && parsed.hash === '';
}

/**
 * Whether a form comes from the issuer's own page: its Origin is this port on the loopback (a
 * browser always sends it with a POST; a script without one is on this machine already).
 */
function fromOwnPage(url: string, origin: string | undefined): boolean {
  if (origin === undefined) return true;
  if (!URL.canParse(origin)) return false;
  const parsed = new URL(origin);
  return isLoopbackHost(parsed.host) && parsed.port === new URL(url).port;
}

/** The token endpoint's CORS headers: the console's origin is allowed, no other. */
function corsHeaders(consoleOrigin: string | undefined, origin: string | undefined): Record<string, string> {
  return origin !== undefined && origin === consoleOrigin ? { 'access-control-allow-origin': origin, vary: 'origin' } : { vary: 'origin' };
}

/** What an OpenID Connect client reads first; the endpoints at Cognito's paths. */
function discovery(url: string) {
  return {
    issuer: url,
    authorization_endpoint: `${url}/oauth2/authorize`,
    token_endpoint: `${url}/oauth2/token`,
    end_session_endpoint: `${url}/logout`,
    jwks_uri: `${url}/.well-known/jwks.json`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code'],
    code_challenge_methods_supported: ['S256'],
    token_endpoint_auth_methods_supported: ['none'],
    subject_types_supported: ['public'],
    id_token_signing_alg_values_supported: ['RS256'],
    scopes_supported: ['openid'],
  };
}

/** A URL with these query parameters set (those it had kept). */
function withParams(uri: string, params: Readonly<Record<string, string>>): string {
  const target = new URL(uri);
  for (const [name, value] of Object.entries(params)) target.searchParams.set(name, value);
  return target.href;
}

/** A urlencoded body, or undefined past 16 KB. */
function readForm(request: IncomingMessage): Promise<URLSearchParams | undefined> {
  return new Promise((done, fail) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_FORM_BYTES) chunks.push(chunk);
    });
    request.once('end', () => done(size > MAX_FORM_BYTES ? undefined : new URLSearchParams(Buffer.concat(chunks).toString('utf8'))));
    request.once('error', fail);
  });
}

/** The console's stylesheet and the fonts and icons it names, from the built console. */
function serveStyle(response: ServerResponse, root: string, path: string): void {
  const base = resolve(root);
  const file = normalize(join(base, decodeURIComponent(path)));
  if (!file.startsWith(`${base}${sep}`) || !TYPES[extname(file)] || !existsSync(file) || !statSync(file).isFile())
    return json(response, 404, { error: 'not_found' });
  response.writeHead(200, { 'content-type': TYPES[extname(file)]!, 'cache-control': 'no-cache', 'x-content-type-options': 'nosniff' });
  createReadStream(file).pipe(response);
}

function redirect(response: ServerResponse, status: 302 | 303, location: string): void {
  response.writeHead(status, { location, 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
  response.end();
}

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}
