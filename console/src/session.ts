/**
 * Who is signed in, and signing in: OpenID Connect's authorization code with PKCE (S256) at the
 * hosted sign-in that `/config.json` names — Cognito's on AWS, the local stack's issuer on this
 * machine, both at Cognito's paths. The access token is kept for the tab (sessionStorage: a reload
 * keeps it, closing the tab signs out); what it says — subject, role, collectivités, from its
 * `cognito:groups` — is read, not verified: the API verifies it at every request. When it expires,
 * or the API refuses it (401), the page goes back to the sign-in with a word saying so.
 */
import { CONFIG_PATH, ConsoleConfig } from '#console/config';
import { principalOf, type Role } from '#runtime/access-tokens';

export type { Role } from '#runtime/access-tokens';

export interface SignedIn {
  readonly token: string;
  readonly sub: string;
  readonly role: Role;
  /** The SIRENs the token acts for, or every collectivité. */
  readonly scope: '*' | readonly string[];
  /** When the token expires (ms since the epoch). */
  readonly expiresAt: number;
}

/** Why the sign-in page shows: what it then says. */
export type Notice = { readonly kind: 'expired' } | { readonly kind: 'failed'; readonly reason: string };

const TOKEN = 'registre.token';
/** The state, verifier and page of a sign-in under way, until the browser comes back with the code. */
const PENDING = 'registre.sign-in';
const NOTICE = 'registre.notice';

let config: ConsoleConfig | undefined;
const changes = new EventTarget();

/** Reads `/config.json`; the sign-in page says so when it cannot. */
export async function loadConfig(): Promise<ConsoleConfig | undefined> {
  try {
    const response = await fetch(CONFIG_PATH, { cache: 'no-cache' });
    const parsed = ConsoleConfig.safeParse(response.ok ? await response.json() : undefined);
    config = parsed.success ? parsed.data : undefined;
  } catch {
    config = undefined;
  }
  return config;
}

export const signInConfig = () => config;

/** The token of the tab while it is valid. */
export function signedIn(): SignedIn | undefined {
  const token = sessionStorage.getItem(TOKEN);
  const who = token ? read(token) : undefined;
  return who && who.expiresAt > Date.now() ? who : undefined;
}

/** Told of every sign-in and sign-out. */
export function onSessionChange(listener: () => void): () => void {
  changes.addEventListener('change', listener);
  return () => changes.removeEventListener('change', listener);
}

const changed = () => changes.dispatchEvent(new Event('change'));

/**
 * Ends the session when the token has expired or the API refused it: the token is dropped, and the
 * sign-in page says the session has expired. The steps waiting to be sent stay in the browser.
 */
export function sessionExpired(): void {
  if (sessionStorage.getItem(TOKEN) === null) return;
  sessionStorage.removeItem(TOKEN);
  sessionStorage.setItem(NOTICE, JSON.stringify({ kind: 'expired' } satisfies Notice));
  changed();
}

/** Ends the session if the kept token has expired (a tab reopened the next day, a timer that fired late). */
export function checkExpiry(): void {
  const token = sessionStorage.getItem(TOKEN);
  if (token !== null && !signedIn()) sessionExpired();
}

/** What the sign-in page has to say, once. */
export function takeNotice(): Notice | undefined {
  const notice = sessionStorage.getItem(NOTICE);
  sessionStorage.removeItem(NOTICE);
  try {
    return notice ? (JSON.parse(notice) as Notice) : undefined;
  } catch {
    return undefined;
  }
}

/** The console's one redirect and sign-out URI, which the app client registers: its origin's root. */
const redirectUri = () => `${location.origin}/`;

