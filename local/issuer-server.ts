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
import { isValidSiren } from '#events/vocabulary';
import { ROLES, type Principal, type Role } from '#runtime/access-tokens';
import { listen } from './http-adapter.ts';
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

/** An authorization request, as read from the page's query or its form. */
interface AuthorizationRequest {
  readonly redirectUri: string;
  readonly state: string | undefined;
  readonly challenge: string;
  readonly scope: string;
}

const ROLE_LABELS: Readonly<Record<Role, string>> = { secretariat: 'Secrétariat de séance', admin: 'Administration' };
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
  const grants = new Map<string, Grant>();
  const tokenSeconds = options.tokenSeconds ?? LOCAL_SESSION_SECONDS;
  const codeSeconds = options.codeSeconds ?? 60;
  let issuer: TokenIssuer | undefined;
  let url = '';

  const server = createServer((request, response) => {
    serve(request, response).catch(() => {
      if (!response.headersSent) json(response, 500, { error: 'server_error' });
      else response.end();
    });
  });

  async function serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const address = new URL(request.url ?? '/', 'http://issuer');
    const method = request.method ?? 'GET';
    const path = address.pathname;
    if (!issuer) return json(response, 503, { error: 'temporarily_unavailable' });
    if (method === 'GET' && path === '/.well-known/openid-configuration') return json(response, 200, discovery(url));
    if (method === 'GET' && path === '/.well-known/jwks.json') return json(response, 200, issuer.jwks);
    if (method === 'GET' && (path === '/styles.css' || path.startsWith('/assets/')) && options.styles)
      return serveStyle(response, options.styles, path);
    if (!isLoopbackHost(request.headers.host))
      return page(response, 403, 'Accès refusé', '<p>Cette page ne répond qu’aux pages de cette machine (127.0.0.1 ou localhost).</p>');
    if (path === '/oauth2/token') return token(request, response);
    if (path === '/oauth2/authorize' && method === 'GET') return authorizePage(response, address.searchParams);
    if (path === '/oauth2/authorize' && method === 'POST') return authorize(request, response);
    if (path === '/logout' && method === 'GET') return logout(response, address.searchParams);
    json(response, 404, { error: 'not_found' });
  }

  /** The sign-in page, for an authorization request that names this client and the console. */
  function authorizePage(response: ServerResponse, params: URLSearchParams): void {
    const read = readAuthorization(params);
    if ('page' in read) return page(response, 400, 'Demande de connexion refusée', `<p>${escape(read.page)}</p>`);
    if ('redirect' in read) return redirect(response, 302, read.redirect);
    return signInForm(response, 200, read.request, { role: 'secretariat', collectivites: '*' });
  }

  /** The form sent: a code for the chosen role and collectivités, and back to the console. */
  async function authorize(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (!fromOwnPage(request.headers.origin))
      return page(response, 403, 'Accès refusé', '<p>Ce formulaire ne se soumet que depuis la page de connexion de cette machine.</p>');
    const form = await readForm(request);
    if (!form) return page(response, 413, 'Demande trop longue', '<p>Le formulaire dépasse 16 Ko.</p>');
    const read = readAuthorization(form);
    if ('page' in read) return page(response, 400, 'Demande de connexion refusée', `<p>${escape(read.page)}</p>`);
    if ('redirect' in read) return redirect(response, 303, read.redirect);
    const role = form.get('role') ?? '';
    const collectivites = form.get('collectivites') ?? '';
    const chosen = chosenPrincipal(role, collectivites);
    if ('field' in chosen) return signInForm(response, 400, read.request, { role, collectivites, error: chosen });
    const code = randomBytes(32).toString('base64url');
    const now = Date.now();
    for (const [key, grant] of grants) if (grant.expiresAt <= now) grants.delete(key);
    grants.set(code, {
      redirectUri: read.request.redirectUri,
      challenge: read.request.challenge,
      principal: chosen,
      expiresAt: now + codeSeconds * 1000,
    });
    redirect(
      response,
      303,
      withParams(read.request.redirectUri, { code, ...(read.request.state !== undefined && { state: read.request.state }) }),
    );
  }

  /**
   * Reads the parameters every authorization request carries. A wrong client or redirect URI is said
   * on the page (never redirected to); anything else goes back to the console as an OAuth error.
   */
  function readAuthorization(params: URLSearchParams): { request: AuthorizationRequest } | { page: string } | { redirect: string } {
    if (params.get('client_id') !== LOCAL_CLIENT_ID)
      return { page: `L’application « ${params.get('client_id') ?? ''} » est inconnue : seule ${LOCAL_CLIENT_ID} se connecte ici.` };
    const redirectUri = params.get('redirect_uri') ?? '';
    if (!onConsole(redirectUri))
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

  async function token(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const cors = corsHeaders(request.headers.origin);
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
    const grant = grants.get(code);
    // A code serves once, whatever the outcome: presented with a wrong verifier, it is gone too.
    grants.delete(code);
    if (!grant || grant.expiresAt <= Date.now()) return refuse(400, 'invalid_grant', 'the code is unknown, used already, or expired');
    if (form.get('client_id') !== LOCAL_CLIENT_ID) return refuse(400, 'invalid_client', `the client must be ${LOCAL_CLIENT_ID}`);
    if (form.get('redirect_uri') !== grant.redirectUri)
      return refuse(400, 'invalid_grant', 'redirect_uri differs from the authorization request’s');
    const verifier = form.get('code_verifier') ?? '';
    if (!/^[A-Za-z0-9._~-]{43,128}$/.test(verifier) || createHash('sha256').update(verifier).digest('base64url') !== grant.challenge)
      return refuse(400, 'invalid_grant', 'code_verifier does not match the code_challenge');
    const accessToken = await issuer!.mint(grant.principal, tokenSeconds);
    json(
      response,
      200,
      { access_token: accessToken, token_type: 'Bearer', expires_in: tokenSeconds },
      { ...cors, 'cache-control': 'no-store', pragma: 'no-cache' },
    );
  }

  function logout(response: ServerResponse, params: URLSearchParams): void {
    if (params.get('client_id') !== LOCAL_CLIENT_ID)
      return page(response, 400, 'Déconnexion refusée', `<p>L’application « ${escape(params.get('client_id') ?? '')} » est inconnue.</p>`);
    const back = params.get('logout_uri') ?? '';
    if (!onConsole(back))
      return page(response, 400, 'Déconnexion refusée', `<p>L’adresse de retour « ${escape(back)} » n’est pas celle de la console.</p>`);
    redirect(response, 302, back);
  }

  /** Whether a URI is on the console's origin (any path): the console's redirect and sign-out URIs. */
  function onConsole(uri: string): boolean {
    const consoleOrigin = options.consoleOrigin();
    if (!consoleOrigin || !URL.canParse(uri)) return false;
    const parsed = new URL(uri);
    return parsed.origin === consoleOrigin && parsed.username === '' && parsed.password === '' && parsed.hash === '';
  }

  /**
   * Whether a form comes from the issuer's own page: its Origin is this port on the loopback (a
   * browser always sends it with a POST; a script without one is on this machine already).
   */
  function fromOwnPage(origin: string | undefined): boolean {
    if (origin === undefined) return true;
    if (!URL.canParse(origin)) return false;
    const parsed = new URL(origin);
    return isLoopbackHost(parsed.host) && parsed.port === new URL(url).port;
  }

  function corsHeaders(origin: string | undefined): Record<string, string> {
    return origin !== undefined && origin === options.consoleOrigin()
      ? { 'access-control-allow-origin': origin, vary: 'origin' }
      : { vary: 'origin' };
  }

  function signInForm(
    response: ServerResponse,
    status: number,
    request: AuthorizationRequest,
    values: { role: string; collectivites: string; error?: FieldError },
  ): void {
    const hidden = {
      response_type: 'code',
      client_id: LOCAL_CLIENT_ID,
      redirect_uri: request.redirectUri,
      code_challenge: request.challenge,
      code_challenge_method: 'S256',
      scope: request.scope,
      ...(request.state !== undefined && { state: request.state }),
    };
    const roleError = values.error?.field === 'role' ? values.error.message : undefined;
    const error = values.error?.field === 'collectivites' ? values.error.message : undefined;
    const radios = ROLES.map(
      (role) => `
          <div class="fr-fieldset__element">
            <div class="fr-radio-group">
              <input type="radio" id="role-${role}" name="role" value="${role}"${values.role === role ? ' checked' : ''}>
              <label class="fr-label" for="role-${role}">${ROLE_LABELS[role]}</label>
            </div>
          </div>`,
    ).join('');
    page(
      response,
      status,
      'Connexion à Registre sur ce poste',
      `<p>Sur cette machine, Registre est son propre fournisseur d’identité : choisissez le rôle et les collectivités
        de votre jeton, sans mot de passe. Sur AWS, Cognito vous demande votre identifiant et votre mot de passe.</p>
      <form method="post" action="/oauth2/authorize" novalidate>
        ${Object.entries(hidden)
          .map(([name, value]) => `<input type="hidden" name="${name}" value="${escape(value)}">`)
          .join('\n        ')}
        <fieldset class="fr-fieldset${roleError ? ' fr-fieldset--error' : ''}" id="role" aria-labelledby="role-legend${
          roleError ? ' role-error' : ''
        }">
          <legend class="fr-fieldset__legend" id="role-legend">Rôle</legend>${radios}
          ${roleError ? `<div class="fr-messages-group"><p class="fr-message fr-message--error" id="role-error">${escape(roleError)}</p></div>` : ''}
        </fieldset>
        <div class="fr-input-group${error ? ' fr-input-group--error' : ''}">
          <label class="fr-label" for="collectivites">Collectivités
            <span class="fr-hint-text">* pour toutes, ou leurs SIREN (9 chiffres) séparés par des espaces ou des virgules</span>
          </label>
          <input class="fr-input${error ? ' fr-input--error' : ''}" type="text" id="collectivites" name="collectivites"
            value="${escape(values.collectivites)}" autocomplete="off" spellcheck="false"${
              error ? ' aria-invalid="true" aria-describedby="collectivites-error"' : ''
            }>
          ${error ? `<p class="fr-error-text" id="collectivites-error">${escape(error)}</p>` : ''}
        </div>
        <button class="fr-btn" type="submit">Se connecter</button>
      </form>`,
    );
  }

  function page(response: ServerResponse, status: number, title: string, body: string): void {
    const consoleOrigin = options.consoleOrigin();
    response.writeHead(status, {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'content-security-policy': [
        "default-src 'none'",
        "style-src 'self'",
        "font-src 'self'",
        "img-src 'self' data:",
        // The form's answer redirects to the console: form-action covers the redirect too.
        `form-action 'self'${consoleOrigin ? ` ${consoleOrigin}` : ''}`,
        "base-uri 'none'",
        "frame-ancestors 'none'",
      ].join('; '),
      'x-content-type-options': 'nosniff',
      // Not no-referrer: the browser would then send "Origin: null" with the form, and fromOwnPage could not tell.
      'referrer-policy': 'same-origin',
    });
    response.end(`<!doctype html>
<html lang="fr" data-fr-scheme="light">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escape(title)} — Registre</title>
    ${options.styles ? '<link rel="stylesheet" href="/styles.css">' : ''}
  </head>
  <body>
    <main class="fr-container fr-py-4w" id="contenu">
      <h1>${escape(title)}</h1>
      ${body}
    </main>
  </body>
</html>
`);
  }

  const listening = await listen(server, options.host, options.port);
  url = listening.url;
  issuer = await localIssuer(options.dir, url);
  return {
    url,
    issuer,
    server,
    stop: () => new Promise<void>((done) => server.close(() => done())),
  };
}

