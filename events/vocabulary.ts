/**
 * The words of the session-event contract that come from outside Registre: the formats @CTES gives an
 * act, the SIREN of a collectivité, the kinds of assembly the CGCT sets rules for, and the regimes a
 * séance may be held under. The contract owns them; the domain core takes them from here and holds,
 * for each of them, what it does with it (the CodeNatureActe of a nature, the rule set of a kind and a
 * regime), so a word added here fails the type check until the domain knows it.
 */

/** NumeroInterne as S²LOW enforces it: uppercase letters, digits and "_", neither first nor last, ≤ 15. */
export const NUMERO_INTERNE_PATTERN = /^([A-Z0-9][A-Z0-9_]{0,13})?[A-Z0-9]$/;

/** Département on three characters as @CTES writes it ("035", "02A", "974"). */
export const DEPARTEMENT_PATTERN = /^[09][0-9][0-9AB]$/;

/**
 * @CTES nature of an act, by its two-letter abbreviation, the last part of IDActe: délibérations,
 * actes réglementaires, actes individuels, contrats, conventions et avenants, documents budgétaires
 * et financiers, autres. The domain maps each to the integer CodeNatureActe of the XML.
 */
export const NATURE_ABBREVIATIONS = ['DE', 'AR', 'AI', 'CC', 'BF', 'AU'] as const;
export type NatureAbbreviation = (typeof NATURE_ABBREVIATIONS)[number];

/** Luhn check of a SIREN (the INSEE check digit), so a mistyped SIREN is refused at the door. */
export function isValidSiren(siren: string): boolean {
  if (!/^\d{9}$/.test(siren)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i++) {
    let digit = Number(siren[8 - i]);
    if (i % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

/**
 * Luhn check of a SIRET (the SIREN and a 5-digit establishment number, the last digit checking the
 * whole); La Poste's establishments (SIREN 356000000) are numbered beyond Luhn: their digits sum to a
 * multiple of 5 (INSEE).
 */
export function isValidSiret(siret: string): boolean {
  if (!/^\d{14}$/.test(siret)) return false;
  const digits = [...siret].map(Number);
  if (siret.startsWith('356000000')) return digits.reduce((sum, digit) => sum + digit, 0) % 5 === 0;
  const sum = digits.reverse().reduce((total, digit, i) => total + (i % 2 === 1 ? (digit * 2 > 9 ? digit * 2 - 9 : digit * 2) : digit), 0);
  return sum % 10 === 0;
}

/**
 * The kinds of assembly whose rules the CGCT sets: the conseil municipal (L2121-17 to L2121-21), the
 * conseil communautaire of an EPCI (the same articles, by L5211-1), the conseil départemental
 * (L3121-14 to L3121-16), the conseil régional (L4132-13 to L4132-15), and the commission permanente
 * of a département or a région (L3121-14-1, L4132-13-1).
 */
export const ASSEMBLY_KINDS = ['commune', 'epci', 'departement', 'region', 'commission_permanente'] as const;
export type AssemblyKind = (typeof ASSEMBLY_KINDS)[number];

/**
 * The regimes a séance may be held under: the ordinary rules of the CGCT, and the health-emergency
 * laws of 2020–2022 — loi n° 2020-290 du 23 mars 2020, art. 10, as first written and as modified by
 * loi n° 2020-760; loi n° 2020-1379 du 14 novembre 2020, art. 6; loi n° 2021-1465 du 10 novembre 2021.
 */
export const REGIME_IDS = ['ordinary', 'covid-2020-290', 'covid-2020-760', 'covid-2020-1379', 'covid-2021-1465'] as const;
export type RegimeId = (typeof REGIME_IDS)[number];
