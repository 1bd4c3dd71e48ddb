import { describe, expect, test } from 'vitest';
import { S2LOW_STATUSES, s2lowReply } from '#adapters/prefecture/s2low-statuses';
import { anomalieActeXml, arActeXml, type ActeMessage } from '#actes/actes-xml';

const acte: ActeMessage = {
  date: '2025-03-20',
  numeroInterne: 'AD_2025_0043',
  codeNature: 1,
  matieres: [7, 1],
  objet: 'Budget primitif 2025',
  classificationDate: '2025-01-01',
  documentFile: '99_DE-035-223500018-20250320-AD_2025_0043-DE-1-1_1.pdf',
};
const idActe = '035-223500018-20250320-AD_2025_0043-DE';
const arActe = arActeXml({ idActe, dateReception: '2025-03-21', acte, classificationDateEnCours: '2025-01-01' }).toString('latin1');
const anomaly = anomalieActeXml({
  date: '2025-03-21',
  nature: '002',
  detail: 'Objet illisible',
  acte,
  classificationDateEnCours: '2025-01-01',
}).toString('latin1');

describe('every S²LOW transaction status is a state of the act, with its meaning (table actes_status)', () => {
  test.each([
    // code, the flow S²LOW joins, the reply's status, whether a person must act
    ['-1', `${anomaly}Anomalie signalee par le MI : 002 - Objet illisible`, 'refused', true],
    ['-1', 'Le fichier est trop volumineux', 'refused', true],
    ['0', '', 'cancelled', false],
    ['1', '', 'waiting', false],
    ['2', '', 'waiting', false],
    ['3', '', 'waiting', false],
    ['4', arActe, 'acknowledged', false],
    ['5', arActe, 'acknowledged', false],
    ['6', '', 'refused', false],
    ['7', arActe, 'acknowledged', false],
    ['8', arActe, 'acknowledged', false],
    ['11', arActe, 'acknowledged', false],
    ['12', '', 'waiting', true],
    ['13', arActe, 'acknowledged', false],
    ['14', arActe, 'acknowledged', true],
    ['16', '', 'waiting', true],
    ['17', '', 'waiting', true],
    ['18', '', 'waiting', true],
    ['19', arActe, 'acknowledged', false],
    ['20', arActe, 'acknowledged', true],
    ['21', arActe, 'acknowledged', false],
    ['22', arActe, 'acknowledged', true],
    ['99', '', 'waiting', true],
  ])('status %s (flow %#) → %s, a person needed: %s', (code, flow, status, attention) => {
    const reply = s2lowReply(code, flow);
    expect(reply.status).toBe(status);
    expect(reply.reported?.code).toBe(code);
    expect(reply.reported?.meaning).toMatch(/\S/);
    expect(reply.reported?.attention !== undefined).toBe(attention);
  });

  test('the table names every status S²LOW defines, in French', () => {
    expect(Object.keys(S2LOW_STATUSES).sort((a, b) => Number(a) - Number(b))).toEqual([
      '-1',
      '0',
      '1',
      '2',
      '3',
      '4',
      '5',
      '6',
      '7',
      '8',
      '11',
      '12',
      '13',
      '14',
      '16',
      '17',
      '18',
      '19',
      '20',
      '21',
      '22',
    ]);
    expect(S2LOW_STATUSES['17']).toMatchObject({ label: "En attente d'être postée", state: 'sent' });
    expect(S2LOW_STATUSES['4']).toMatchObject({ label: 'Acquittement reçu', state: 'acknowledged' });
  });

  test('4 carries the ARActe: its IDActe and DateReception, the date of "Transmis en préfecture le"', () => {
    expect(s2lowReply('4', arActe)).toMatchObject({ status: 'acknowledged', idActe, receivedOn: '2025-03-21' });
  });

  test('-1 carries the AnomalieActe when there is one, its nature and detail; otherwise S²LOW’s message', () => {
    expect(s2lowReply('-1', `${anomaly}Anomalie signalee par le MI`)).toMatchObject({
      status: 'refused',
      nature: '002',
      detail: 'Objet illisible',
    });
    expect(s2lowReply('-1', 'Le fichier est trop volumineux\n')).toMatchObject({
      status: 'refused',
      detail: 'Le fichier est trop volumineux',
    });
  });

  test('an acknowledged status without its ARActe waits for a person to fetch it: no date is made up', () => {
    const reply = s2lowReply('13', '');
    expect(reply).toMatchObject({ status: 'waiting', reported: { code: '13', label: 'Archivé par le SAE' } });
    expect(reply.reported?.attention).toMatch(/ARActe/);
  });
});
