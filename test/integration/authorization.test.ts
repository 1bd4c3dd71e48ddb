/**
 * Who may call what, on the running stack (the API behind its HTTP adapter, checking tokens against
 * the local issuer's published keys as it checks Cognito's on AWS): every route of `apiRoutes` ×
 * each role × a token for the collectivité asked, for another one, or for all of them. A route added
 * to the API without its row here fails the first test. Then every way a token is refused (401), on
 * every route, and /health, open to all.
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { apiRoutes, type ApiDeps } from '#functions/api/app';
import { ephemeralIssuer } from '#local/token-issuer';
import { ROLES, type Principal, type Role } from '#runtime/access-tokens';
import { sampleEvents } from '../support/seance.ts';
import { api, asSession, eventually, processed, sessionPath, sirenFor, stack, stackIssuer, tokenFor } from './support.ts';

const SESSION_ID = 'authz';
const DATE = '2025-10-27';
/** The collectivité every request is about: it holds a séance whose act is certified. */
const SIREN = sirenFor(DATE);
/** Another collectivité. */
const OTHER = sirenFor('2025-10-28');
const events = asSession(sampleEvents('cd35-2025-03-20-ad-2025-0043.json'), SESSION_ID, DATE);
const SESSION = sessionPath({ siren: SIREN, sessionId: SESSION_ID });
const FAILURE_ID = '0123456789abcdef01234567';

interface Row {
  readonly path: string;
  readonly body?: unknown;
  /** The answer to a token acting for the collectivité asked (or for all), by role. */
  readonly allowed: Readonly<Record<Role, number>>;
  /** Whether the request names a collectivité, which a token for another one may not reach (403). */
  readonly scoped: boolean;
}

/** A request for every route of the API, and what each role gets. */
const MATRIX: Readonly<Record<string, Row>> = {
  'GET /assemblies': { path: '/assemblies', allowed: { secretariat: 200, admin: 200 }, scoped: false },
  'GET /assemblies/{siren}/sessions': { path: `/assemblies/${SIREN}/sessions`, allowed: { secretariat: 200, admin: 200 }, scoped: true },
  // The opening again: a duplicate, accepted (202) without changing anything.
  'POST /assemblies/{siren}/sessions/{sessionId}/events': {
    path: `${SESSION}/events`,
    body: { events: events.slice(0, 1) },
    allowed: { secretariat: 202, admin: 403 },
    scoped: true,
  },
  'GET /assemblies/{siren}/sessions/{sessionId}': { path: SESSION, allowed: { secretariat: 200, admin: 200 }, scoped: true },
  'GET /assemblies/{siren}/sessions/{sessionId}/events': {
    path: `${SESSION}/events`,
    allowed: { secretariat: 200, admin: 200 },
    scoped: true,
  },
  'GET /assemblies/{siren}/sessions/{sessionId}/items/{number}': {
    path: `${SESSION}/items/AD_2025_0043`,
    allowed: { secretariat: 200, admin: 200 },
    scoped: true,
  },
  'GET /assemblies/{siren}/sessions/{sessionId}/items/{number}/extract/{format}': {
    path: `${SESSION}/items/AD_2025_0043/extract/txt`,
    allowed: { secretariat: 200, admin: 200 },
    scoped: true,
  },
  // An item not on the agenda: a secretariat is told so (the route reached), an administrator may not publish.
  'POST /assemblies/{siren}/sessions/{sessionId}/items/{number}/publication': {
    path: `${SESSION}/items/ZZ_9999/publication`,
    allowed: { secretariat: 404, admin: 403 },
    scoped: true,
  },
  // No letter: the secretariat passes the guards and meets the 404 (the admin role too, for the documents).
  'GET /assemblies/{siren}/sessions/{sessionId}/items/{number}/letters/{letterId}/documents/{name}': {
    path: `${SESSION}/items/AD_2025_0043/letters/none/documents/none.pdf`,
    allowed: { secretariat: 404, admin: 404 },
    scoped: true,
  },
  'POST /assemblies/{siren}/sessions/{sessionId}/items/{number}/letters/{letterId}/answer': {
    path: `${SESSION}/items/AD_2025_0043/letters/none/answer`,
    allowed: { secretariat: 404, admin: 403 },
    scoped: true,
  },
  'POST /assemblies/{siren}/sessions/{sessionId}/items/{number}/cancellation': {
    path: `${SESSION}/items/ZZ_9999/cancellation`,
    allowed: { secretariat: 404, admin: 403 },
    scoped: true,
  },
  'GET /assemblies/{siren}/classification': {
    path: `/assemblies/${SIREN}/classification`,
    allowed: { secretariat: 200, admin: 200 },
    scoped: true,
  },
  'POST /assemblies/{siren}/classification': {
    path: `/assemblies/${SIREN}/classification`,
    allowed: { secretariat: 202, admin: 202 },
    scoped: true,
  },
  // No file in the body: the secretariat passes the guards and meets the empty-file refusal.
  'POST /assemblies/{siren}/annexes': { path: `/assemblies/${SIREN}/annexes`, allowed: { secretariat: 400, admin: 403 }, scoped: true },
  'GET /assemblies/{siren}/annexes/{file}': {
    path: `/assemblies/${SIREN}/annexes/${'0'.repeat(64)}`,
    allowed: { secretariat: 404, admin: 404 },
    scoped: true,
  },
  'GET /transmissions': { path: `/transmissions?siren=${SIREN}`, allowed: { secretariat: 200, admin: 200 }, scoped: true },
  'GET /admin/failures': { path: `/admin/failures?siren=${SIREN}`, allowed: { secretariat: 403, admin: 200 }, scoped: true },
  // No such failure: an administrator is told so, whatever the scope (a record out of scope is not found either).
  'GET /admin/failures/{id}': { path: `/admin/failures/${FAILURE_ID}`, allowed: { secretariat: 403, admin: 404 }, scoped: false },
  'POST /admin/failures/{id}/replay': {
    path: `/admin/failures/${FAILURE_ID}/replay`,
    allowed: { secretariat: 403, admin: 404 },
    scoped: false,
  },
  'POST /admin/replay': {
    path: '/admin/replay',
    body: { siren: SIREN, sessionId: SESSION_ID },
    allowed: { secretariat: 403, admin: 200 },
    scoped: true,
  },
  'POST /admin/assemblies/{siren}/sessions/{sessionId}/rebuild': {
    path: `/admin/assemblies/${SIREN}/sessions/${SESSION_ID}/rebuild`,
    body: { dryRun: true },
    allowed: { secretariat: 403, admin: 200 },
    scoped: true,
  },
};

