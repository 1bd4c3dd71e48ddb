/**
 * The local stack's OpenID Connect issuer, on its own: the authorization code flow as the console
 * runs it (PKCE S256, state echoed), the token it gives checked as the API checks tokens (its JWKS
 * over HTTP), and what it refuses — a wrong verifier, a code used twice or too late, a redirect or
 * a sign-out to another origin, a page asked under another Host, a form posted from another site.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRemoteJWKSet } from 'jose';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startIssuerServer, type IssuerServer } from '#local/issuer-server';
import { LOCAL_CLIENT_ID } from '#local/token-issuer';
import { jwksUrlOf, tokenVerifier } from '#runtime/access-tokens';

const CONSOLE = 'http://127.0.0.1:39999';
const dir = mkdtempSync(join(tmpdir(), 'registre-issuer-'));
let issuer: IssuerServer;
let late: IssuerServer;
beforeAll(async () => {
  issuer = await startIssuerServer({ host: '127.0.0.1', port: 0, dir, consoleOrigin: () => CONSOLE });
  late = await startIssuerServer({ host: '127.0.0.1', port: 0, dir, consoleOrigin: () => CONSOLE, codeSeconds: 0 });
});
afterAll(async () => {
  await issuer?.stop();
  await late?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw request, so that the Host and Origin headers are what a browser on another site would send. */