/** Goes to the hosted sign-in, with a new state and PKCE verifier kept for the tab; comes back to this page. */
export async function beginSignIn(): Promise<void> {
  if (!config) throw new Error('sign-in is not configured');
  const verifier = randomText(32);
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
  const state = randomText(16);
  const returnTo = /^#\/connexion\/?$/.test(location.hash) ? '#/' : location.hash || '#/';
  sessionStorage.setItem(PENDING, JSON.stringify({ state, verifier, returnTo }));
  const query = new URLSearchParams({
    response_type: 'code',
    client_id: config.signIn.clientId,
    redirect_uri: redirectUri(),
    scope: config.signIn.scopes.join(' '),
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  location.assign(`${config.signIn.authorizeUrl}?${query}`);
}

/**
 * Back from the hosted sign-in (`?code=…&state=…`, or `?error=…`): checks the state against the one
 * this tab sent, trades the code and the verifier for the access token, and drops them from the
 * address. Anything wrong is said on the sign-in page. Does nothing on any other load.
 */
export async function completeSignIn(): Promise<void> {
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return;
  const pending = readPending();
  sessionStorage.removeItem(PENDING);
  // The code serves once and must not stay in the address bar, the history or a bookmark.
  history.replaceState(null, '', `${location.pathname}${pending?.returnTo ?? '#/'}`);
  const fail = (reason: string) => sessionStorage.setItem(NOTICE, JSON.stringify({ kind: 'failed', reason } satisfies Notice));
  if (!config) return fail('la connexion n’est pas configurée (config.json illisible).');
  if (!pending || params.get('state') !== pending.state)
    return fail('la réponse du service de connexion ne correspond à aucune demande de cet onglet. Recommencez.');
  if (params.has('error')) return fail(`le service de connexion a répondu « ${params.get('error_description') ?? params.get('error')} ».`);
  let answer: Response;
  try {
    answer = await fetch(config.signIn.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        client_id: config.signIn.clientId,
        code: params.get('code') ?? '',
        redirect_uri: redirectUri(),
        code_verifier: pending.verifier,
      }),
    });
  } catch {
    return fail('le service de connexion ne répond pas.');
  }
  const body = (await answer.json().catch(() => ({}))) as { access_token?: unknown; error?: unknown };
  if (!answer.ok || typeof body.access_token !== 'string')
    return fail(`le service de connexion a refusé le code (${typeof body.error === 'string' ? body.error : answer.status}). Recommencez.`);
  if (!read(body.access_token))
    return fail(
      'votre compte n’a pas de rôle Registre (secrétariat ou administration) ou aucune collectivité : voyez avec votre administrateur.',
    );
  sessionStorage.setItem(TOKEN, body.access_token);
  changed();
}

/** Signs out of the console, then of the hosted sign-in, which comes back to the console's root. */
export function signOut(): void {
  sessionStorage.removeItem(TOKEN);
  changed();
  if (!config) return void (location.hash = '#/connexion');
  location.assign(`${config.signIn.logoutUrl}?${new URLSearchParams({ client_id: config.signIn.clientId, logout_uri: redirectUri() })}`);
}

function readPending(): { state: string; verifier: string; returnTo: string } | undefined {
  try {
    return (
      (JSON.parse(sessionStorage.getItem(PENDING) ?? 'null') as { state: string; verifier: string; returnTo: string } | null) ?? undefined
    );
  } catch {
    return undefined;
  }
}

/** What a token says of its bearer, as the API reads it (its groups), and when it expires. */
function read(token: string): SignedIn | undefined {
  try {
    const bytes = Uint8Array.from(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
    const claims = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    const principal = principalOf(claims);
    if (typeof principal === 'string' || typeof claims.exp !== 'number') return undefined;
    return { token, ...principal, expiresAt: claims.exp * 1000 };
  } catch {
    return undefined;
  }
}

const randomText = (bytes: number) => base64url(crypto.getRandomValues(new Uint8Array(bytes)));

function base64url(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_')
    .replace(/=+$/, '');
}

export const ROLE_LABELS: Readonly<Record<Role, string>> = { secretariat: 'secrétariat', admin: 'administration' };