const SCOPES = {
  'its collectivité': [SIREN],
  'another collectivité': [OTHER],
  'every collectivité (*)': '*',
} as const satisfies Record<string, Principal['scope']>;
type ScopeName = keyof typeof SCOPES;

/** The routes the handler serves (its dependencies are not reached: only the table of routes is read). */
const routes = apiRoutes({ verifyToken: async () => ({ refused: '' }) } as unknown as ApiDeps).map(
  (route) => `${route.method} ${route.path}`,
);
/** The routes open to anyone: the health check, the public site and the open data (CGCT L2131-1). */
const OPEN: Readonly<Record<string, string>> = {
  'GET /health': '/health',
  'GET /public': '/public',
  'GET /public/{siren}': `/public/${SIREN}`,
  'GET /public/{siren}/actes/{actesId}': `/public/${SIREN}/actes/035-${SIREN}-20251027-AD_2025_0043-DE`,
  'GET /public/{siren}/seances/{sessionId}': `/public/${SIREN}/seances/${SESSION_ID}`,
  'GET /open-data/deliberations.csv': `/open-data/deliberations.csv?siren=${SIREN}`,
};
const guarded = routes.filter((route) => OPEN[route] === undefined);

function expected(route: string, role: Role, scope: ScopeName): number {
  const row = MATRIX[route]!;
  const status = row.allowed[role];
  // The collectivité is checked before anything is read: a token for another one gets 403, whatever the request.
  if (scope === 'another collectivité' && row.scoped) return 403;
  return status;
}

/** The route's request with this token; the body as JSON when it is (an extract is not). */
async function call(route: string, token: string | null): Promise<{ status: number; body: any }> {
  const row = MATRIX[route]!;
  const response = await fetch(`${stack().apiUrl}${row.path}`, {
    method: route.split(' ')[0],
    // JSON asked for: a document route answers with its link (200) rather than sending the client on to it.
    headers: {
      ...(token !== null && { authorization: `Bearer ${token}` }),
      'content-type': 'application/json',
      accept: 'application/json',
    },
    ...(row.body !== undefined && { body: JSON.stringify(row.body) }),
  });
  const json = response.headers.get('content-type')?.startsWith('application/json');
  return { status: response.status, body: json ? await response.json() : await response.text() };
}

