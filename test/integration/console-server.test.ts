/**
 * The console as `npm start` serves it: its pages with their security headers, the API's paths
 * forwarded to the API on the same origin, `/config.json` naming the local issuer for the sign-in,
 * and nothing outside the built folder.
 */
import { request } from 'node:http';
import { expect, test } from 'vitest';
import { ConsoleConfig } from '#console/config';
import { stack } from './support.ts';

/** A raw request, so that the Host header can be what another site would send. */
function get(path: string, host?: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const url = new URL(path, stack().consoleUrl);
  return new Promise((done, fail) => {
    const req = request(url, { headers: host ? { host } : {} }, (response) => {
      let body = '';
      response.on('data', (chunk) => (body += chunk));
      response.on('end', () => done({ status: response.statusCode!, headers: response.headers, body }));
    });
    req.on('error', fail);
    req.end();
  });
}

test('the pages, with a Content-Security-Policy that allows this origin, and the issuer’s token endpoint to be called', async () => {
  const page = await get('/');
  expect(page.status).toBe(200);
  expect(page.body).toContain('<html lang="fr"');
  expect(page.headers['content-security-policy']).toContain("default-src 'self'");
  expect(page.headers['content-security-policy']).toMatch(new RegExp(`connect-src 'self' ${stack().issuerUrl}[ ;]`));
  expect((await get('/app.js')).headers['content-type']).toBe('text/javascript; charset=utf-8');
});

test('the API on the same origin: its paths are forwarded, with their answers and refusals', async () => {
  expect(JSON.parse((await get('/health')).body)).toEqual({ status: 'ok' });
  expect((await get('/assemblies')).status).toBe(401);
});

test('/config.json tells the pages to sign in with the local issuer, at Cognito’s paths, and hands out no token', async () => {
  const answer = await get('/config.json');
  expect(answer.status).toBe(200);
  expect(answer.headers['cache-control']).toBe('no-cache');
  expect(ConsoleConfig.parse(JSON.parse(answer.body))).toEqual({
    signIn: {
      authorizeUrl: `${stack().issuerUrl}/oauth2/authorize`,
      tokenUrl: `${stack().issuerUrl}/oauth2/token`,
      logoutUrl: `${stack().issuerUrl}/logout`,
      clientId: 'registre-local',
      scopes: ['openid'],
    },
  });
  expect(answer.body).not.toContain(stack().tokens.admin);
  expect((await get('/_local/sign-in')).status).toBe(404);
});

test('nothing outside the built console is served', async () => {
  expect((await get('/../package.json')).status).toBe(404);
  expect((await get('/%2e%2e/secrets.json')).status).toBe(404);
  expect((await get('/missing.js')).status).toBe(404);
});
