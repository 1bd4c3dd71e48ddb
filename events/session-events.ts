/**
 * The session-event contract, version 4: what the secretariat's console (or any client) sends to
 * Registre. These zod schemas are the single source of the event types; the domain core, the API and
 * the CLI all take their types from here. Unknown fields are refused, so a typo ("proxy_to") is a 400
 * naming the field instead of a proxy silently lost.
 *
 * Version 2 adds, all optional, so every version 1 event reads the same: suppléants (`role`,
 * `standsFor`), withdrawals from an item (`status: "withdrawn"`), elections (`kind: "election"`,
 * `VoteCast.election`), the majority an item requires, ballot requests, and the assembly's wording.
 * Version 3 adds, all optional too, what publication and the open data need: the assembly's `siret`
 * and `publication` mode, an item's `budget`. Version 4 adds an item's `annexes` (file, @CTES type,
 * title), optional too.
 */
import * as z from 'zod';
import { Count, EventId, HourMinute, IsoDate, IsoDateTime, ItemNumber, MemberId, SessionId, ShortText, unique } from './contract-fields.ts';
import { AgendaItem, Assembly, Member } from './assembly-and-agenda.ts';
import { Election } from './election.ts';
import { REGIME_IDS } from './vocabulary.ts';

export { EventId, ItemNumber, MemberId, SessionId, Siren } from './contract-fields.ts';
export { AgendaItem, Annex, Assembly, MAX_ANNEXES, Member, RequiredMajority, Wording } from './assembly-and-agenda.ts';

/** The contract written today, and every version still read. */
export const CONTRACT_VERSION = 4;
export const CONTRACT_VERSIONS = [1, 2, 3, 4] as const;

/** A séance's size, far beyond any real one: its projection then stays well inside a DynamoDB item. */
export const MAX_MEMBERS = 400;
export const MAX_ITEMS = 1000;

const envelope = <T extends string, P extends z.ZodType>(type: T, payload: P) =>
  z.strictObject({
    version: z.literal(CONTRACT_VERSIONS, { error: `must be one of the contract versions ${CONTRACT_VERSIONS.join(', ')}` }).optional(),
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

/**
 * Why a member withdraws from an item: interested in the matter (CGCT L2131-11), a representative of
 * the body the item concerns (L1111-6 II), or the maire or président whose compte administratif is
 * voted (L2121-14, L1612-12; L3312-5, L4312-8).
 */
export const WITHDRAWAL_REASONS = ['interest', 'representative', 'compte_administratif'] as const;

/**
 * A member's presence from the item the entry takes effect at. `withdrawn` is for that one item only:
 * the member takes no part in it, and their presence before it resumes at the next item.
 */
export const AttendanceEntry = z
  .strictObject({
    memberId: MemberId,
    status: z.enum(['present', 'absent', 'withdrawn']),
    /** Member id of the holder of this absent member's proxy. */
    proxyTo: MemberId.optional(),
    reason: z.enum(WITHDRAWAL_REASONS).optional(),
  })
  .superRefine((e, ctx) => {
    if (e.status !== 'absent' && e.proxyTo !== undefined)
      ctx.addIssue({ code: 'custom', path: ['proxyTo'], message: 'only an absent member gives a proxy' });
    if (e.status === 'withdrawn' && e.reason === undefined)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: `a withdrawal gives its reason: ${WITHDRAWAL_REASONS.join(', ')}` });
    if (e.status !== 'withdrawn' && e.reason !== undefined)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'only a withdrawal has a reason' });
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
      /** The result of an election's rounds, for an item of kind "election". */
      election: Election.optional(),
      /** How many members present asked for a secret or a public ballot (CGCT L2121-21, L3121-15, L4132-14). */
      requested: z.strictObject({ secret: Count.optional(), public: Count.optional() }).optional(),
    })
    .superRefine((vote, ctx) => {
      const given = [vote.tally, vote.ballots, vote.election].filter((v) => v !== undefined).length;
      if (given !== 1)
        ctx.addIssue({
          code: 'custom',
          path: ['tally'],
          message: 'give one of a tally, ballots or an election (its rounds), not several and not none',
        });
      if (vote.election && vote.presidentVote)
        ctx.addIssue({
          code: 'custom',
          path: ['presidentVote'],
          message: 'not with an election: a tie goes to the eldest, not to a casting vote',
        });
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
export type AttendanceEntry = z.infer<typeof AttendanceEntry>;
export type Tally = z.infer<typeof Tally>;
export type Ballot = z.infer<typeof Ballot>;
export type WithdrawalReason = (typeof WITHDRAWAL_REASONS)[number];
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
 * An event as the log stored it, read back through the contract of its version (absent means 1):
 * versions 2 to 4 only added optional fields, so an earlier event reads as it is; a later version
 * upgrades the earlier ones here, instead of trusting a cast.
 */
export function readStoredEvent(json: string): SessionEvent {
  const stored = JSON.parse(json) as { version?: unknown; eventId?: unknown };
  if (!(CONTRACT_VERSIONS as readonly unknown[]).includes(stored.version ?? 1))
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
