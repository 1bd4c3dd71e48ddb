/**
 * A vote on an item: validated against the roll of that item, counted, and turned into the outcome
 * the act will state. Suffrages exprimés are pour + contre; abstentions, blank or null ballots and
 * members who take no part in the vote (NPPV) are not (CGCT L2121-20, L3121-14, L4132-13).
 */
import type { Member, RequiredMajority, VoteCast, Wording } from '#events/session-events';
import { agreed, displayName, type ItemAttendance } from './attendance.ts';
import { ok, reject, type Result } from './errors.ts';
import type { Procedure } from './procedure.ts';
import type { RuleSet } from './rule-sets.ts';
import { requiredVotes, statementOf, wordingOf, type OutcomeWording, type RequiredOutcome } from './wording.ts';

export { WORDINGS, wordingOf, type OutcomeWording } from './wording.ts';

export type VoteMethod = VoteCast['payload']['method'];
type Choice = 'pour' | 'contre' | 'abstention' | 'nppv';

export interface VoteCount {
  readonly pour: number;
  readonly contre: number;
  readonly abstention: number;
  readonly blankOrNull: number;
  readonly nppv: number;
  readonly exprimes: number;
}

export interface Outcome {
  readonly adopted: boolean;
  readonly wording: OutcomeWording;
  /** The tie was decided by the president's casting vote ("voix prépondérante"). */
  readonly castingVote: boolean;
  /** The sentence the act prints, where it says more than `wording` (house style, names, a required majority). */
  readonly text?: string;
  /** The majority the item required beyond the simple majority. */
  readonly required?: RequiredOutcome;
}

/** What the act says after "la délibération est". */
export const outcomeText = (outcome: Outcome): string => outcome.text ?? outcome.wording;

export interface VoteContext {
  readonly members: readonly Member[];
  readonly attendance: ItemAttendance;
  readonly rules: RuleSet;
  /** The member presiding at this vote: the séance's president unless the vote names another. */
  readonly presiding: string;
  readonly procedure: Procedure;
  /** Members in office for this item, which a majority of members counts. */
  readonly inOffice: number;
  readonly majority?: RequiredMajority | undefined;
  readonly wording?: Wording | undefined;
  /** The compte administratif's rule, when the item is one: adopted unless a majority is against (CGCT L1612-12). */
  readonly accounts?: string | undefined;
}

export interface CountedVote {
  readonly count: VoteCount;
  /** What the presiding member voted in person, when known: their ballot, or `presidentVote` with a tally. */
  readonly presidentChoice?: Choice | undefined;
}

/** Counts a vote after checking it against the roll of the item. */
export function countVote(vote: VoteCast['payload'], context: VoteContext): Result<CountedVote> {
  if (vote.ballots) return countBallots(vote.method, vote.ballots, context);
  const tally = vote.tally!;
  const count = withExprimes({ ...tally, blankOrNull: tally.blankOrNull ?? 0, nppv: tally.nppv ?? 0 });
  const total = count.pour + count.contre + count.abstention + count.blankOrNull + count.nppv;
  const voting = context.attendance.present.length + context.attendance.represented.length;
  const rule = context.rules.majority.article;
  if (total === 0)
    return reject(
      'EMPTY_TALLY',
      { fr: 'le décompte ne compte aucune voix', en: 'the tally counts no vote at all' },
      { rule, field: 'payload.tally', item: vote.item },
    );
  if (total > voting)
    return reject(
      'TALLY_EXCEEDS_VOTERS',
      {
        fr: `le décompte compte ${total} voix pour ${voting} votants (présents et représentés)`,
        en: `the tally counts ${total} votes for ${voting} voters (present and represented)`,
      },
      { rule, field: 'payload.tally', item: vote.item },
    );
  return ok({ count, presidentChoice: vote.presidentVote });
}

/** A member named to preside over this vote must be a member in office, present at that moment. */
export function checkPresiding(vote: VoteCast['payload'], context: Pick<VoteContext, 'members' | 'attendance' | 'rules'>): Result<void> {
  const id = vote.presidedBy;
  if (id === undefined) return ok(undefined);
  if (!context.members.some((m) => m.id === id))
    return reject(
      'UNKNOWN_MEMBER',
      { fr: `« ${id} » n'est pas un membre en exercice de l'assemblée`, en: `"${id}" is not a member in office of the assembly` },
      { field: 'payload.presidedBy', memberId: id },
    );
  if (!context.attendance.present.includes(id)) {
    const name = displayName(context.members, id);
    return reject(
      'PRESIDING_MEMBER_ABSENT',
      {
        fr: `${name} ne peut présider ce vote : ${agreed(context.members, id, 'absent')}`,
        en: `${name} cannot preside over this vote: not present`,
      },
      { rule: context.rules.castingVote.article, field: 'payload.presidedBy', memberId: id, item: vote.item },
    );
  }
  return ok(undefined);
}