beforeAll(async () => {
  const posted = await api('POST', `${SESSION}/events`, { body: { events } });
  expect(posted.status).toBe(202);
  await processed(
    { siren: SIREN, sessionId: SESSION_ID },
    events.map((e) => e.eventId),
  );
  // Certified: the extract the matrix downloads is there.
  await eventually(async () => ((await api('GET', `${SESSION}/items/AD_2025_0043`)).body.extract ? true : undefined), 30);
  // Transmitted: the préfecture's classification, fetched with the first act, is kept.
  await eventually(async () => ((await api('GET', `/assemblies/${SIREN}/classification`)).status === 200 ? true : undefined), 30);
});

test('the matrix has a row for every route of the API, and no row for a route it does not serve', () => {
  expect(Object.keys(MATRIX).sort()).toEqual(guarded.sort());
  expect(routes).toEqual(expect.arrayContaining(Object.keys(OPEN)));
});

describe.each(ROLES)('%s', (role) => {
  const cases = guarded.flatMap((route) => (Object.keys(SCOPES) as ScopeName[]).map((scope) => [route, scope] as const));
  test.each(cases)('%s, with a token for %s', async (route, scope) => {
    const token = await tokenFor({ role, scope: SCOPES[scope], sub: `${role}-${scope}` });
    const answer = await call(route, token);
    expect([answer.status, answer.body]).toEqual([
      expected(route, role, scope),
      answer.status === 403 ? { error: 'forbidden', message: expect.any(String) } : answer.body,
    ]);
  });
});

describe('a token is refused (401) on every route', () => {
  const principal: Principal = { role: 'admin', scope: '*', sub: 'someone' };
  const refusals: [string, () => Promise<string | null>, RegExp][] = [
    ['without a token', async () => null, /Authorization: Bearer/],
    ['not a token', async () => 'forged.token.here', /not valid/],
    ['expired', () => tokenFor(principal, -60), /expired/],
    // Same issuer name, another key: a forgery.
    [
      'signed by another key under the issuer’s name',
      async () => (await ephemeralIssuer(stack().issuerUrl)).mint(principal),
      /not signed by the issuer/,
    ],
    [
      'from another issuer',
      async () => (await ephemeralIssuer('https://cognito-idp.eu-west-3.amazonaws.com/eu-west-3_other')).mint(principal),
      // Its key is not the issuer's: refused at the signature, before its issuer is read.
      /not signed by the issuer|another issuer/,
    ],
    [
      'issued to another app client',
      async () => (await stackIssuer()).mintClaims({ client_id: 'another-app', 'cognito:groups': ['admin', 'siren-*'] }),
      /another application/,
    ],
    ['without a role group', async () => (await stackIssuer()).mintClaims({ 'cognito:groups': ['siren-*'] }), /no role/],
    ['without a collectivité group', async () => (await stackIssuer()).mintClaims({ 'cognito:groups': ['admin'] }), /no collectivité/],
    [
      'an ID token, not an access token',
      async () => (await stackIssuer()).mintClaims({ token_use: 'id', 'cognito:groups': ['admin', 'siren-*'] }),
      /not an access token/,
    ],
  ];
  test.each(refusals)('%s', async (_, token, reason) => {
    const bearer = await token();
    for (const route of guarded) {
      const answer = await call(route, bearer);
      expect([route, answer.status, answer.body.error]).toEqual([route, 401, 'unauthorized']);
      expect(answer.body.message).toMatch(reason);
    }
  });
});

test.each(Object.entries(OPEN).filter(([route]) => route !== 'GET /health'))('%s is open: no token, or any', async (_, path) => {
  for (const token of [null, 'forged.token.here']) {
    const response = await fetch(`${stack().apiUrl}${path}`, { headers: token === null ? {} : { authorization: `Bearer ${token}` } });
    expect([path, response.status]).not.toEqual([path, 401]);
    expect(response.status).toBeLessThan(500);
  }
});

test('/health is open: no token, or any', async () => {
  expect(await api('GET', '/health', { token: null })).toEqual({ status: 200, body: { status: 'ok' } });
  expect(await api('GET', '/health', { token: 'forged.token.here' })).toEqual({ status: 200, body: { status: 'ok' } });
});
