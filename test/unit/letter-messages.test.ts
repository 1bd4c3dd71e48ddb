import { describe, expect, test } from 'vitest';
import {
  LETTER_CODES,
  letterXml,
  parseLetter,
  prefectureEnvelopeXml,
  type LetterMessage,
  type LetterMessageName,
} from '#actes/letter-messages';
import {
  classificationFileName,
  demandeClassificationXml,
  parseClassificationAnswer,
  reponseSansChangementXml,
  retourClassificationXml,
} from '#actes/classification-xml';
import { letterOrUnreadable } from '#actes/letter-archive';
import { simulatorClassification } from '#local/prefecture/classification';
import { xsdValidator } from '#local/prefecture/xsd';

const xsd = xsdValidator();
const idActe = '035-223500018-20250320-AD_2025_0043-DE';

/** One message of each kind, as the dialogue writes it. */
const messages: Record<LetterMessageName, LetterMessage> = {
  CourrierSimple: { name: 'CourrierSimple', idActe, date: '2025-04-02', documents: [`${idActe}-2-1_1.pdf`] },
  ReponseCourrierSimple: { name: 'ReponseCourrierSimple', idActe, date: '2025-04-02', documents: [`99_AU-${idActe}-2-2_1.pdf`] },
  DemandePieceComplementaire: {
    name: 'DemandePieceComplementaire',
    idActe,
    date: '2025-04-02',
    detail: 'Le plan de financement & la convention signée',
    documents: [`${idActe}-3-1_1.pdf`],
  },
  ARDemandePieceComplementaire: { name: 'ARDemandePieceComplementaire', idActe, date: '2025-04-02', documents: [] },
  RefusPieceComplementaire: { name: 'RefusPieceComplementaire', idActe, date: '2025-04-02', documents: [`99_AU-${idActe}-3-3_1.pdf`] },
  PieceComplementaire: {
    name: 'PieceComplementaire',
    idActe,
    date: '2025-04-02',
    documents: [`99_AU-${idActe}-3-4_1.pdf`, `22_AN-${idActe}-3-4_2.pdf`],
  },
  ARPieceComplementaire: { name: 'ARPieceComplementaire', idActe, date: '2025-04-05', letterDate: '2025-04-02', documents: [] },
  LettreObservations: {
    name: 'LettreObservations',
    idActe,
    date: '2025-04-02',
    detail: 'Incompétence',
    documents: [`${idActe}-4-1_1.pdf`],
  },
  ARLettreObservations: { name: 'ARLettreObservations', idActe, date: '2025-04-02', documents: [] },
  RejetLettreObservations: { name: 'RejetLettreObservations', idActe, date: '2025-04-02', documents: [`99_AU-${idActe}-4-3_1.pdf`] },
  ReponseLettreObservations: { name: 'ReponseLettreObservations', idActe, date: '2025-04-02', documents: [`99_AU-${idActe}-4-4_1.pdf`] },
  ARReponseRejetLettreObservations: {
    name: 'ARReponseRejetLettreObservations',
    idActe,
    date: '2025-04-06',
    letterDate: '2025-04-02',
    documents: [],
  },
  DefereTA: { name: 'DefereTA', idActe, date: '2025-05-20', detail: 'Vice de procédure', documents: [`${idActe}-5-1_1.pdf`] },
  Annulation: { name: 'Annulation', idActe, date: '', documents: [] },
  ARAnnulation: { name: 'ARAnnulation', idActe, date: '2025-04-03', documents: [] },
};

describe('the @CTES messages of the dialogue with the préfecture', () => {
  test.each(Object.keys(LETTER_CODES) as LetterMessageName[])('%s is valid against the XSD and reads back as written', async (name) => {
    const written = letterXml(messages[name]);
    expect(await xsd(`${idActe}-${LETTER_CODES[name]}_0.xml`, written)).toEqual([]);
    const read = parseLetter(written);
    expect(read).toEqual({ ...messages[name], date: name === 'Annulation' ? '' : messages[name].date });
  });

  test('the préfecture’s envelope (EnveloppeMISILLCL) is valid', async () => {
    const envelope = prefectureEnvelopeXml({ departement: '035', siren: '223500018', forms: [`${idActe}-3-1_0.xml`] });
    expect(await xsd('EACT--PREF035-223500018-20250402-1.xml', envelope)).toEqual([]);
  });

  test('a letter that cannot be read is said so, with why, instead of failing the others', async () => {
    expect(await letterOrUnreadable('pre-1.tar.gz', async () => Buffer.from('not an archive'))).toEqual({
      id: 'pre-1.tar.gz',
      unreadable: expect.stringMatching(/\S/),
    });
    expect(await letterOrUnreadable('2', async () => Promise.reject(new Error('S²LOW answered 302 to nowhere')))).toEqual({
      id: '2',
      unreadable: 'S²LOW answered 302 to nowhere',
    });
  });

  test('anything else is refused, naming what it is', () => {
    expect(() => parseLetter(Buffer.from('<?xml version="1.0"?><Autre/>'))).toThrow('not an @CTES letter message: Autre');
  });
});

describe('the classification exchange (7-1, 7-2, 7-3)', () => {
  const classification = simulatorClassification('2025-01-01');

  test('the simulator’s RetourClassification is valid and reads back as sent: natures, piece types, five levels of matières', async () => {
    const xml = retourClassificationXml(classification);
    expect(await xsd(classificationFileName('035', '223500018', '7-2'), xml)).toEqual([]);
    const read = parseClassificationAnswer(xml);
    if (read.status !== 'changed') throw new Error('a RetourClassification reads as changed');
    const byCode = (list: readonly { code: string }[]) => [...list].sort((a, b) => a.code.localeCompare(b.code));
    expect({ ...read.classification, matieres: byCode(read.classification.matieres) }).toEqual({
      ...classification,
      matieres: byCode(classification.matieres),
    });
    expect(classification.matieres.map((m) => m.code)).toEqual(expect.arrayContaining(['7', '7.1', '7.1.2', '9.4']));
  });

  test('the request and the answer without change are valid too', async () => {
    expect(await xsd(classificationFileName('035', '223500018', '7-1'), demandeClassificationXml('2024-06-01'))).toEqual([]);
    expect(await xsd(classificationFileName('035', '223500018', '7-1'), demandeClassificationXml())).toEqual([]);
    const same = reponseSansChangementXml('2025-01-01');
    expect(await xsd(classificationFileName('035', '223500018', '7-3'), same)).toEqual([]);
    expect(parseClassificationAnswer(same)).toEqual({ status: 'unchanged', date: '2025-01-01' });
  });
});
