/**
 * `registre start` as a user runs it, in a child process: the séance recorded before a Ctrl-C is
 * there after the restart, with tokens of the same issuer key; and the CLI's answers as a person sees them.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { sampleEvents } from '../support/seance.ts';

const dir = mkdtempSync(join(tmpdir(), 'registre-restart-'));
const running = new Set<ChildProcess>();
afterAll(async () => {
  // A failed assertion must not leave a stack (and its Java engine) behind.
  for (const child of running) await stop(child);
  rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<{ child: ChildProcess; apiUrl: string; token: string }> {
  // As a user's shell starts it: without the préfecture the shared stack of this process set.
  const { ACTES_ENDPOINT: _endpoint, PREFECTURE_CONNECTOR: _connector, ...env } = process.env;
  const child = spawn(process.execPath, ['cli/registre.ts', 'start', '--port', '0', '--dir', dir], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env,
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  await new Promise<void>((ready, fail) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      if (output.includes('Registre tourne')) ready();
    });
    child.once('exit', (code) => fail(new Error(`registre start exited with ${code}: ${output}`)));
  });
  const stack = JSON.parse(readFileSync(join(dir, 'stack.json'), 'utf8')) as { apiUrl: string; tokens: { secretariat: string } };
  return { child, apiUrl: stack.apiUrl, token: stack.tokens.secretariat };
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  child.kill('SIGINT');
  return exited;
}

const get = async (apiUrl: string, token: string, path: string) =>
  (await fetch(`${apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } })).json() as Promise<any>;

test('a restart keeps the séances, their event log and the issuer’s key; Ctrl-C stops everything cleanly', async () => {
  const first = await start();
  const events = sampleEvents('val-exemple-2025-06-12-commune.json');
  const sessionId = events[0]!.sessionId;
  const opening = events.find((e) => e.type === 'SessionOpened')!;
  const siren = opening.type === 'SessionOpened' ? opening.payload.assembly.siren : '';
  const path = `/assemblies/${siren}/sessions/${sessionId}`;
  const posted = await fetch(`${first.apiUrl}${path}/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${first.token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  });
  expect(posted.status).toBe(202);
  let before: any;
  // Every event applied, and every signed act answered by the préfecture: nothing moves any more.
  const settled = (view: any) =>
    view.version === events.length &&
    view.items.every((i: { status: string }) => !['signed', 'certified', 'transmitted'].includes(i.status));
  for (let i = 0; i < 300; i++) {
    before = await get(first.apiUrl, first.token, path);
    if (settled(before)) break;
    await new Promise((done) => setTimeout(done, 100));
  }
  expect(before.version).toBe(events.length);
  expect(before.items.map((i: { statusLabel: string }) => i.statusLabel)).toContain('acquittée');
  // The CLI against that stack: the séance for a person, and a refusal as one line per problem, exit 1.
  const cli = (...args: string[]) => spawnSync(process.execPath, ['cli/registre.ts', ...args, '--dir', dir], { encoding: 'utf8' });
  const shown = cli('session', siren, sessionId);
  expect(shown.status).toBe(0);
  expect(shown.stdout).toContain('levée à 20:30');
  const invalid = join(dir, 'invalid.json');
  writeFileSync(invalid, JSON.stringify({ ...events[1], eventId: 'bad-1', payload: { entries: [{ memberId: 'x', status: 'gone' }] } }));
  const refused = cli('send', invalid, '--siren', siren);
  expect(refused.status).toBe(1);
  expect(refused.stderr.trim().split('\n')).toEqual([
    "registre : refusé (400) : des événements ne respectent pas le contrat ; aucun n'a été enregistré",
    '  événement n° 0 (bad-1) : payload.entries[0].status : Invalid option: expected one of "present"|"absent"|"withdrawn"',
  ]);
  // The demo reports each step as it is reached, in the act's order, and ends with its status in words;
  // with --letters, the préfecture then asks for pieces, which the collectivité sends and the préfecture acknowledges.
  const demo = cli('demo', '--letters');
  expect(demo.status).toBe(0);
  const steps = demo.stdout
    .split('\n')
    .filter((line) => /^\s+\d+\.\d s {2}/.test(line))
    .map((line) => line.replace(/^\s+\d+\.\d s {2}/, ''));
  expect(steps[0]).toBe('séance cd35-2025-03-20 envoyée : 5 événement(s) accepté(s)');
  expect(steps).toContain('événements appliqués : 5 sur 5');
  // The act's own steps, in its order, whenever the log's count catches up with them.
  expect(steps.filter((line) => !line.startsWith('événements')).map((line) => line.split(/[ :]/)[0])).toEqual([
    'séance',
    'délibération',
    'signée',
    'certifiée',
    'transmise',
    'acquittée',
    'publiée',
    'page',
    'la',
    'courrier',
    'réponse',
    'la',
  ]);
  expect(steps.at(-1)).toMatch(/^la préfecture accuse réception des pièces le \d+ \S+ \d{4} : le délai du contrôle de légalité reprend$/);
  expect(demo.stdout).toContain('statut : publiée');
  expect(demo.stdout).toMatch(/courrier {4}: Demande de pièces complémentaires du .* — réponse reçue par la préfecture le /);
  expect(statSync(join(dir, 'stack.json')).mode & 0o777).toBe(0o600);
  expect(await stop(first.child)).toBe(0);

  const second = await start();
  // Tokens are minted at each start (they expire), with the key kept in the state folder.
  expect(second.token).not.toBe(first.token);
  expect(JSON.parse(Buffer.from(second.token.split('.')[0]!, 'base64url').toString()).kid).toBe(
    JSON.parse(Buffer.from(first.token.split('.')[0]!, 'base64url').toString()).kid,
  );
  expect(await get(second.apiUrl, second.token, path)).toEqual(before);
  const log = await get(second.apiUrl, second.token, `${path}/events`);
  expect(log.events.map((e: { status: string }) => e.status)).toEqual(events.map(() => 'applied'));
  expect(await stop(second.child)).toBe(0);
});
