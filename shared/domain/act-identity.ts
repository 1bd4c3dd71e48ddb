import { DEPARTEMENT_PATTERN, NUMERO_INTERNE_PATTERN, type NatureAbbreviation } from '#events/vocabulary';
import { ok, reject, type Result } from './errors.ts';

/**
 * Identity of an act in @CTES: the collectivité's own number (NumeroInterne) and the national
 * identifier IDActe derived from it, `DDD-SIREN-YYYYMMDD-NUMERO-NN`.
 */

/** @CTES nature of an act: for each abbreviation of the contract, the integer CodeNatureActe of the XML. */
export const NATURES = {
  DE: { code: 1, label: 'Délibérations' },
  AR: { code: 2, label: 'Actes réglementaires' },
  AI: { code: 3, label: 'Actes individuels' },
  CC: { code: 4, label: 'Contrats, conventions et avenants' },
  BF: { code: 5, label: 'Documents budgétaires et financiers' },
  AU: { code: 6, label: 'Autres' },
} as const satisfies Record<NatureAbbreviation, { readonly code: number; readonly label: string }>;

export interface ActIdentityInput {
  departement: string;
  siren: string;
  /** Decision date, YYYY-MM-DD: the date of the séance for a délibération. */
  decisionDate: string;
  numeroInterne: string;
  nature: NatureAbbreviation;
}

/**
 * The @CTES IDActe, e.g. `035-223500018-20250320-AD_2025_0043-DE`, or the rejection naming the part
 * the XSD pattern of IDActe (or S²LOW's stricter NumeroInterne rule) would refuse.
 */
export function deriveActesId(input: ActIdentityInput): Result<string> {
  const rule = '@CTES IDActe';
  if (!DEPARTEMENT_PATTERN.test(input.departement))
    return reject(
      'INVALID_ACT_IDENTITY',
      {
        fr: `le département « ${input.departement} » n'est pas un code @CTES sur 3 caractères (ex. « 035 », « 02A », « 974 »)`,
        en: `departement "${input.departement}" is not a 3-character @CTES code (e.g. "035", "02A", "974")`,
      },
      { rule, field: 'departement' },
    );
  if (!/^\d{9}$/.test(input.siren))
    return reject(
      'INVALID_ACT_IDENTITY',
      {
        fr: `le SIREN « ${input.siren} » ne compte pas 9 chiffres`,
        en: `SIREN "${input.siren}" is not 9 digits`,
      },
      { rule, field: 'siren' },
    );
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.decisionDate))
    return reject(
      'INVALID_ACT_IDENTITY',
      {
        fr: `la date de décision « ${input.decisionDate} » n'est pas au format AAAA-MM-JJ`,
        en: `decision date "${input.decisionDate}" is not YYYY-MM-DD`,
      },
      { rule, field: 'decisionDate' },
    );
  if (!NUMERO_INTERNE_PATTERN.test(input.numeroInterne))
    return reject(
      'INVALID_ACT_IDENTITY',
      {
        fr: `le numéro « ${input.numeroInterne} » doit compter 1 à 15 caractères parmi A–Z, 0–9 et « _ », sans « _ » au début ni à la fin`,
        en: `number "${input.numeroInterne}" must be 1–15 of A–Z, 0–9 and "_", not starting or ending with "_"`,
      },
      { rule: '@CTES NumeroInterne', field: 'numeroInterne' },
    );
  const date = input.decisionDate.replaceAll('-', '');
  return ok(`${input.departement}-${input.siren}-${date}-${input.numeroInterne}-${input.nature}`);
}

/** A NumeroInterne is unique per collectivité: this one already belongs to a délibération of another séance. */
export function numberTaken(number: string, holder: string, index: number): Result<never> {
  return reject(
    'ACT_NUMBER_TAKEN',
    {
      fr: `le numéro ${number} est déjà celui d'une délibération de la séance ${holder} : un numéro ne sert qu'une fois par collectivité`,
      en: `number ${number} already belongs to a délibération of séance ${holder}: a number serves once per collectivité`,
    },
    { rule: '@CTES NumeroInterne', field: `payload.items[${index}].number`, item: number },
  );
}