function countBallots(method: VoteMethod, ballots: NonNullable<VoteCast['payload']['ballots']>, context: VoteContext): Result<CountedVote> {
  const { members, attendance, rules, presiding } = context;
  if (method === 'secret')
    return reject(
      'SECRET_BALLOT_NOMINATIVE',
      {
        fr: 'un scrutin secret se saisit en décompte, sans bulletins nominatifs',
        en: 'a secret ballot is entered as a tally, without named ballots',
      },
      { rule: rules.secretBallot.article, field: 'payload.ballots' },
    );
  const inOffice = new Set(members.map((m) => m.id));
  const present = new Set(attendance.present);
  const cast = new Set<string>();
  const tally = { pour: 0, contre: 0, abstention: 0, nppv: 0 };
  let presidentChoice: Choice | undefined;
  for (const [index, ballot] of ballots.entries()) {
    const field = `payload.ballots[${index}]`;
    for (const [key, id] of [
      ['memberId', ballot.memberId],
      ['forMember', ballot.forMember],
    ] as const)
      if (id !== undefined && !inOffice.has(id))
        return reject(
          'UNKNOWN_MEMBER',
          { fr: `« ${id} » n'est pas un membre en exercice de l'assemblée`, en: `"${id}" is not a member in office of the assembly` },
          { field: `${field}.${key}`, memberId: id },
        );
    const voter = displayName(members, ballot.memberId);
    const withdrawn = [ballot.memberId, ballot.forMember].map((id) => attendance.withdrawn?.find((w) => w.memberId === id));
    const out = withdrawn[0] ?? withdrawn[1];
    if (out) {
      const name = displayName(members, out.memberId);
      const rule = out.reason === 'compte_administratif' ? context.procedure.accounts : context.procedure.interest;
      return reject(
        'BALLOT_FROM_WITHDRAWN_MEMBER',
        {
          fr: `${name} s'est ${agreed(members, out.memberId, 'retiré')} pour cette délibération et ne prend pas part au vote, ni en son nom ni par un pouvoir`,
          en: `${name} withdrew from this item and takes no part in its vote, in their own name or by a proxy`,
        },
        { rule, field: `${field}.${withdrawn[0] ? 'memberId' : 'forMember'}`, memberId: out.memberId },
      );
    }
    if (!present.has(ballot.memberId))
      return reject(
        'BALLOT_FROM_ABSENT_MEMBER',
        {
          fr: `${voter} n'est pas ${agreed(members, ballot.memberId, 'présent')} pour ce vote et ne peut pas voter`,
          en: `${voter} is not present for this vote and cannot vote`,
        },
        { rule: rules.proxies.article, field: `${field}.memberId`, memberId: ballot.memberId },
      );
    if (ballot.forMember !== undefined) {
      const mandant = displayName(members, ballot.forMember);
      const holds = attendance.represented.some((r) => r.memberId === ballot.forMember && r.holderId === ballot.memberId);
      if (!holds)
        return reject(
          'BALLOT_WITHOUT_PROXY',
          { fr: `${voter} ne détient pas de pouvoir en vigueur de ${mandant}`, en: `${voter} holds no proxy in force from ${mandant}` },
          { rule: rules.proxies.article, field: `${field}.forMember`, memberId: ballot.forMember },
        );
    }
    const owner = ballot.forMember ?? ballot.memberId;
    if (cast.has(owner)) {
      const name = displayName(members, owner);
      return reject(
        'BALLOT_DUPLICATE',
        { fr: `la voix de ${name} est déjà exprimée dans ce scrutin`, en: `the vote of ${name} is cast already in this ballot` },
        { rule: rules.proxies.article, field, memberId: owner },
      );
    }
    cast.add(owner);
    tally[ballot.choice] += 1;
    if (ballot.memberId === presiding && ballot.forMember === undefined) presidentChoice = ballot.choice;
  }
  return ok({ count: withExprimes({ ...tally, blankOrNull: 0 }), presidentChoice });
}

function withExprimes(count: Omit<VoteCount, 'exprimes'>): VoteCount {
  return { ...count, exprimes: count.pour + count.contre };
}

/**
 * Adopted when pour > contre. A tie goes to the side of the presiding member's own vote (their
 * "voix prépondérante", CGCT L2121-20, L3121-15, L4132-14), never in a secret ballot; a tie without
 * it, like a vote where nobody expresses a suffrage, is rejected.
 */
