/**
 * The dialogue with the préfecture after an act is acknowledged, through each connector: a letter
 * written by the préfecture agent in the simulator is received on the next poll, kept with its
 * documents against the act, acknowledged when the protocol says so, and answered from the API with
 * a PDF — the answer reaching the simulator, which acknowledges it; the cancellation of a
 * transmission answered by its ARAnnulation.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { uploadAnnex } from '#acts/annexes';
import { pollAcknowledgements } from '#functions/poll-acknowledgements/poll';
import { sampleEvents } from '../support/seance.ts';
import { closeHarnesses, harness, s2low, type Harness } from './prefecture-harness.ts';
import { asSession, eventually, sessionPath } from './support.ts';

afterEach(closeHarnesses);

const seed = sampleEvents('cd35-2025-03-20-ad-2025-0043.json');
const SIREN = '223500018';
const ITEM = 'AD_2025_0043';
const PDF = (text: string) => Buffer.from(`%PDF-1.7\n% ${text}\n%%EOF\n`);

/** The seed act acknowledged by the simulator, through the harness's connector. */
async function acknowledged(h: Harness, sessionId: string) {
  const actesId = await h.certified(asSession(seed, sessionId));
  h.transmitting();
  // Acknowledged at once through @CTES; through S²LOW, once polled.
  await eventually(async () => {
    await pollAcknowledgements(h.deps);
    return (await h.transmission(actesId))?.status === 'acknowledged' ? true : undefined;
  });
  return { actesId, item: `${sessionPath({ siren: SIREN, sessionId })}/items/${ITEM}` };
}

/** The préfecture agent writes a letter from the simulator's page (its JSON form). */
async function write(h: Harness, actesId: string, kind: string, detail: string) {
  const response = await fetch(`${h.simulator.url}/actes/${actesId}/courriers`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ kind, detail }),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { id: string; archiveName: string };
}

async function upload(h: Harness, bytes: Buffer) {
  const uploaded = await uploadAnnex(SIREN, bytes, h.deps.documents);
  if (!uploaded.ok) throw new Error(uploaded.reason);
  return uploaded.annex.file;
}