/** The chosen role and collectivités, or why they cannot make a token (in French, for the form). */
/** A field of the sign-in form that makes no token, and why, in French. */
interface FieldError {
  readonly field: 'role' | 'collectivites';
  readonly message: string;
}

/** The chosen role and collectivités, or the field that cannot make a token. */
function chosenPrincipal(role: string, collectivites: string): Principal | FieldError {
  if (!(ROLES as readonly string[]).includes(role))
    return { field: 'role', message: 'Choisissez un rôle : secrétariat de séance ou administration.' };
  const problem = (message: string): FieldError => ({ field: 'collectivites', message });
  const words = collectivites.split(/[\s,;]+/).filter(Boolean);
  if (words.length === 0) return problem('Indiquez * (toutes les collectivités) ou au moins un SIREN.');
  if (words.includes('*')) {
    if (words.length > 1) return problem('* vaut toutes les collectivités : ne le mêlez pas à des SIREN.');
    return { role: role as Role, scope: '*', sub: `local-${role}` };
  }
  const wrong = words.filter((word) => !isValidSiren(word));
  if (wrong.length > 0) return problem(`Ce ne sont pas des SIREN (9 chiffres, clé de contrôle valide) : ${wrong.join(', ')}.`);
  return { role: role as Role, scope: [...new Set(words)], sub: `local-${role}` };
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

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
