/**
 * Elections and nominations (contract version 2): what the secretariat records of an item whose
 * agenda entry is an election — the candidates, and each round's ballots as the bureau counted them.
 * Who is elected, and whether a round could elect, is the domain's to decide (CGCT L2121-21, L2122-7,
 * L2122-7-2, L3122-1, L4133-1); the contract only bounds the shape.
 */
import * as z from 'zod';
import { Count, IsoDate, MemberId, ShortText, unique } from './contract-fields.ts';

/**
 * The offices an assembly elects: its maire or président, adjoints or vice-présidents, and any other
 * nomination (delegates to an outside body, members of a commission).
 */
export const ELECTED_OFFICES = ['maire', 'adjoint', 'president', 'vice_president', 'designation'] as const;
export type ElectedOffice = (typeof ELECTED_OFFICES)[number];

/** A person standing, with a birth date when a tie at the third round must go to the eldest. */
const Person = z.strictObject({
  memberId: MemberId,
  birthDate: IsoDate.optional(),
});

/**
 * A candidate: a member standing alone (`memberId`), or a list (`list`, its `members` head first) for
 * the adjoints of a commune of 1,000 inhabitants or more (L2122-7-2). Votes name a candidate by the
 * member's id or the list's name.
 */
export const Candidate = z
  .strictObject({
    memberId: MemberId.optional(),
    birthDate: IsoDate.optional(),
    list: ShortText.optional(),
    members: z.array(Person).min(1, 'must name the members of the list, head first').optional(),
  })
  .superRefine((candidate, ctx) => {
    const single = candidate.memberId !== undefined;
    const list = candidate.list !== undefined;
    if (single === list)
      ctx.addIssue({ code: 'custom', path: ['memberId'], message: 'give either a memberId (a member standing) or a list, not both' });
    if (list && !candidate.members) ctx.addIssue({ code: 'custom', path: ['members'], message: 'a list must name its members' });
    if (single && candidate.members) ctx.addIssue({ code: 'custom', path: ['members'], message: 'only a list has members' });
    if (list && candidate.birthDate)
      ctx.addIssue({ code: 'custom', path: ['birthDate'], message: "a list's age is its members' mean: give their birth dates" });
  });

export const RoundVotes = z.strictObject({
  /** The memberId of a member standing, or the name of a list. */
  candidate: ShortText,
  votes: Count,
});

/** One round as the bureau counted it: ballots found in the ballot box, blank and null apart. */
export const Round = z.strictObject({
  ballots: Count,
  blank: Count,
  null: Count,
  votes: z
    .array(RoundVotes)
    .min(1, 'must give the votes of at least one candidate')
    .superRefine(unique((v) => v.candidate, 'candidate')),
});

export const Election = z.strictObject({
  candidates: z
    .array(Candidate)
    .min(1, 'must name at least one candidate')
    .max(400, 'must name at most 400 candidates')
    .superRefine(unique((c) => c.memberId ?? c.list ?? '', 'memberId')),
  /** Rounds in order; the domain refuses a fourth (the third is decided at relative majority). */
  rounds: z.array(Round).min(1, 'must hold the first round').max(9, 'must hold at most 9 rounds'),
  /** The assembly decided unanimously not to vote by secret ballot (CGCT L2121-21, L3121-15, L4132-14). */
  secretBallotWaived: z.literal(true).optional(),
});

export type Candidate = z.infer<typeof Candidate>;
export type Round = z.infer<typeof Round>;
export type Election = z.infer<typeof Election>;
