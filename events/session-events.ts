/**
 * The session-event contract, version 1: what the secretariat's console (or any client) sends to
 * Registre. These zod schemas are the single source of the event types; the domain core, the API and
 * the CLI all take their types from here. Unknown fields are refused, so a typo ("proxy_to") is a 400
 * naming the field instead of a proxy silently lost.
 */
import * as z from 'zod';
import {
  ASSEMBLY_KINDS,
  DEPARTEMENT_PATTERN,
  NATURE_ABBREVIATIONS,
  NUMERO_INTERNE_PATTERN,
  REGIME_IDS,
  isValidSiren,
} from './vocabulary.ts';

export const CONTRACT_VERSION = 1;

/** A séance's size, far beyond any real one: its projection then stays well inside a DynamoDB item. */
export const MAX_MEMBERS = 400;
export const MAX_ITEMS = 1000;

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
const HourMinute = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be an hour as HH:MM, e.g. "09:30"');
const IsoDate = z.iso.date({ error: 'must be a date as YYYY-MM-DD' });
const IsoDateTime = z.iso.datetime({
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

const Text = z
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
const ShortText = Text.max(200, 'must be at most 200 characters');

export const ItemNumber = z
  .string()
  .regex(NUMERO_INTERNE_PATTERN, 'must be an @CTES NumeroInterne: 1–15 of A–Z, 0–9 and "_", not starting or ending with "_"');

/** The SIREN of a collectivité: 9 digits whose last is the Luhn check digit. */
export const Siren = z
  .string()
  .regex(/^\d{9}$/, 'must be 9 digits')
  .refine(isValidSiren, 'must be a SIREN whose check digit is valid (Luhn)');

export const Assembly = z.strictObject({
  siren: Siren,
  name: ShortText,
  body: ShortText,
  kind: z.enum(ASSEMBLY_KINDS),
  departement: z.string().regex(DEPARTEMENT_PATTERN, 'must be the 3-character @CTES département code, e.g. "035", "02A", "974"'),
  arrondissement: z.string().regex(/^\d$/, 'must be one digit').optional(),
});

export const Member = z.strictObject({
  id: MemberId,
  civility: z.enum(['M.', 'Mme']),
  name: ShortText,
});

export const AgendaItem = z.strictObject({
  number: ItemNumber,
  /** Printed form of the number, e.g. "AD 2025 0043". */
  label: Text.max(50, 'must be at most 50 characters').optional(),
  title: Text.max(499, 'must be at most 499 characters (@CTES Objet, as S²LOW accepts it)').regex(
    /^[^\r\n]*$/,
    'must hold on one line (@CTES Objet)',
  ),
  /** Member id of the rapporteur. */
  rapporteur: MemberId.optional(),
  commission: ShortText.optional(),
  policy: ShortText.optional(),
  nature: z.enum(NATURE_ABBREVIATIONS),
  /** @CTES classification, levels 1 and 2 at least, e.g. "7.1". */
  matiere: z
    .string()
    .regex(/^[1-9](\.\d{1,2}){1,4}$/, 'must be an @CTES classification code such as "7.1"')
    .optional(),
  visas: z.array(Text).optional(),
  expose: Text.optional(),
  decision: Text.optional(),
});

function unique<T>(key: (value: T) => string, field: string) {
  return (values: T[], ctx: z.RefinementCtx) => {
    const seen = new Set<string>();
    values.forEach((value, index) => {
      const k = key(value);
      if (seen.has(k)) ctx.addIssue({ code: 'custom', path: [index, field], message: `"${k}" appears more than once` });
      seen.add(k);
    });
  };
}

const envelope = <T extends string, P extends z.ZodType>(type: T, payload: P) =>
  z.strictObject({
    version: z.literal(CONTRACT_VERSION).optional(),
    eventId: EventId,
    type: z.literal(type),
    sessionId: SessionId,
    occurredAt: IsoDateTime,
    payload,
  });

export const SessionOpened = envelope(
  'SessionOpened',
  z.strictObject({
    assembly: Assembly,
    date: IsoDate,
    openedAt: HourMinute,
    place: ShortText.optional(),
    convokedOn: IsoDate.optional(),
    /** A second meeting after a failed quorum: it deliberates whatever the number present. */
    reconvened: z.boolean().optional(),
    president: MemberId,
    secretary: MemberId.optional(),
    members: z
      .array(Member)
      .min(1, 'must list the members in office')
      .max(MAX_MEMBERS, `must list at most ${MAX_MEMBERS} members (the largest French assembly has about 230)`)
      .superRefine(unique((m) => m.id, 'id')),
    items: z
      .array(AgendaItem)
      .min(1, 'must list at least one délibération')
      .max(MAX_ITEMS, `must list at most ${MAX_ITEMS} délibérations`)
      .superRefine(unique((i) => i.number, 'number')),
    /** Explicit regime, overriding the one chosen from the séance date. */
    ruleSet: z.enum(REGIME_IDS).optional(),
  }),
);

export const AttendanceEntry = z
  .strictObject({
    memberId: MemberId,
    status: z.enum(['present', 'absent']),
    /** Member id of the holder of this absent member's proxy. */
    proxyTo: MemberId.optional(),
  })
  .refine((e) => e.status === 'absent' || e.proxyTo === undefined, {
    path: ['proxyTo'],
    message: 'only an absent member gives a proxy',
  });

export const AttendanceRecorded = envelope(
  'AttendanceRecorded',
  z.strictObject({
    entries: z
      .array(AttendanceEntry)
      .min(1, 'must hold at least one entry')
      .superRefine(unique((e) => e.memberId, 'memberId')),
    /** The item from which this attendance takes effect; without it, from the moment it is recorded. */
    item: ItemNumber.optional(),
    at: HourMinute.optional(),
  }),
);

const Count = z.int('must be a whole number').min(0, 'must not be negative');

export const Tally = z.strictObject({
  pour: Count,
  contre: Count,
  abstention: Count,
  blankOrNull: Count.optional(),
  nppv: Count.optional(),
});

export const Ballot = z.strictObject({
  memberId: MemberId,
  choice: z.enum(['pour', 'contre', 'abstention', 'nppv']),
  /** The absent member on whose behalf a proxy holder casts this ballot. */
  forMember: MemberId.optional(),
});

export const VoteCast = envelope(
  'VoteCast',
  z
    .strictObject({
      item: ItemNumber,
      method: z.enum(['show_of_hands', 'roll_call', 'secret']),
      tally: Tally.optional(),
      ballots: z.array(Ballot).min(1, 'must hold at least one ballot').optional(),
      /** The own vote of the member presiding, needed to apply their casting vote on a tie entered as a tally. */
      presidentVote: z.enum(['pour', 'contre', 'abstention', 'nppv']).optional(),
      /** The member presiding over this vote when the séance's president does not (absent, or withdrawn). */
      presidedBy: MemberId.optional(),
    })
    .superRefine((vote, ctx) => {
      if ((vote.tally === undefined) === (vote.ballots === undefined))
        ctx.addIssue({ code: 'custom', path: ['tally'], message: 'give either a tally or ballots, not both and not neither' });
      if (vote.ballots && vote.presidentVote)
        ctx.addIssue({
          code: 'custom',
          path: ['presidentVote'],
          message: "only with a tally: with ballots the president's ballot says it",
        });
      if (vote.method === 'secret' && vote.presidentVote)
        ctx.addIssue({
          code: 'custom',
          path: ['presidentVote'],
          message: 'not with a secret ballot: it has no casting vote and keeps every vote secret',
        });
    }),
);

export const SessionClosed = envelope('SessionClosed', z.strictObject({ at: HourMinute }));

export const ActSigned = envelope(
  'ActSigned',
  z.strictObject({
    item: ItemNumber,
    signedBy: MemberId,
    signedAt: z.union([IsoDateTime, IsoDate], { error: 'must be a date (YYYY-MM-DD) or an ISO-8601 date-time with offset' }),
    place: ShortText.optional(),
  }),
);

export const SessionEvent = z.discriminatedUnion('type', [SessionOpened, AttendanceRecorded, VoteCast, SessionClosed, ActSigned], {
  error: (issue) =>
    issue.code === 'invalid_union' ? 'must be one of SessionOpened, AttendanceRecorded, VoteCast, SessionClosed, ActSigned' : undefined,
});

export type SessionEvent = z.infer<typeof SessionEvent>;
export type SessionOpened = z.infer<typeof SessionOpened>;
export type AttendanceRecorded = z.infer<typeof AttendanceRecorded>;
export type VoteCast = z.infer<typeof VoteCast>;
export type SessionClosed = z.infer<typeof SessionClosed>;
export type ActSigned = z.infer<typeof ActSigned>;
export type Assembly = z.infer<typeof Assembly>;
export type Member = z.infer<typeof Member>;
export type AgendaItem = z.infer<typeof AgendaItem>;
export type AttendanceEntry = z.infer<typeof AttendanceEntry>;
export type Tally = z.infer<typeof Tally>;
export type Ballot = z.infer<typeof Ballot>;
export type SessionEventType = SessionEvent['type'];

/** One broken contract rule: the path of the field ("payload.entries[3].proxyTo") and what it must be. */
export interface ContractViolation {
  field: string;
  message: string;
}

export type ParsedEvent = { ok: true; event: SessionEvent } | { ok: false; violations: ContractViolation[] };

/** Parses one event against the contract, naming every offending field. */
export function parseSessionEvent(input: unknown): ParsedEvent {
  const parsed = SessionEvent.safeParse(input);
  if (parsed.success) return { ok: true, event: parsed.data };
  return { ok: false, violations: parsed.error.issues.map(toViolation) };
}

/**
 * An event as the log stored it, read back through the contract of its version (absent means 1,
 * the only one yet): a later version upgrades the earlier ones here, instead of trusting a cast.
 */
export function readStoredEvent(json: string): SessionEvent {
  const stored = JSON.parse(json) as { version?: unknown; eventId?: unknown };
  if ((stored.version ?? CONTRACT_VERSION) !== CONTRACT_VERSION)
    throw new Error(`stored event ${String(stored.eventId)} is of contract version ${String(stored.version)}, which this code cannot read`);
  const parsed = parseSessionEvent(stored);
  if (!parsed.ok)
    throw new Error(
      `stored event ${String(stored.eventId)} breaks its contract: ${parsed.violations.map((v) => `${v.field}: ${v.message}`).join('; ')}`,
    );
  return parsed.event;
}

/** Violations name what the client sent (an unknown key, say): each is cut to a length an answer can echo. */
const bounded = (text: string, max: number) => (text.length > max ? `${text.slice(0, max - 1)}…` : text);

function toViolation(issue: z.core.$ZodIssue): ContractViolation {
  const field = issue.path.reduce<string>(
    (path, key) => (typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${String(key)}` : String(key)),
    '',
  );
  return { field: bounded(field || '(event)', 200), message: bounded(issue.message, 300) };
}