function raw(
  url: string,
  options: { method?: string; host?: string; origin?: string; form?: Record<string, string> } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const body = options.form && new URLSearchParams(options.form).toString();
  return new Promise((done, fail) => {
    const req = request(
      url,
      {
        method: options.method ?? (body ? 'POST' : 'GET'),
        headers: {
          ...(options.host && { host: options.host }),
          ...(options.origin && { origin: options.origin }),
          ...(body && { 'content-type': 'application/x-www-form-urlencoded' }),
        },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk) => (text += chunk));
        response.on('end', () => done({ status: response.statusCode!, headers: response.headers, body: text }));
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

const authorization = (challenge: string, more: Record<string, string> = {}) => ({
  response_type: 'code',
  client_id: LOCAL_CLIENT_ID,
  redirect_uri: `${CONSOLE}/`,
  scope: 'openid',
  state: 'st-1',
  code_challenge: challenge,
  code_challenge_method: 'S256',
  ...more,
});

/** The form of the sign-in page sent, as the browser sends it: back to the console with a code. */
async function codeFor(server: IssuerServer, challenge: string, choice = { role: 'secretariat', collectivites: '213505555 223500018' }) {
  const answer = await raw(`${server.url}/oauth2/authorize`, { origin: server.url, form: { ...authorization(challenge), ...choice } });
  expect(answer.status).toBe(303);
  const back = new URL(answer.headers.location as string);
  expect(back.origin).toBe(CONSOLE);
  expect(back.searchParams.get('state')).toBe('st-1');
  return back.searchParams.get('code')!;
}

const exchange = (server: IssuerServer, code: string, verifier: string, more: Record<string, string> = {}) =>
  raw(`${server.url}/oauth2/token`, {
    origin: CONSOLE,
    form: {
      grant_type: 'authorization_code',
      client_id: LOCAL_CLIENT_ID,
      code,
      redirect_uri: `${CONSOLE}/`,
      code_verifier: verifier,
      ...more,
    },
  });

test('it publishes its configuration, at Cognito’s paths, and its keys; its key stays in the state folder, this user’s only', async () => {
  const configuration = JSON.parse((await raw(`${issuer.url}/.well-known/openid-configuration`)).body);
  expect(configuration).toMatchObject({
    issuer: issuer.url,
    authorization_endpoint: `${issuer.url}/oauth2/authorize`,
    token_endpoint: `${issuer.url}/oauth2/token`,
    jwks_uri: `${issuer.url}/.well-known/jwks.json`,
    code_challenge_methods_supported: ['S256'],
  });
  const jwks = JSON.parse((await raw(`${issuer.url}/.well-known/jwks.json`)).body) as { keys: Record<string, unknown>[] };
  expect(jwks.keys).toHaveLength(1);
  expect(jwks.keys[0]).toMatchObject({ kty: 'RSA', alg: 'RS256', use: 'sig' });
  expect(jwks.keys[0]).not.toHaveProperty('d');
  expect(statSync(join(dir, 'issuer-key.json')).mode & 0o777).toBe(0o600);
});

test('the code flow: the page, the form, the code for its verifier — a token the API accepts, with the role and collectivités chosen', async () => {
  const { verifier, challenge } = pkce();
  const page = await raw(`${issuer.url}/oauth2/authorize?${new URLSearchParams(authorization(challenge))}`);
  expect(page.status).toBe(200);
  expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(page.body).toContain('<html lang="fr"');
  expect(page.body).toContain('<label class="fr-label" for="role-secretariat">Secrétariat de séance</label>');
  expect(page.body).toContain(`value="${challenge}"`);
  expect(page.headers['content-security-policy']).toContain(`form-action 'self' ${CONSOLE}`);

  const code = await codeFor(issuer, challenge);
  const answer = await exchange(issuer, code, verifier);
  expect(answer.status).toBe(200);
  expect(answer.headers['access-control-allow-origin']).toBe(CONSOLE);
  expect(answer.headers['cache-control']).toBe('no-store');
  const body = JSON.parse(answer.body);
  expect(body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 8 * 3600 });
  const verify = tokenVerifier({ issuer: issuer.url, audiences: [LOCAL_CLIENT_ID], keys: createRemoteJWKSet(jwksUrlOf(issuer.url)) });
  expect(await verify(body.access_token)).toEqual({
    principal: { role: 'secretariat', scope: ['213505555', '223500018'], sub: 'local-secretariat' },
  });
});

describe('what it refuses', () => {
  test('a wrong verifier, and the code is spent with it; a code used twice; a code too late', async () => {
    const { verifier, challenge } = pkce();
    const spent = await codeFor(issuer, challenge);
    const wrong = await exchange(issuer, spent, pkce().verifier);
    expect([wrong.status, JSON.parse(wrong.body).error]).toEqual([400, 'invalid_grant']);
    expect(JSON.parse((await exchange(issuer, spent, verifier)).body).error).toBe('invalid_grant');

    const code = await codeFor(issuer, challenge);
    expect((await exchange(issuer, code, verifier)).status).toBe(200);
    const again = await exchange(issuer, code, verifier);
    expect([again.status, JSON.parse(again.body).error]).toEqual([400, 'invalid_grant']);

    const expired = await exchange(late, await codeFor(late, challenge), verifier);
    expect([expired.status, JSON.parse(expired.body).error]).toEqual([400, 'invalid_grant']);
  });

  test('a code for another redirect URI, another client, or another grant', async () => {
    const { verifier, challenge } = pkce();
    const elsewhere = await exchange(issuer, await codeFor(issuer, challenge), verifier, { redirect_uri: `${CONSOLE}/other` });
    expect(JSON.parse(elsewhere.body).error).toBe('invalid_grant');
    const client = await exchange(issuer, await codeFor(issuer, challenge), verifier, { client_id: 'another-app' });
    expect(JSON.parse(client.body).error).toBe('invalid_client');
    const grant = await exchange(issuer, await codeFor(issuer, challenge), verifier, { grant_type: 'client_credentials' });
    expect(JSON.parse(grant.body).error).toBe('unsupported_grant_type');
  });

  test('an authorization without PKCE S256, or not for a code: sent back to the console with the error and the state', async () => {
    const { challenge } = pkce();
    for (const more of [{ code_challenge_method: 'plain' }, { code_challenge: '' }, { response_type: 'token' }] as Record<
      string,
      string
    >[]) {
      const answer = await raw(`${issuer.url}/oauth2/authorize?${new URLSearchParams(authorization(challenge, more))}`);
      expect(answer.status).toBe(302);
      const back = new URL(answer.headers.location as string);
      expect([back.origin, back.searchParams.get('state'), back.searchParams.get('code')]).toEqual([CONSOLE, 'st-1', null]);
      expect(back.searchParams.get('error')).toMatch(/^(invalid_request|unsupported_response_type)$/);
    }
  });

  test('a redirect URI off the console’s origin, or another client: said on the page, never redirected to', async () => {
    const { challenge } = pkce();
    for (const more of [
      { redirect_uri: 'https://evil.example/' },
      { redirect_uri: 'http://127.0.0.1:39998/' },
      { redirect_uri: 'http://localhost:39999/' },
      { client_id: 'another-app' },
    ] as Record<string, string>[]) {
      const page = await raw(`${issuer.url}/oauth2/authorize?${new URLSearchParams(authorization(challenge, more))}`);
      expect([page.status, page.headers.location]).toEqual([400, undefined]);
      const form = await raw(`${issuer.url}/oauth2/authorize`, {
        form: { ...authorization(challenge, more), role: 'admin', collectivites: '*' },
      });
      expect([form.status, form.headers.location]).toEqual([400, undefined]);
    }
  });

  test('the page under a Host that is not the loopback (DNS rebinding), and the form posted from another site', async () => {
    const { challenge } = pkce();
    const query = new URLSearchParams(authorization(challenge));
    const rebound = await raw(`${issuer.url}/oauth2/authorize?${query}`, { host: 'evil.example:3003' });
    expect(rebound.status).toBe(403);
    expect(rebound.body).not.toContain(challenge);
    const form = { ...authorization(challenge), role: 'admin', collectivites: '*' };
    expect((await raw(`${issuer.url}/oauth2/authorize`, { host: 'evil.example:3003', form })).status).toBe(403);
    expect((await raw(`${issuer.url}/oauth2/authorize`, { origin: 'https://evil.example', form })).status).toBe(403);
    expect(
      (await raw(`${issuer.url}/oauth2/token`, { host: 'evil.example:3003', form: { grant_type: 'authorization_code' } })).status,
    ).toBe(403);
  });

  test('a role or collectivités that make no token: the page again, with the problem at its field', async () => {
    const { challenge } = pkce();
    for (const [choice, field, problem] of [
      [{ role: 'chef', collectivites: '*' }, 'role-error', 'Choisissez un rôle'],
      [{ role: 'admin', collectivites: '' }, 'collectivites-error', 'au moins un SIREN'],
      [{ role: 'admin', collectivites: '123456789' }, 'collectivites-error', 'Ce ne sont pas des SIREN'],
      [{ role: 'admin', collectivites: '* 223500018' }, 'collectivites-error', 'ne le mêlez pas'],
    ] as const) {
      const page = await raw(`${issuer.url}/oauth2/authorize`, { origin: issuer.url, form: { ...authorization(challenge), ...choice } });
      expect(page.status).toBe(400);
      expect(page.body).toMatch(new RegExp(`id="${field}">[^<]*${problem}`));
    }
  });

  test('no CORS for another origin at the token endpoint', async () => {
    const { verifier, challenge } = pkce();
    const answer = await raw(`${issuer.url}/oauth2/token`, {
      origin: 'https://evil.example',
      form: {
        grant_type: 'authorization_code',
        client_id: LOCAL_CLIENT_ID,
        code: await codeFor(issuer, challenge),
        redirect_uri: `${CONSOLE}/`,
        code_verifier: verifier,
      },
    });
    expect(answer.headers['access-control-allow-origin']).toBeUndefined();
  });
});

test('sign-out goes back to the console only', async () => {
  const back = await raw(`${issuer.url}/logout?${new URLSearchParams({ client_id: LOCAL_CLIENT_ID, logout_uri: `${CONSOLE}/` })}`);
  expect([back.status, back.headers.location]).toEqual([302, `${CONSOLE}/`]);
  const away = await raw(
    `${issuer.url}/logout?${new URLSearchParams({ client_id: LOCAL_CLIENT_ID, logout_uri: 'https://evil.example/' })}`,
  );
  expect([away.status, away.headers.location]).toEqual([400, undefined]);
});
