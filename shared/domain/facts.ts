/**
 * What a séance records once the rules have accepted an event: the fact as it was decided then
 * (the rule set chosen, the IDActe derived, the roll frozen, the counts, quorum and outcome). A séance
 * is rebuilt by folding its facts, without asking the rules again, so a later correction of a rule
 * never undoes a délibération the register recorded as adopted. Facts are plain JSON, stored as
 * they are; each carries its format's version, so that a later format can upgrade this one on read.
 *
 * The records a fact carries (`SessionHeader`, `VoteRecord`, `AttendanceStep`, `Signature`) are part of
 * this format: changing their shape means a new version of it.
 */
import type { AgendaFacts, AttendanceStep, SessionHeader, Signature, VoteRecord } from './session-state.ts';

/**
 * The format of the facts written today. Version 2 (contract version 2) adds optional records only —
 * withdrawals and suppléants in a roll, an election in place of a count, the sentence of an outcome —
 * so a version 1 fact reads as a version 2 fact as it is.
 */
export const FACT_VERSION = 2;
export const FACT_VERSIONS: readonly number[] = [1, 2];

interface Recorded<Type extends string> {
  readonly version: 1 | typeof FACT_VERSION;
  readonly type: Type;
  /** The session event the fact was decided on. */
  readonly eventId: string;
}

/** An agenda item as the opening resolved it: its @CTES IDActe derived once, from the séance's date. */
export interface OpenedItem extends AgendaFacts {
  readonly actesId: string;
}

/**
 * The séance as opened: who sits, what is on the agenda, and the rule set it is held under —
 * resolved from the kind of assembly and the date (or the regime named), as the catalogue said then.
 */
export interface OpeningFact extends Recorded<'opening'>, SessionHeader {
  readonly items: readonly OpenedItem[];
}

/** A change of the roll, with the item from which it takes effect already resolved. */
export interface AttendanceFact extends Recorded<'attendance'> {
  readonly step: AttendanceStep;
}

/** A vote on an item: the roll frozen for it, the quorum, the counts and the outcome the act states. */
export interface VoteFact extends Recorded<'vote'> {
  readonly item: string;
  readonly vote: VoteRecord;
}

export interface ClosingFact extends Recorded<'closing'> {
  readonly at: string;
}

export interface SignatureFact extends Recorded<'signature'> {
  readonly item: string;
  readonly signature: Signature;
}

export type Fact = OpeningFact | AttendanceFact | VoteFact | ClosingFact | SignatureFact;
