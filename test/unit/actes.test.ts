import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { buildArchive, readArchive, type ArchiveInput } from '#actes/actes-archive';
import { acteXml, anomalieActeXml, arActeXml, envelopeXml, latin1, parseReturn, type ActeMessage } from '#actes/actes-xml';
import { toLatin1Text } from '#adapters/prefecture/s2low-connector';
import { checkArchive, readActe } from '#local/prefecture/check-archive';
import { ACTES_SCHEMAS_DIR, xsdValidator } from '#local/prefecture/xsd';
import { replay } from '#domain/session';
import { sampleEvents, sampleFiles } from '../support/seance.ts';

const xsd = xsdValidator();
const ID = '035-223500018-20250320-AD_2025_0043-DE';
const TRICKY = 'Œuvres & <quotes> "doubles" \'simples\' — 中文 Δ €';
const acte: ActeMessage = {
  date: '2025-03-20',
  numeroInterne: 'AD_2025_0043',
  codeNature: 1,
  matieres: [7, 1],
  objet: 'Transformation numérique et transformations des pratiques',
  classificationDate: '2025-01-01',
  documentFile: `99_DE-${ID}-1-1_1.pdf`,
};
const input: ArchiveInput = {
  actesId: ID,
  nature: 'DE',
  acte: {
    date: acte.date,
    numeroInterne: acte.numeroInterne,
    matieres: acte.matieres,
    objet: acte.objet,
    classificationDate: acte.classificationDate,
  },
  envelope: {
    siren: '223500018',
    departement: '035',
    arrondissement: '1',
    natureCollectivite: '00',
    returnEmails: ['actes@registre.test'],
  },
  pdf: Buffer.from('%PDF-1.7\n%…\n'),
  sentOn: '2025-03-28',
  serial: 7,
  operator: 'reg',
};

test('the @CTES schemas kept in the repository are the published ones, byte for byte (checksums of their README)', () => {
  const readme = readFileSync(join(ACTES_SCHEMAS_DIR, 'README.md'), 'utf8');
  const listed = [...readme.matchAll(/^([0-9a-f]{64}) {2}(\S+\.xsd)$/gm)].map(([, sum, file]) => [file, sum]);
  expect(listed.map(([file]) => file).sort()).toEqual(['actesv1_1.xsd', 'insee-commun.xsd', 'siret.xsd']);
  for (const [file, sum] of listed)
    expect([
      file,
      createHash('sha256')
        .update(readFileSync(join(ACTES_SCHEMAS_DIR, file!)))
        .digest('hex'),
    ]).toEqual([file, sum]);
});

describe('@CTES messages against the official XSD (actesv1_1.xsd)', () => {
  test.each([
    ['Acte', () => acteXml(acte)],
    ['EnveloppeCLMISILL', () => envelopeXml({ ...input.envelope, forms: [`${ID}-1-1_0.xml`] })],
    ['ARActe', () => arActeXml({ idActe: ID, dateReception: '2025-03-28', acte, classificationDateEnCours: '2025-01-01' })],
    [
      'AnomalieActe',
      () =>
        anomalieActeXml({
          date: '2025-03-28',
          nature: '003',
          detail: 'Pièce jointe illisible',
          acte,
          classificationDateEnCours: '2025-01-01',
        }),
    ],
  ])('the %s message is valid, in ISO-8859-1', async (_, make) => {
    const xml = make();
    expect(await xsd('message.xml', xml)).toEqual([]);
    expect(xml.toString('latin1').startsWith('<?xml version="1.0" encoding="ISO-8859-1"?>')).toBe(true);
  });

  test('an objet with <, &, quotes and characters beyond Latin-1 stays valid and reads back the same', async () => {
    const xml = acteXml({ ...acte, objet: TRICKY });
    expect(await xsd('message.xml', xml)).toEqual([]);
    expect(xml.toString('latin1')).toContain('&#x152;uvres &amp; &lt;quotes&gt;');
    expect([...xml].every((byte) => byte <= 0xff)).toBe(true);
    expect(readActe(xml)?.objet).toBe(TRICKY);
  });

  test('finding 11 — text that looks like markup or an entity ("&amp;", "&lt;", "&#x41;") reaches the préfecture as typed', async () => {
    const typed = 'Travaux &amp; voirie & <b> &lt; &#x41; &unknown;';
    const xml = acteXml({ ...acte, objet: typed });
    expect(await xsd('message.xml', xml)).toEqual([]);
    expect(readActe(xml)?.objet).toBe(typed);
    const anomaly = anomalieActeXml({ date: '2025-03-28', nature: '002', detail: typed, acte, classificationDateEnCours: '2025-01-01' });
    expect(parseReturn(anomaly)).toMatchObject({ detail: typed });
  });

  test('a message the XSD refuses is caught: a NumeroInterne over 15 characters', async () => {
    const errors = await xsd('message.xml', acteXml({ ...acte, numeroInterne: 'A'.repeat(16) }));
    expect(errors.join(' ')).toMatch(/NumeroInterne/);
  });

  test('the préfecture’s answers are read: ARActe gives IDActe and DateReception, AnomalieActe its nature and detail', () => {
    expect(parseReturn(arActeXml({ idActe: ID, dateReception: '2025-03-28', acte, classificationDateEnCours: '2025-01-01' }))).toEqual({
      kind: 'ARActe',
      idActe: ID,
      dateReception: '2025-03-28',
      classificationDateEnCours: '2025-01-01',
    });
    const anomaly = anomalieActeXml({
      date: '2025-03-28',
      nature: '003',
      detail: 'Pièce illisible',
      acte,
      classificationDateEnCours: '2025-01-01',
    });
    expect(parseReturn(anomaly)).toEqual({ kind: 'AnomalieActe', date: '2025-03-28', nature: '003', detail: 'Pièce illisible' });
    expect(
      parseReturn(
        latin1(
          '<?xml version="1.0" encoding="ISO-8859-1"?>\n<actes:ARActe xmlns:actes="x" actes:IDActe="a" actes:DateReception="2025-01-01"/>',
        ),
      ),
    ).toMatchObject({ idActe: 'a' });
  });
});