export function decideOutcome(
  counted: CountedVote,
  vote: Pick<VoteCast['payload'], 'item' | 'method' | 'tally' | 'ballots'>,
  context: VoteContext,
): Result<Outcome> {
  const { count, presidentChoice } = counted;
  const rule = context.rules.castingVote.article;
  const presiding = displayName(context.members, context.presiding);
  const present = context.attendance.present.includes(context.presiding);
  const absent = agreed(context.members, context.presiding, 'absent');
  if (vote.tally && presidentChoice !== undefined) {
    if (!present)
      return reject(
        'CASTING_VOTE_INCONSISTENT',
        {
          fr: `${presiding}, qui préside, est ${absent} : son vote ne peut figurer au décompte`,
          en: `${presiding}, who presides, is not present: their vote cannot be in the tally`,
        },
        { rule, field: 'payload.presidentVote', item: vote.item },
      );
    if (count[presidentChoice] === 0)
      return reject(
        'CASTING_VOTE_INCONSISTENT',
        {
          fr: `le vote « ${presidentChoice} » de ${presiding}, qui préside, ne figure pas dans le décompte (${presidentChoice} : 0)`,
          en: `the "${presidentChoice}" vote of ${presiding}, who presides, is missing from the tally (${presidentChoice}: 0)`,
        },
        { rule, field: 'payload.presidentVote', item: vote.item },
      );
  }
  const finish = (adopted: boolean, castingVote: boolean) => ok(outcome(count, adopted, castingVote, vote, context));
  if (context.accounts && !context.majority) return ok(accountsOutcome(count, vote, context));
  if (context.majority) {
    const required = requiredVotes(context.majority, count.exprimes, context.inOffice);
    return ok(outcome(count, count.exprimes > 0 && count.pour >= required.votes, false, vote, context, required));
  }
  const tie = count.pour === count.contre && count.exprimes > 0;
  if (!tie || vote.method === 'secret') return finish(count.pour > count.contre, false);
  if (!present)
    return reject(
      'CASTING_VOTE_REQUIRED',
      {
        fr: `partage des voix (${count.pour} pour, ${count.contre} contre) et ${presiding} est ${absent} : indiquez qui préside ce vote (presidedBy), sa voix est prépondérante`,
        en: `tie (${count.pour} pour, ${count.contre} contre) and ${presiding} is not present: name who presides over this vote (presidedBy), whose vote decides a tie`,
      },
      { rule, field: 'payload.presidedBy', item: vote.item },
    );
  if (vote.tally && presidentChoice === undefined)
    return reject(
      'CASTING_VOTE_REQUIRED',
      {
        fr: `partage des voix (${count.pour} pour, ${count.contre} contre) : indiquez le vote de ${presiding}, qui préside (presidentVote), sa voix est prépondérante`,
        en: `tie (${count.pour} pour, ${count.contre} contre): give the vote of ${presiding}, who presides (presidentVote), which decides a tie`,
      },
      { rule, field: 'payload.presidentVote', item: vote.item },
    );
  if (presidentChoice === 'pour') return finish(true, true);
  return finish(false, presidentChoice === 'contre');
}

/**
 * The compte administratif is "arrêté si une majorité des voix ne s'est pas dégagée contre son
 * adoption" (CGCT L1612-12): a tie, or no suffrage exprimé at all, adopts it, and no casting vote is
 * needed or taken.
 */
function accountsOutcome(count: VoteCount, vote: Pick<VoteCast['payload'], 'method' | 'ballots'>, context: VoteContext): Outcome {
  const adopted = count.contre <= count.pour;
  if (!adopted || count.pour > count.contre) return outcome(count, adopted, false, vote, context);
  return {
    adopted,
    wording: 'adoptée à la majorité',
    castingVote: false,
    text: `adoptée, aucune majorité ne s'étant dégagée contre son adoption (${context.accounts})`,
  };
}

/**
 * The outcome and its sentence. A required majority (L5214-16 IV, L5216-5 III …) takes its votes
 * "pour" out of the suffrages exprimés or the members in office, and no casting vote reaches it.
 */
function outcome(
  count: VoteCount,
  adopted: boolean,
  castingVote: boolean,
  vote: Pick<VoteCast['payload'], 'method' | 'ballots'>,
  context: VoteContext,
  required?: RequiredOutcome,
): Outcome {
  const wording = wordingOf(count, adopted, context.wording);
  const named = vote.method === 'secret' ? undefined : vote.ballots;
  const text = statementOf(count, wording, { style: context.wording, required, ballots: named, members: context.members });
  return { adopted, wording, castingVote, ...(text !== wording && { text }), ...(required && { required }) };
}