describe.each([
  ['the @CTES archive', undefined],
  ['the S²LOW API', s2low],
] as const)('the dialogue through %s', (_, connect) => {
  test('a request for documents is received, acknowledged, answered from the API with a PDF and a piece, and the simulator receives them', async () => {
    const h = await harness({}, connect);
    const { actesId, item } = await acknowledged(h, `letters-${connect ? 's2low' : 'actes'}`);

    await write(h, actesId, 'pieces', 'Le plan de financement signé');
    expect((await pollAcknowledgements(h.deps)).letters).toBe(1);
    expect((await pollAcknowledgements(h.deps)).letters).toBe(0);

    const { body: view } = await h.api('GET', item);
    expect(view.letters).toHaveLength(1);
    const [letter] = view.letters;
    expect(letter).toMatchObject({
      kind: 'pieces',
      label: 'Demande de pièces complémentaires',
      detail: 'Le plan de financement signé',
      expects: ['reponse', 'refus'],
      answer: null,
    });
    expect(letter.documents).toEqual([{ name: `${actesId}-3-1_1.pdf`, path: expect.stringContaining('/documents/') }]);
    const sent = h.simulator.inbox.get(actesId)!;
    expect(sent.letters?.[0]?.readAt).toEqual(expect.any(String));
    // The acknowledgement the protocol requires on receipt (3-2) went back through @CTES; S²LOW gives it itself.
    expect(sent.messages?.map((m) => m.name) ?? []).toEqual(connect ? [] : ['ARDemandePieceComplementaire']);

    const answer = await upload(h, PDF('courrier de réponse'));
    const piece = await upload(h, PDF('plan de financement'));
    const answered = await h.api('POST', `${item}/letters/${letter.id}/answer`, {
      kind: 'reponse',
      files: [
        { file: answer, type: '99_AU' },
        { file: piece, type: '22_AN' },
      ],
    });
    expect(answered).toMatchObject({ status: 202, body: { status: 'requested' } });
    expect(
      (await h.api('POST', `${item}/letters/${letter.id}/answer`, { kind: 'refus', files: [{ file: answer, type: '99_AU' }] })).status,
    ).toBe(409);

    const received = await eventually(async () => h.simulator.inbox.get(actesId)!.messages?.find((m) => m.name === 'PieceComplementaire'));
    expect(received).toMatchObject({
      code: '3-4',
      letterId: connect ? letter.id : expect.any(String),
      documents: [`99_AU-${actesId}-3-4_1.pdf`, `22_AN-${actesId}-3-4_2.pdf`],
    });
    expect(h.simulator.inbox.document(actesId, `22_AN-${actesId}-3-4_2.pdf`)).toEqual(PDF('plan de financement'));
    const after = await eventually(async () => {
      const { body } = await h.api('GET', item);
      return body.letters[0].answer?.sentAt ? body.letters[0].answer : undefined;
    });
    expect(after).toMatchObject({ kind: 'reponse', status: connect ? 'sent' : 'acknowledged' });

    const page = await (await fetch(`${h.simulator.url}/actes/${actesId}`)).text();
    expect(page).toContain('Demande de pièces complémentaires');
    expect(page).toContain('Pièces complémentaires');
  });

  test('a cancellation asked from the API is sent, acknowledged (ARAnnulation), and the act shows it', async () => {
    const h = await harness({}, connect);
    const { actesId, item } = await acknowledged(h, `cancel-${connect ? 's2low' : 'actes'}`);
    expect(await h.api('POST', `${item}/cancellation`)).toMatchObject({ status: 202, body: { status: 'requested' } });
    const cancelled = await h.until(actesId, 'cancelled');
    expect(cancelled).toMatchObject({
      cancellation: { detail: 'annulée à la demande de la collectivité', requestedAt: expect.any(String) },
    });
    if (!connect) expect(cancelled?.cancellation?.receivedOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(h.simulator.inbox.get(actesId)?.cancelledOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const { body: view } = await h.api('GET', item);
    expect(view).toMatchObject({ status: 'cancelled', statusLabel: 'transmission annulée' });
    expect(await h.api('POST', `${item}/cancellation`)).toMatchObject({ status: 200, body: { status: 'cancelled' } });
  });
});

describe.each([
  ['the @CTES archive', undefined],
  ['the S²LOW API', s2low],
] as const)('what the préfecture side refuses, through %s', (_, connect) => {
  test('an answer refused is shown with the reason, and another may be sent; a cancellation refused may be asked again', async () => {
    const h = await harness({ refuseMessages: 'Le fichier est illisible' }, connect);
    const { actesId, item } = await acknowledged(h, `refused-${connect ? 's2low' : 'actes'}`);
    await write(h, actesId, 'observations', 'Incompétence');
    await eventually(async () => ((await pollAcknowledgements(h.deps)).letters === 1 ? true : undefined));
    const letterId = (await h.api('GET', item)).body.letters[0].id;
    const file = await upload(h, PDF('réponse'));
    const answer = { kind: 'reponse', files: [{ file, type: '99_AU' }] };
    expect((await h.api('POST', `${item}/letters/${letterId}/answer`, answer)).status).toBe(202);
    const refused = await eventually(async () => {
      const found = (await h.api('GET', item)).body.letters[0];
      return found.answer?.status === 'refused' ? found : undefined;
    });
    expect(refused).toMatchObject({ answer: { refusal: 'Le fichier est illisible' }, expects: ['reponse', 'refus'] });

    expect((await h.api('POST', `${item}/cancellation`)).status).toBe(202);
    const kept = await eventually(async () => {
      const t = await h.transmission(actesId);
      return t?.cancellation?.refused ? t : undefined;
    });
    expect(kept).toMatchObject({ status: 'acknowledged', cancellation: { refused: { detail: 'Le fichier est illisible' } } });

    h.simulator.setFaults({ refuseMessages: null });
    expect((await h.api('POST', `${item}/letters/${letterId}/answer`, { ...answer, kind: 'refus' })).status).toBe(202);
    await eventually(async () => ((await h.api('GET', item)).body.letters[0].answer?.sentAt ? true : undefined));
    expect(h.simulator.inbox.get(actesId)?.messages?.map((m) => m.name)).toContain('RejetLettreObservations');
    expect((await h.api('POST', `${item}/cancellation`)).status).toBe(202);
    await h.until(actesId, 'cancelled');
  });
});

describe('what the API refuses', () => {
  test('an answer the letter does not take, a letter that is not a PDF, a file never uploaded; the admin role; an act not transmitted cannot be cancelled', async () => {
    const h = await harness();
    const { actesId, item } = await acknowledged(h, 'letters-refusals');
    await write(h, actesId, 'defere', 'Incompétence de l’auteur de l’acte');
    await write(h, actesId, 'observations', 'La délibération méconnaît l’article L. 3211-1');
    await pollAcknowledgements(h.deps);
    const { body: view } = await h.api('GET', item);
    const defere = view.letters.find((l: { kind: string }) => l.kind === 'defere');
    const observations = view.letters.find((l: { kind: string }) => l.kind === 'observations');
    expect(defere).toMatchObject({ label: 'Déféré au tribunal administratif', expects: [] });
    const pdf = await upload(h, PDF('réponse'));
    const png = await upload(h, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('x')]));

    expect(
      await h.api('POST', `${item}/letters/${defere.id}/answer`, { kind: 'reponse', files: [{ file: pdf, type: '99_AU' }] }),
    ).toMatchObject({
      status: 409,
      body: { error: 'not_expected' },
    });
    expect(
      await h.api('POST', `${item}/letters/${observations.id}/answer`, { kind: 'reponse', files: [{ file: png, type: '99_AU' }] }),
    ).toMatchObject({
      status: 422,
      body: { field: 'files[0].file' },
    });
    expect(
      await h.api('POST', `${item}/letters/${observations.id}/answer`, {
        kind: 'reponse',
        files: [{ file: 'f'.repeat(64), type: '99_AU' }],
      }),
    ).toMatchObject({ status: 422, body: { field: 'files[0].file' } });
    expect(
      await h.api('POST', `${item}/letters/${observations.id}/answer`, {
        kind: 'reponse',
        files: [
          { file: pdf, type: '99_AU' },
          { file: png, type: '75_PL' },
        ],
      }),
    ).toMatchObject({ status: 422, body: { field: 'files' } });
    expect(await h.api('POST', `${item}/letters/${observations.id}/answer`, { kind: 'maybe', files: [] })).toMatchObject({
      status: 400,
      body: { violations: [{ field: 'kind' }, { field: 'files' }] },
    });
    expect(
      await h.api('POST', `${item}/letters/${observations.id}/answer`, { kind: 'reponse', files: [{ file: pdf, type: '99_AU' }] }, 'admin'),
    ).toMatchObject({ status: 403 });
    expect(await h.api('POST', `${item}/letters/nope/answer`, { kind: 'reponse', files: [{ file: pdf, type: '99_AU' }] })).toMatchObject({
      status: 404,
    });

    const other = await h.certified(asSession(seed, 'letters-not-sent', '2025-08-20'));
    expect(
      await h.api('POST', `${sessionPath({ siren: other.split('-')[1]!, sessionId: 'letters-not-sent' })}/items/${ITEM}/cancellation`),
    ).toMatchObject({ status: 409, body: { error: 'not_transmitted' } });
  });
});
