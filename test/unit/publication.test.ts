import { describe, expect, test } from 'vitest';
import { executoireOn, statusLine } from '#domain/publication';
import { isValidSiret } from '#events/vocabulary';

describe('when an act comes into force (CGCT L2131-1)', () => {
  test('L2131-1: exécutoire on the day of its publication when the préfecture received it before', () => {
    expect(executoireOn(new Date('2025-03-25T09:00:00Z'), '2025-03-24')).toBe('2025-03-25');
  });

  test('L2131-1: exécutoire on the day the préfecture received it when it was published before', () => {
    expect(executoireOn(new Date('2025-03-20T18:00:00Z'), '2025-03-24')).toBe('2025-03-24');
  });

  test('L2131-1: the publication day is the French one — published at 0 h 30 in Paris is that day, not the UTC one', () => {
    expect(executoireOn(new Date('2025-03-24T23:30:00Z'), '2025-03-24')).toBe('2025-03-25');
    expect(executoireOn(new Date('2025-07-14T22:15:00Z'), undefined)).toBe('2025-07-15');
  });

  test('the status line says the three dates as the acts do, and only those known', () => {
    expect(statusLine({ receivedOn: '2025-03-24', publishedAt: '2025-03-25T09:00:00Z', executoireOn: '2025-03-25' })).toBe(
      'Transmis en préfecture le 24 mars 2025 — publié le 25 mars 2025 — exécutoire le 25 mars 2025',
    );
    expect(statusLine({ receivedOn: '2025-04-01' })).toBe('Transmis en préfecture le 1er avril 2025');
  });
});

describe('the SIRET of a collectivité (open data COLL_SIRET)', () => {
  test('14 digits whose Luhn sum is a multiple of 10', () => {
    expect(isValidSiret('22350001800013')).toBe(true);
    expect(isValidSiret('22350001800014')).toBe(false);
    expect(isValidSiret('2235000180001')).toBe(false);
  });

  test("La Poste's establishments (SIREN 356000000) sum their digits to a multiple of 5 instead", () => {
    expect(isValidSiret('35600000000001')).toBe(true);
    expect(isValidSiret('35600000000002')).toBe(false);
  });
});
