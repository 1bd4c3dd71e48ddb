/**
 * The command line as a person runs it against the running stack: French lines, one per problem, exit
 * 1 on a refusal; `--json` for refusals too; an answer that is not the API's shown as one line.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { sampleEvents } from '../support/seance.ts';
import { api, asSession, processed, seance, sessionPath, stack } from './support.ts';

const ROOT = join(import.meta.dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'registre-cli-'));

/** Runs the CLI without blocking this process (the stack's handlers run in it). */
function registre(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const target = args.includes('--url') ? [] : ['--url', stack().apiUrl, '--token', stack().tokens.secretariat];
  const child = spawn(process.execPath, ['cli/registre.ts', ...args, ...target, '--dir', dir], { cwd: ROOT });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((done) => child.once('close', (status) => done({ status, stdout, stderr })));
}

test('--version answers with the package version', async () => {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
  expect(await registre('--version')).toMatchObject({ status: 0, stdout: `registre ${version}\n` });
});

test('a rule refusal prints French lines, one per problem, and exits 1; --json prints the API’s answer (CGCT L3121-16)', async () => {
  const [opening, roll] = asSession(sampleEvents('cd35-2025-03-20-ad-2025-0043.json'), 'cli-proxy', '2025-03-25');
  const key = seance('cli-proxy', '2025-03-25');
  expect((await api('POST', `${sessionPath(key)}/events`, { body: { events: [opening, roll] } })).status).toBe(202);
  await processed(key, [opening!.eventId, roll!.eventId]);
  const file = join(dir, 'second-proxy.json');
  writeFileSync(
    file,
    JSON.stringify({
      eventId: 'cli-proxy-second',
      type: 'AttendanceRecorded',
      sessionId: 'cli-proxy',
      occurredAt: '2025-03-25T10:15:00+01:00',
      payload: { entries: [{ memberId: 'bourgeaux', status: 'absent', proxyTo: 'le-moal' }] },
    }),
  );

  expect(await registre('send', file)).toMatchObject({
    status: 1,
    stderr: `registre : ${file} n'ouvre pas de séance : donnez la collectivité avec --siren\n`,
  });
  const refused = await registre('send', file, '--siren', key.siren);
  expect(refused.status).toBe(1);
  expect(refused.stderr.trim().split('\n')).toEqual([
    "registre : refusé (422) : des événements enfreignent les règles de la séance ; aucun n'a été enregistré",
    '  événement n° 0 (cli-proxy-second) : M. LE MOAL détient déjà un pouvoir (CGCT L3121-16)',
  ]);

  const json = await registre('send', file, '--siren', key.siren, '--json');
  expect(json.status).toBe(1);
  expect(JSON.parse(json.stdout)).toMatchObject({
    error: 'rule_violation',
    events: [{ code: 'PROXY_HOLDER_FULL', rule: 'CGCT L3121-16' }],
  });
});

test('a usage error is one French line, or {error, message} with --json', async () => {
  const message = "item demande le SIREN de la collectivité, l'identifiant de la séance et le numéro de la délibération";
  expect(await registre('item', '223500018', 'cli-proxy')).toMatchObject({ status: 1, stderr: `registre : ${message}\n` });
  const json = await registre('item', '223500018', 'cli-proxy', '--json');
  expect(json.status).toBe(1);
  expect(JSON.parse(json.stdout)).toEqual({ error: 'cli', message });
});

test('an answer that is not the API’s (a proxy’s 502 page) is one line, never a stack trace', async () => {
  const proxy = createServer((_, response) => {
    response.writeHead(502, { 'content-type': 'text/html' });
    response.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
  });
  await new Promise<void>((done) => proxy.listen(0, '127.0.0.1', done));
  const { port } = proxy.address() as { port: number };
  const url = `http://127.0.0.1:${port}`;
  try {
    for (const command of [
      ['session', '223500018', 'cli-proxy'],
      ['extract', '223500018', 'cli-proxy', 'AD_2025_0043', '--format', 'txt'],
    ]) {
      const answer = await registre(...command, '--url', url, '--token', 't');
      expect(answer).toMatchObject({
        status: 1,
        stderr: 'registre : réponse inattendue (502) : <html><body><h1>502 Bad Gateway</h1></body></html>\n',
      });
    }
  } finally {
    await new Promise((done) => proxy.close(done));
  }
});
