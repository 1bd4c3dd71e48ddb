/**
 * The fields the session-event contract is made of: identifiers, dates and hours, the free text an
 * @CTES message can carry, counts, and the check that a list names each key once. The event schemas
 * (`session-events.ts`, `election.ts`) are built from these, so a rule on a field is written once.
 */
import * as z from 'zod';
import { NUMERO_INTERNE_PATTERN, isValidSiren, isValidSiret } from './vocabulary.ts';

const identifier = (max: number, extra = '') =>
  z
    .string()
    .regex(
      new RegExp(`^[A-Za-z0-9_${extra}-]{1,${max}}$`),
      `must be 1–${max} characters among A–Z, a–z, 0–9, "_", "-"${extra ? ` and "${extra.replaceAll('\\', '')}"` : ''}`,
    );

export const SessionId = identifier(64);
/** Client-generated idempotency key, unique within its séance. */
export const EventId = identifier(128, '.:');
export const MemberId = identifier(64, '.');
export const HourMinute = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be an hour as HH:MM, e.g. "09:30"');
export const IsoDate = z.iso.date({ error: 'must be a date as YYYY-MM-DD' });
export const IsoDateTime = z.iso.datetime({
  offset: true,
  error: 'must be an ISO-8601 date-time with its offset, e.g. "2025-03-20T09:30:00+01:00"',
});
/**
 * What free text may hold: the characters an @CTES message (XML 1.0 in ISO-8859-1, the rest as
 * character references), a PDF and every queue and table on the way can carry — tab and line breaks,
 * and the Basic Multilingual Plane without control characters, unpaired surrogates and
 * non-characters. Anything else (an emoji, U+FFFE) is refused, naming the character.
 */
const REFUSED_CHARACTER = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]/;
/** The same rule as a JSON Schema pattern, for tools outside TypeScript. */
const ACCEPTED_TEXT_PATTERN = '^[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u00A0-\\uD7FF\\uE000-\\uFDCF\\uFDF0-\\uFFFD]*$';

export const Text = z
  .string()
  .trim()
  .min(1, 'must not be empty')
  .check((context) => {
    const found = REFUSED_CHARACTER.exec(context.value);
    if (!found) return;
    const code = found[0].codePointAt(0)!;
    const pair = code >= 0xd800 && code <= 0xdbff ? context.value.codePointAt(found.index)! : undefined;
    const shown = pair !== undefined && pair > 0xffff ? pair : code;
    context.issues.push({
      code: 'custom',
      input: context.value,
      message: `must not hold U+${shown.toString(16).toUpperCase().padStart(4, '0')} (character ${found.index + 1}): ${
        shown > 0xffff
          ? 'characters beyond the Basic Multilingual Plane (emoji, …) cannot be carried to the préfecture'
          : 'control characters, unpaired surrogates and non-characters cannot be carried to the préfecture'
      }`,
    });
  })
  .meta({ pattern: ACCEPTED_TEXT_PATTERN });

/** A name or a heading, kept in the séance's projection: bounded, so that any séance fits where it is stored. */
export const ShortText = Text.max(200, 'must be at most 200 characters');

export const ItemNumber = z
  .string()
  .regex(NUMERO_INTERNE_PATTERN, 'must be an @CTES NumeroInterne: 1–15 of A–Z, 0–9 and "_", not starting or ending with "_"');

/** The SIREN of a collectivité: 9 digits whose last is the Luhn check digit. */
export const Siren = z
  .string()
  .regex(/^\d{9}$/, 'must be 9 digits')
  .refine(isValidSiren, 'must be a SIREN whose check digit is valid (Luhn)');

/** The SIRET of a collectivité's seat: 14 digits, Luhn-checked (the open data's COLL_SIRET). */
export const Siret = z
  .string()
  .regex(/^\d{14}$/, 'must be 14 digits')
  .refine(isValidSiret, 'must be a SIRET whose check digit is valid (Luhn)');

export const Count = z.int('must be a whole number').min(0, 'must not be negative');

export function unique<T>(key: (value: T) => string, field: string) {
  return (values: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    values.forEach((value, index) => {
      const k = key(value);
      if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [index, field], message: `"${k}" appears more than once` });
      seen.add(k);
    });
  };
}
