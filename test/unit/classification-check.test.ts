import { describe, expect, test } from 'vitest';
import { classificationRefusals } from '#domain/classification-check';
import type { AgendaItem } from '#events/session-events';
import { simulatorClassification } from '#local/prefecture/classification';

const classification = simulatorClassification('2025-06-15');
const item = (change: Partial<AgendaItem>): AgendaItem => ({ number: 'AD_2025_0043', title: 'Budget', nature: 'DE', ...change });

describe('an agenda against the préfecture’s classification (@CTES classification, TypePJNatureActe)', () => {
  test('matières of any level it holds pass: 7.1, 7.1.2 (its own level 3), 9.4', () => {
    expect(
      classificationRefusals([item({ matiere: '7.1' }), item({ matiere: '7.1.2' }), item({ matiere: '9.4' }), item({})], classification),
    ).toEqual([]);
  });

  test('a matière it lacks is refused naming the code, the field and the classification’s date', () => {
    expect(classificationRefusals([item({ matiere: '7.1' }), item({ matiere: '7.1.9' })], classification)).toEqual([
      {
        code: 'UNKNOWN_MATIERE',
        rule: '@CTES classification',
        field: 'payload.items[1].matiere',
        item: 'AD_2025_0043',
        message: {
          fr: "la matière « 7.1.9 » n'est pas dans la classification de la préfecture du 15/06/2025 (@CTES classification)",
          en: 'matière "7.1.9" is not in the préfecture\'s classification of 2025-06-15 (@CTES classification)',
        },
      },
    ]);
  });

  test('an annex whose piece type the nature of the act does not allow is refused; an allowed one passes', () => {
    const annex = (type: string) => ({ file: 'a'.repeat(64), type, title: 'Plan' });
    const refusals = classificationRefusals([item({ annexes: [annex('22_AN'), annex('99_BU')] })], classification);
    expect(refusals.map((r) => [r.code, r.field])).toEqual([['UNKNOWN_PIECE_TYPE', 'payload.items[0].annexes[1].type']]);
    expect(refusals[0]?.message.fr).toContain('du 15/06/2025');
    expect(classificationRefusals([item({ nature: 'BF', annexes: [annex('99_BU')] })], classification)).toEqual([]);
  });
});
