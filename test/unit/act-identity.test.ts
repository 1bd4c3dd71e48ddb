import { describe, expect, test } from 'vitest';
import { deriveActesId } from '#domain/act-identity';
import { isValidSiren, NUMERO_INTERNE_PATTERN } from '#events/vocabulary';

const seed = { departement: '035', siren: '223500018', decisionDate: '2025-03-20', numeroInterne: 'AD_2025_0043', nature: 'DE' as const };

describe('act identity (@CTES IDActe and NumeroInterne)', () => {
  test('the IDActe of the seed act is 035-223500018-20250320-AD_2025_0043-DE', () => {
    expect(deriveActesId(seed)).toEqual({ ok: true, value: '035-223500018-20250320-AD_2025_0043-DE' });
  });

  test.each([
    ['AD_2025_0043', true],
    ['A', true],
    ['TEST42', true],
    ['ABCDEFGHIJKLMNO', true],
    ['ABCDEFGHIJKLMNOP', false],
    ['AD 2025 0043', false],
    ['_AD2025', false],
    ['AD2025_', false],
    ['ad_2025_0043', false],
    ['AD-2025-0043', false],
    ['', false],
  ])('NumeroInterne "%s" valid: %s', (numero, valid) => {
    expect(NUMERO_INTERNE_PATTERN.test(numero)).toBe(valid);
    expect(deriveActesId({ ...seed, numeroInterne: numero }).ok).toBe(valid);
  });

  test('a printed number with spaces is refused, naming the field and the rule', () => {
    const result = deriveActesId({ ...seed, numeroInterne: 'AD 2025 0043' });
    expect(result).toMatchObject({
      ok: false,
      error: { code: 'INVALID_ACT_IDENTITY', field: 'numeroInterne', rule: '@CTES NumeroInterne' },
    });
  });

  test.each([
    ['02A', true],
    ['974', true],
    ['035', true],
    ['35', false],
    ['2A', false],
    ['135', false],
  ])('département "%s" valid: %s', (departement, valid) => {
    expect(deriveActesId({ ...seed, departement }).ok).toBe(valid);
  });

  test('the nature abbreviation ends the identifier', () => {
    expect(deriveActesId({ ...seed, nature: 'AR' })).toEqual({ ok: true, value: '035-223500018-20250320-AD_2025_0043-AR' });
  });

  test.each([
    ['223500018', true],
    ['213502388', true],
    ['223500019', false],
    ['12345678', false],
  ])('SIREN %s passes the Luhn check: %s', (siren, valid) => {
    expect(isValidSiren(siren)).toBe(valid);
  });
});
