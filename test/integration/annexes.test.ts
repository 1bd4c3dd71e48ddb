/**
 * An act with its annexes, from the upload to the préfecture: each annex kept under its SHA-256,
 * listed by the agenda with its piece type, sent in the @CTES archive (XSD-valid, named after its
 * type and place) and through the S²LOW form (acte_attachments[], type_pj[]), and received so by the
 * préfecture simulator.
 */
import { afterEach, describe, expect, test } from 'vitest';
import { readArchive } from '#actes/actes-archive';
import { uploadAnnex } from '#acts/annexes';
import type { Annex, SessionEvent } from '#events/session-events';
import { xsdValidator } from '#local/prefecture/xsd';
import { sampleEvents } from '../support/seance.ts';
import { closeHarnesses, harness, s2low, type Harness } from './prefecture-harness.ts';
import { api, asSession, processed, seance, sessionPath, stack } from './support.ts';

afterEach(closeHarnesses);

const seed = sampleEvents('cd35-2025-03-20-ad-2025-0043.json');
const SIREN = '223500018';

/** Three annexes, one of each format @CTES carries: bytes as their headers begin, enough for a préfecture's check. */
const FILES = [
  { type: '22_AN', title: 'Budget primitif 2025 — présentation', bytes: Buffer.from('%PDF-1.7\n% budget\n%%EOF\n') },
  {
    type: '75_PL',
    title: 'Plan de situation',
    bytes: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('plan')]),
  },
  { type: '99_AU', title: 'Photographie du site', bytes: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('photo')]) },
];

/** The seed séance under its own id, its délibération listing the three annexes uploaded first. */
async function withAnnexes(h: Harness, sessionId: string): Promise<SessionEvent[]> {
  const annexes: Annex[] = [];
  for (const file of FILES) {
    const uploaded = await uploadAnnex(SIREN, file.bytes, h.deps.documents);
    if (!uploaded.ok) throw new Error(`upload refused: ${uploaded.reason}`);
    annexes.push({ file: uploaded.annex.file, type: file.type, title: file.title });
  }
  return asSession(seed, sessionId).map((event) =>
    event.type === 'SessionOpened'
      ? { ...event, payload: { ...event.payload, items: event.payload.items.map((item) => ({ ...item, annexes })) } }
      : event,
  );
}

describe('an act with three annexes', () => {
  test('through the @CTES archive: listed in the message with their types, in the archive, XSD-valid, acknowledged', async () => {
    const h = await harness();
    const actesId = await h.certified(await withAnnexes(h, 'annexes-actes'));
    h.transmitting();
    await h.until(actesId, 'acknowledged');

    const names = [`22_AN-${actesId}-1-1_2.pdf`, `75_PL-${actesId}-1-1_3.png`, `99_AU-${actesId}-1-1_4.jpg`];
    const received = h.simulator.inbox.get(actesId)!;
    expect(received.acte.annexFiles).toEqual(names);
    expect(received.documents).toEqual([`99_DE-${actesId}-1-1_1.pdf`, ...names]);

    const kept = (await h.transmission(actesId))!.archive!;
    const files = await readArchive((await h.deps.documents.get(kept.key))!.bytes);
    const message = files.find((f) => f.name === `${actesId}-1-1_0.xml`)!;
    expect(await xsdValidator()(message.name, message.bytes)).toEqual([]);
    const xml = message.bytes.toString('latin1');
    expect(xml).toMatch(/<actes:Annexes actes:Nombre="3">/);
    for (const [index, name] of names.entries()) {
      expect(xml).toContain(`<actes:NomFichier>${name}</actes:NomFichier>`);
      expect(files.find((f) => f.name === name)?.bytes).toEqual(FILES[index]!.bytes);
    }
  });

  test('through the S²LOW API: acte_attachments[] with their type_pj[], received as the préfecture names them', async () => {
    const h = await harness({}, s2low);
    const actesId = await h.certified(await withAnnexes(h, 'annexes-s2low'));
    h.transmitting();
    await h.until(actesId, 'sent');
    const received = h.simulator.inbox.get(actesId)!;
    expect(received).toMatchObject({ channel: 's2low', status: 'acknowledged' });
    expect(received.acte.annexFiles).toEqual([`22_AN-${actesId}-1-1_2.pdf`, `75_PL-${actesId}-1-1_3.png`, `99_AU-${actesId}-1-1_4.jpg`]);
    expect(received.documents).toHaveLength(4);
  });

  test('the same file uploaded twice is one annex; a file of another format is refused', async () => {
    const h = await harness();
    const first = await uploadAnnex(SIREN, FILES[0]!.bytes, h.deps.documents);
    const again = await uploadAnnex(SIREN, FILES[0]!.bytes, h.deps.documents);
    expect(first).toMatchObject({ ok: true, annex: { created: true, mediaType: 'application/pdf', size: FILES[0]!.bytes.length } });
    expect(again).toMatchObject({ ok: true, annex: { created: false, file: first.ok && first.annex.file } });
    expect(await uploadAnnex(SIREN, Buffer.from('<html>'), h.deps.documents)).toEqual({ ok: false, reason: 'format' });
    expect(await uploadAnnex(SIREN, Buffer.alloc(0), h.deps.documents)).toEqual({ ok: false, reason: 'empty' });
  });
});

