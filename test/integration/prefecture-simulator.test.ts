/**
 * The préfecture simulator as `npm start` runs it — no setting at all — holds every message to the
 * official @CTES XSD kept in the repository, and answers a message that breaks it with an
 * AnomalieActe naming the schema error.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildArchive, type ArchiveInput } from '#actes/actes-archive';
import { parseReturn } from '#actes/actes-xml';
import { startPrefectureSimulator, type PrefectureSimulator } from '#local/prefecture/simulator';
import { ACTES_SCHEMAS_DIR, xsdValidator } from '#local/prefecture/xsd';

const FAULTS_TOKEN = 'the-local-admin-token';
const dir = mkdtempSync(join(tmpdir(), 'registre-prefecture-'));
let simulator: PrefectureSimulator;
beforeAll(async () => {
  simulator = await startPrefectureSimulator({ dir, port: 0, faultsToken: FAULTS_TOKEN });
});
afterAll(async () => {
  await simulator.stop();
  rmSync(dir, { recursive: true, force: true });
});

const archive = (number: string, change: { objet?: string; natureCollectivite?: string; matieres?: number[] } = {}) => {
  const input: ArchiveInput = {
    actesId: `035-223500018-20250320-${number}-DE`,
    nature: 'DE',
    acte: {
      date: '2025-03-20',
      numeroInterne: number,
      matieres: change.matieres ?? [7, 1],
      objet: change.objet ?? 'Budget primitif 2025',
      classificationDate: '2025-01-01',
    },
    envelope: {
      siren: '223500018',
      departement: '035',
      arrondissement: '1',
      natureCollectivite: change.natureCollectivite ?? '00',
      returnEmails: ['actes@registre.test'],
    },
    pdf: Buffer.from('%PDF-1.7\n%…\n'),
    sentOn: '2025-03-28',
    serial: 1,
    operator: 'reg',
  };
  return buildArchive(input);
};

async function post(built: { name: string; bytes: Buffer }) {
  const response = await fetch(`${simulator.url}/actes`, {
    method: 'POST',
    headers: { 'content-type': 'application/gzip', 'content-disposition': `attachment; filename="${built.name}"` },
    body: built.bytes,
  });
  return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
}

test('without any setting, it validates against the schemas kept in the repository', () => {
  expect(simulator.schemas).toBe(ACTES_SCHEMAS_DIR);
});

test('a valid archive is acknowledged with an ARActe that is itself valid against the XSD', async () => {
  const answer = await post(await archive('XSD_VALID_1'));
  expect(answer.status).toBe(200);
  expect(parseReturn(answer.body)).toMatchObject({ kind: 'ARActe', idActe: '035-223500018-20250320-XSD_VALID_1-DE' });
  expect(await xsdValidator()('ar.xml', answer.body)).toEqual([]);
});

test('an Acte breaking the XSD (an Objet of 600 characters) gets an AnomalieActe naming the schema error, valid itself', async () => {
  const answer = await post(await archive('XSD_OBJET_1', { objet: 'Objet trop long '.repeat(38).slice(0, 600) }));
  expect(answer.status).toBe(200);
  const reply = parseReturn(answer.body);
  expect(reply).toMatchObject({ kind: 'AnomalieActe', nature: '002' });
  expect(reply.kind === 'AnomalieActe' && reply.detail).toMatch(/Objet.*maxLength.*500/);
  expect(await xsdValidator()('anomalie.xml', answer.body)).toEqual([]);
  const inbox = (await (await fetch(`${simulator.url}/inbox`)).json()) as { acts: { idActe: string; status: string }[] };
  expect(inbox.acts.find((a) => a.idActe.includes('XSD_OBJET_1'))).toMatchObject({ status: 'refused' });
});

test('an envelope breaking the XSD is refused at the envelope, naming the schema error', async () => {
  const answer = await post(await archive('XSD_ENVELOPE_1', { natureCollectivite: 'XYZ' }));
  expect(answer.status).toBe(400);
  const body = JSON.parse(answer.body.toString('utf8')) as { error: string; nature: string; detail: string };
  expect(body).toMatchObject({ error: 'anomalie_enveloppe', nature: '002' });
  expect(body.detail).toMatch(/Nature/);
});

test('an Acte too far from the XSD for any AnomalieActe to echo it (a single CodeMatiere) is refused at the envelope, naming the schema error', async () => {
  const answer = await post(await archive('XSD_MATIERE_1', { matieres: [7] }));
  expect(answer.status).toBe(400);
  const body = JSON.parse(answer.body.toString('utf8')) as { error: string; nature: string; detail: string };
  expect(body).toMatchObject({ error: 'anomalie_enveloppe', nature: '002' });
  expect(body.detail).toMatch(/CodeMatiere2/);
});

test('the same act received twice at once gets one answer, and one entry in the inbox', async () => {
  const built = await archive('TWICE_AT_ONCE');
  const [first, second] = await Promise.all([post(built), post(built)]);
  expect(second.body.toString('latin1')).toBe(first.body.toString('latin1'));
  const inbox = (await (await fetch(`${simulator.url}/inbox`)).json()) as { acts: { idActe: string }[] };
  expect(inbox.acts.filter((a) => a.idActe.includes('TWICE_AT_ONCE'))).toHaveLength(1);
});

test('finding 10 — faults are set only with the local admin token, and only with values of the right kind', async () => {
  const put = (body: string, token?: string) =>
    fetch(`${simulator.url}/_faults`, { method: 'PUT', body, ...(token && { headers: { authorization: `Bearer ${token}` } }) });
  expect((await put(JSON.stringify({ down: true }))).status).toBe(401);
  expect((await put(JSON.stringify({ down: true }), 'someone-else')).status).toBe(401);
  const wrong = await put(JSON.stringify({ down: 'yes', errorRate: 'lots' }), FAULTS_TOKEN);
  expect(wrong.status).toBe(400);
  expect(((await wrong.json()) as { violations: { field: string }[] }).violations.map((v) => v.field)).toEqual(['errorRate', 'down']);
  const notJson = await put('{nope', FAULTS_TOKEN);
  expect([notJson.status, await notJson.json()]).toEqual([400, expect.objectContaining({ error: 'invalid_json' })]);
  expect(simulator.faults().down).toBe(false);
  expect(await (await put(JSON.stringify({ latencyMs: 5 }), FAULTS_TOKEN)).json()).toMatchObject({ latencyMs: 5, down: false });
  simulator.setFaults({ latencyMs: 0 });
});
