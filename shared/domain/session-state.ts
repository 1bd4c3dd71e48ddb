/**
 * The séance as Registre keeps it: plain JSON, stored as it is in the projections, and the queries
 * the rules and the views ask of it (the roll of an item, the attendance as it stands).
 */
import type { AgendaItem, Assembly, AttendanceEntry, Ballot, Member } from '#events/session-events';
import { applyEntries, attendanceOf, type ItemAttendance, type Roll } from './attendance.ts';
import { ok, reject, type Result } from './errors.ts';
import { procedureOf } from './procedure.ts';
import { computeQuorum, type QuorumRecord } from './quorum.ts';
import type { RuleSet } from './rule-sets.ts';
import type { Outcome, VoteCount, VoteMethod } from './vote.ts';
import type { ElectionRecord } from './election.ts';

export interface AttendanceStep {
  /**
   * The item from which the entries take effect: the one named by the event, else the first item not
   * yet voted when they were recorded. Absent when every item was voted already.
   */
  readonly fromItem?: string;
  readonly at?: string;
  readonly entries: readonly AttendanceEntry[];
}

interface VoteBase {
  readonly method: VoteMethod;
  readonly castAt: string;
  /** The member who presided over the vote (and holds the casting vote). */
  readonly presiding: string;
  /** The roll frozen when the vote was taken: the act lists these members. */
  readonly attendance: ItemAttendance;
  readonly quorum: QuorumRecord;
}

/** A vote on a délibération: counted, and adopted or rejected. */
export interface MotionVote extends VoteBase {
  readonly count: VoteCount;
  readonly outcome: Outcome;
  readonly ballots?: readonly Ballot[];
  readonly election?: undefined;
}

/** An election or a nomination: its rounds, and who is elected. */
export interface ElectionVote extends VoteBase {
  readonly election: ElectionRecord;
}

export type VoteRecord = MotionVote | ElectionVote;

export const isElection = (vote: VoteRecord): vote is ElectionVote => vote.election !== undefined;

/** Whether the vote makes an act to certify and transmit: an adopted délibération, or an election held. */
export const makesAnAct = (vote: VoteRecord | undefined): boolean => vote !== undefined && (isElection(vote) || vote.outcome.adopted);

export interface Signature {
  readonly signedBy: string;
  readonly signedAt: string;
  readonly place?: string;
}

/** What the rules need of an agenda item: its texts (visas, exposé, décision) stay in the SessionOpened event. */
export type AgendaFacts = Omit<AgendaItem, 'visas' | 'expose' | 'decision'>;

export interface ItemState extends AgendaFacts {
  readonly status: 'pending' | 'voted' | 'signed';
  /** The @CTES IDActe, e.g. "035-223500018-20250320-AD_2025_0043-DE". */
  readonly actesId: string;
  readonly vote?: VoteRecord;
  readonly signature?: Signature;
}

/** The séance as its opening set it: who sits, when and where, under which rule set. */
export interface SessionHeader {
  readonly sessionId: string;
  readonly assembly: Assembly;
  readonly date: string;
  readonly openedAt: string;
  readonly place?: string;
  readonly convokedOn?: string;
  readonly reconvened: boolean;
  readonly president: string;
  readonly secretary?: string;
  readonly ruleSet: RuleSet;
  readonly members: readonly Member[];
}

export interface SessionState extends SessionHeader {
  /** The SessionOpened event, which keeps the texts of the agenda. */
  readonly openingEventId: string;
  /** Number of events applied: the version the projections are written with. */
  readonly version: number;
  readonly status: 'open' | 'closed';
  readonly items: readonly ItemState[];
  readonly attendance: readonly AttendanceStep[];
  readonly closedAt?: string;
}

/**
 * The roll for an item: the attendance steps that take effect at or before it, applied in agenda
 * order (and in recording order for the same item), so a change announced for a later item never
 * overrides one recorded afterwards for an earlier item; withdrawals count only at the item they
 * were recorded for. Without an item: every step (the séance as it stands once all items are voted).
 */
export function rollAt(state: SessionState, item: string | undefined): Roll {
  const position = (number: string | undefined) => (number === undefined ? Number.POSITIVE_INFINITY : indexOf(state, number));
  const index = position(item);
  return state.attendance
    .map((step, order) => ({ step, from: position(step.fromItem), order }))
    .filter(({ from }) => from <= index)
    .sort((a, b) => a.from - b.from || a.order - b.order)
    .reduce<Roll>((roll, { step }) => applyEntries(roll, step.entries, item !== undefined && step.fromItem === item), {});
}

/** Who is where when `item` is voted (or as it stands, without an item). */
export function attendanceAt(state: SessionState, item: string | undefined): ItemAttendance {
  return attendanceOf(state.members, rollAt(state, item));
}

/** The quorum of an item on a roll: two thirds present where the item elects a président who needs them (L3122-1, L4133-1). */
export function quorumAt(state: SessionState, item: ItemState, attendance: ItemAttendance): QuorumRecord {
  const procedure = procedureOf(state.assembly.kind);
  const twoThirds = item.kind === 'election' && item.office ? procedure.elections.twoThirdsPresent[item.office] : undefined;
  return computeQuorum(attendance, { members: state.members, rules: state.ruleSet, procedure, reconvened: state.reconvened, twoThirds });
}

/** Attendance as it stands for the next item to be voted (or after the last step once all are voted). */
export function currentAttendance(state: SessionState): ItemAttendance {
  return attendanceAt(state, state.items.find((i) => i.status === 'pending')?.number);
}

export function findItem(state: SessionState, number: string): Result<ItemState> {
  const item = state.items.find((i) => i.number === number);
  if (item) return ok(item);
  return reject(
    'UNKNOWN_ITEM',
    { fr: `la délibération ${number} n'est pas à l'ordre du jour`, en: `item ${number} is not on the agenda` },
    { field: 'payload.item', item: number },
  );
}

export function indexOf(state: SessionState, number: string): number {
  return state.items.findIndex((i) => i.number === number);
}

export function updateItem(state: SessionState, number: string, change: Partial<ItemState>): SessionState {
  return { ...state, items: state.items.map((i) => (i.number === number ? { ...i, ...change } : i)) };
}

/** Attendance and votes are recorded only while the séance sits; once it is closed, only signatures follow. */
export function requireOpen(state: SessionState): Result<void> {
  if (state.status === 'open') return ok(undefined);
  return reject('SESSION_CLOSED', {
    fr: `la séance ${state.sessionId} est levée depuis ${state.closedAt}`,
    en: `session ${state.sessionId} was closed at ${state.closedAt}`,
  });
}