describe('annexes through the API', () => {
  const date = '2025-08-25';
  const key = seance('api-annexes', date);
  const upload = (bytes: Buffer, token = stack().tokens.secretariat) =>
    fetch(`${stack().apiUrl}/assemblies/${key.siren}/annexes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
      body: bytes,
    }).then(async (response) => ({ status: response.status, body: (await response.json()) as any }));

  test('uploaded (201, then 200 for the same file), listed by the opening, shown in the item view and handed out by link', async () => {
    const first = await upload(FILES[0]!.bytes);
    expect(first).toEqual({
      status: 201,
      body: { file: expect.stringMatching(/^[0-9a-f]{64}$/), size: FILES[0]!.bytes.length, mediaType: 'application/pdf' },
    });
    expect((await upload(FILES[0]!.bytes)).status).toBe(200);

    const annexes = [{ file: first.body.file, type: '22_AN', title: FILES[0]!.title }];
    const events = asSession(seed, key.sessionId, date).map((event) =>
      event.type === 'SessionOpened'
        ? { ...event, payload: { ...event.payload, items: event.payload.items.map((item) => ({ ...item, annexes })) } }
        : event,
    );
    expect((await api('POST', `${sessionPath(key)}/events`, { body: { events } })).status).toBe(202);
    await processed(
      key,
      events.map((e) => e.eventId),
    );
    const { body: item } = await api('GET', `${sessionPath(key)}/items/AD_2025_0043`);
    expect(item.annexes).toEqual([{ ...annexes[0], path: `/assemblies/${key.siren}/annexes/${first.body.file}` }]);

    const link = await fetch(`${stack().apiUrl}${item.annexes[0].path}`, {
      headers: { authorization: `Bearer ${stack().tokens.secretariat}`, accept: 'application/json' },
    });
    const { url } = (await link.json()) as { url: string };
    expect(Buffer.from(await (await fetch(url)).arrayBuffer())).toEqual(FILES[0]!.bytes);
  });

  test('refusals: a file that is no PDF, PNG or JPEG (415), an empty body (400), the admin role (403), an opening listing a file never uploaded (422 naming the field)', async () => {
    expect(await upload(Buffer.from('<html>not an annex</html>'))).toMatchObject({
      status: 415,
      body: { error: 'unsupported_media_type' },
    });
    expect(await upload(Buffer.alloc(0))).toMatchObject({ status: 400, body: { error: 'empty_file' } });
    expect(await upload(FILES[1]!.bytes, stack().tokens.admin)).toMatchObject({ status: 403 });

    const unknown = 'e'.repeat(64);
    const other = seance('api-annexes-unknown', '2025-08-26');
    const opening = asSession(seed, other.sessionId, '2025-08-26').find((e) => e.type === 'SessionOpened')!;
    const listing =
      opening.type === 'SessionOpened'
        ? {
            ...opening,
            payload: {
              ...opening.payload,
              items: opening.payload.items.map((i) => ({ ...i, annexes: [{ file: unknown, type: '22_AN', title: 'Absente' }] })),
            },
          }
        : opening;
    const refused = await api('POST', `${sessionPath(other)}/events`, { body: listing });
    expect(refused).toMatchObject({
      status: 422,
      body: { error: 'rule_violation', events: [{ code: 'UNKNOWN_ANNEX', field: 'payload.items[0].annexes[0].file' }] },
    });
    expect(refused.body.events[0].message.fr).toContain(unknown);
  });
});