/** Every délibération of the sample séances as its archive's envelope and message, and both answers to it. */
const sampleDocuments = sampleFiles().flatMap((file) => {
  const { state } = replay(sampleEvents(file));
  return state!.items.flatMap((item) => {
    const message: ActeMessage = {
      ...acte,
      date: state!.date,
      numeroInterne: item.number,
      matieres: (item.matiere ?? '9.1').split('.').map(Number),
      objet: item.title,
      documentFile: `99_${item.nature}-${item.actesId}-1-1_1.pdf`,
    };
    const answer = { acte: message, classificationDateEnCours: '2025-01-01' };
    return [
      [`${item.actesId}-1-1_0.xml`, acteXml(message)],
      [`EACT--${state!.assembly.siren}--20250328-1.xml`, envelopeXml({ ...input.envelope, forms: [`${item.actesId}-1-1_0.xml`] })],
      [`${item.actesId}-2-1_0.xml`, arActeXml({ idActe: item.actesId, dateReception: '2025-03-28', ...answer })],
      [`${item.actesId}-3-1_0.xml`, anomalieActeXml({ date: '2025-03-28', nature: '002', detail: 'Pièce illisible', ...answer })],
    ] as const;
  });
});

test(`the ${sampleDocuments.length} @CTES documents of the sample séances (envelope, Acte, ARActe, AnomalieActe of each délibération) are valid against the XSD`, async () => {
  expect(sampleDocuments.length).toBeGreaterThan(4);
  for (const [name, xml] of sampleDocuments) expect({ name, errors: await xsd(name, xml) }).toEqual({ name, errors: [] });
});

describe('the @CTES archive', () => {
  test('is named as S²LOW names it and holds the envelope, the message and the document', async () => {
    const archive = await buildArchive(input);
    expect(archive.name).toBe('reg-EACT--223500018--20250328-7.tar.gz');
    expect((await readArchive(archive.bytes)).map((f) => f.name)).toEqual([
      'EACT--223500018--20250328-7.xml',
      `${ID}-1-1_0.xml`,
      `99_DE-${ID}-1-1_1.pdf`,
    ]);
  });

  test('passes the préfecture’s checks, names and XSD included', async () => {
    const archive = await buildArchive(input);
    const check = await checkArchive(archive.name, archive.bytes, xsd);
    expect(check).toMatchObject({ ok: true, received: { idActe: ID, siren: '223500018', acte: { ...acte } } });
  });

  test.each<[string, (a: { name: string; bytes: Buffer }) => Promise<[string, Buffer]>, string, string]>([
    ['a wrongly named archive', async (a) => ['registre.tar.gz', a.bytes], 'envelope', '001'],
    ['an archive renamed away from its envelope', async (a) => [a.name.replace('-7.tar', '-8.tar'), a.bytes], 'envelope', '003'],
    ['bytes that are not a tar.gz', async (a) => [a.name, Buffer.from('not an archive')], 'envelope', '001'],
  ])('refuses %s at the envelope', async (_, alter, level, nature) => {
    const [name, bytes] = await alter(await buildArchive(input));
    expect(await checkArchive(name, bytes, xsd)).toMatchObject({ ok: false, level, nature });
  });

  test('refuses an act whose document is not a PDF, answering for the act', async () => {
    const archive = await buildArchive({ ...input, pdf: Buffer.from('<html>not a pdf</html>') });
    expect(await checkArchive(archive.name, archive.bytes, xsd)).toMatchObject({ ok: false, level: 'acte', nature: '004' });
  });
});

test('S²LOW reads form text in ISO-8859-1: what Latin-1 lacks is written with its nearest form', () => {
  expect(toLatin1Text('Œuvre d’art — 2025 €').toString('latin1')).toBe("OEuvre d'art - 2025 EUR");
  expect(toLatin1Text('Délibération 中').toString('latin1')).toBe('Délibération ?');
});

test('an archive entry that is not a plain file name is refused before anything is unpacked', async () => {
  const { pack } = await import('tar-stream');
  const { gzipSync } = await import('node:zlib');
  const archive = pack();
  archive.entry({ name: '../../escaped.txt' }, 'out of the inbox');
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  const check = await checkArchive('reg-EACT--223500018--20250328-7.tar.gz', gzipSync(Buffer.concat(chunks)), xsd);
  expect(check).toMatchObject({
    ok: false,
    level: 'envelope',
    nature: '001',
    detail: 'archive entry "../../escaped.txt" is not a plain file name',
  });
});
