/**
 * `registre token` against the running stack: a token of its issuer for a role and collectivités,
 * alone on standard output, that the API takes; one line and exit 1 for what it cannot mint. And the
 * other commands past the life of stack.json's tokens: a fresh one is minted from the issuer's key.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, test } from 'vitest';
import { ISSUER_KEY_FILE, localPrincipal } from '#local/token-issuer';
import { sampleEvents } from '../support/seance.ts';
import { api, asSession, processed, sessionPath, sirenFor, stack, stackIssuer } from './support.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const DATE = '2025-10-29';
const SIREN = sirenFor(DATE);
const events = asSession(sampleEvents('cd35-2025-03-20-ad-2025-0043.json'), 'cli-token', DATE);

/** Runs the CLI as a person does, on the state folder `dir` (the stack's own by default). */
function registre(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const dir = args.includes('--dir') ? [] : ['--dir', stack().dir];
  const { REGISTRE_URL: _url, REGISTRE_TOKEN: _token, ...env } = process.env;
  const child = spawn(process.execPath, ['cli/registre.ts', ...args, ...dir], { cwd: ROOT, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((done) => child.once('close', (status) => done({ status, stdout, stderr })));
}

beforeAll(async () => {
  expect((await api('POST', `${sessionPath({ siren: SIREN, sessionId: 'cli-token' })}/events`, { body: { events } })).status).toBe(202);
  await processed(
    { siren: SIREN, sessionId: 'cli-token' },
    events.map((e) => e.eventId),
  );
});

test('a token for a role and collectivités, alone on standard output, which the API takes for those only', async () => {
  const minted = await registre('token', '--role', 'secretariat', '--siren', SIREN, '--siren', '223500018', '--expires', '30m');
  expect(minted).toMatchObject({ status: 0, stderr: '' });
  expect(minted.stdout).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
  const token = minted.stdout.trim();
  const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString());
  expect(claims).toMatchObject({
    iss: stack().issuerUrl,
    client_id: 'registre-local',
    'cognito:groups': ['secretariat', `siren-${SIREN}`, 'siren-223500018'],
  });
  expect(claims.exp - claims.iat).toBe(1800);
  expect((await api('GET', `/assemblies/${SIREN}/sessions`, { token })).status).toBe(200);
  expect((await api('GET', `/assemblies/${sirenFor('2025-10-30')}/sessions`, { token })).status).toBe(403);

  const admin = await registre('token', '--role', 'admin', '--siren', '*', '--json');
  expect(admin.status).toBe(0);
  const answer = JSON.parse(admin.stdout);
  expect(answer).toMatchObject({ role: 'admin', scope: '*', sub: 'local-admin', expiresAt: expect.any(String) });
  expect((await api('GET', '/admin/failures', { token: answer.token })).status).toBe(200);
});

test.each([
  [['token', '--siren', '*'], 'registre : token demande un rôle : --role secretariat ou --role admin'],
  [['token', '--role', 'chef', '--siren', '*'], 'registre : --role vaut secretariat ou admin, pas "chef"'],
  [
    ['token', '--role', 'admin'],
    "registre : token demande ses collectivités : --siren SIREN (autant de fois qu'il faut), ou --siren '*' pour toutes",
  ],
  [
    ['token', '--role', 'admin', '--siren', '223500019'],
    `registre : --siren attend un SIREN (9 chiffres, clé de contrôle valide) ou '*', pas "223500019"`,
  ],
  [
    ['token', '--role', 'admin', '--siren', '*', '--siren', '223500018'],
    "registre : --siren '*' vaut toutes les collectivités : ne le mêlez pas à des SIREN",
  ],
  [
    ['token', '--role', 'admin', '--siren', '*', '--expires', '2d'],
    'registre : --expires attend une durée comme 30m, 1h, 8h ou 1d (au plus un jour), pas "2d"',
  ],
  [
    ['token', '--role', 'admin', '--siren', '*', '--expires', 'soon'],
    'registre : --expires attend une durée comme 30m, 1h, 8h ou 1d (au plus un jour), pas "soon"',
  ],
])('%j: one line, exit 1', async (args, line) => {
  expect(await registre(...args)).toEqual({ status: 1, stdout: '', stderr: `${line}\n` });
});

test('without a local stack in the folder: one line, exit 1', async () => {
  const empty = mkdtempSync(join(tmpdir(), 'registre-no-stack-'));
  const answer = await registre('token', '--role', 'admin', '--siren', '*', '--dir', empty);
  expect(answer.status).toBe(1);
  expect(answer.stderr).toBe(
    `registre : aucun stack local dans ${empty} : lancez "npm start" une fois (ou donnez --dir, son dossier d'état)\n`,
  );
});

test('the other commands outlive the tokens of stack.json: once expired, a fresh one is minted from the issuer’s key', async () => {
  // A state folder whose stack.json holds tokens expired an hour ago, beside the issuer's key.
  const dir = mkdtempSync(join(tmpdir(), 'registre-expired-'));
  copyFileSync(join(stack().dir, ISSUER_KEY_FILE), join(dir, ISSUER_KEY_FILE));
  const issuer = await stackIssuer();
  const expired = {
    secretariat: await issuer.mint(localPrincipal('secretariat'), -3600),
    admin: await issuer.mint(localPrincipal('admin'), -3600),
  };
  writeFileSync(join(dir, 'stack.json'), JSON.stringify({ apiUrl: stack().apiUrl, issuerUrl: stack().issuerUrl, tokens: expired }));
  const shown = await registre('session', SIREN, 'cli-token', '--dir', dir);
  expect([shown.status, shown.stderr]).toEqual([0, '']);
  expect(shown.stdout).toContain('cli-token');
  expect((await registre('failures', '--dir', dir)).status).toBe(0);
  // A token given is used as it is: expired, it is refused.
  const given = await registre('session', SIREN, 'cli-token', '--dir', dir, '--token', expired.secretariat);
  expect(given.status).toBe(1);
  expect(given.stderr).toContain('401');
});
