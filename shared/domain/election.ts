/**
 * Elections and nominations: by secret ballot unless the assembly waives it unanimously where no text
 * requires it (CGCT L2121-21, L3121-15, L4132-14); the absolute majority elects at the first two
 * rounds, the relative majority at the third, and a tie goes to the eldest (L2122-7, L3122-1,
 * L4133-1) — for lists, to the list of the highest mean age (L2122-7-2). Blank and null ballots are
 * counted apart and are not suffrages exprimés.
 */
import type { Candidate, ElectedOffice, Election } from '#events/election';
import type { Member } from '#events/session-events';
import { agreed, displayName, type ItemAttendance } from './attendance.ts';
import { ok, reject, type Result } from './errors.ts';
import type { Procedure } from './procedure.ts';
import { checkCandidates } from './candidates.ts';
import { candidateName, relativeMajority } from './third-round.ts';
import type { VoteMethod } from './vote.ts';

export interface RoundRecord {
  readonly ballots: number;
  readonly blank: number;
  readonly null: number;
  readonly exprimes: number;
  /** Votes that elect at this round; absent at the third, decided by relative majority. */
  readonly absoluteMajority?: number;
  readonly votes: readonly { readonly candidate: string; readonly votes: number }[];
}

export interface Elected {
  /** The member's id, or the list's name. */
  readonly candidate: string;
  /** The members elected: the candidate, or the list's members in its order. */
  readonly members: readonly string[];
  readonly round: number;
  readonly votes: number;
  /** Decided by age on a tie at the third round. */
  readonly byAge: boolean;
}

export interface ElectionRecord {
  readonly office: ElectedOffice;
  readonly secret: boolean;
  readonly candidates: readonly Candidate[];
  readonly rounds: readonly RoundRecord[];
  /** What the absolute majority counts: the suffrages exprimés, or the members in office (L3122-1, L4133-1). */
  readonly majorityOf: 'suffrages_exprimes' | 'members_in_office';
  readonly elected: Elected;
  readonly rule: string;
  /** As the act states it: "Est élu M. DUPONT au deuxième tour de scrutin avec 30 voix". */
  readonly statement: string;
}

export interface ElectionContext {
  readonly item: string;
  readonly office: ElectedOffice;
  readonly method: VoteMethod;
  readonly members: readonly Member[];
  readonly attendance: ItemAttendance;
  readonly inOffice: number;
  readonly procedure: Procedure;
}

const ORDINALS = ['premier', 'deuxième', 'troisième'];
const OFFICE_PLURALS: Record<ElectedOffice, string> = {
  maire: 'maires',
  adjoint: 'adjoints',
  president: 'présidents',
  vice_president: 'vice-présidents',
  designation: 'membres désignés',
};

/** Checks the ballot and the rounds, and finds who is elected, or says which rule the rounds break. */
export function decideElection(election: Election, context: ElectionContext): Result<ElectionRecord> {
  const rules = context.procedure.elections;
  const rule = rules.rounds[context.office] ?? rules.rounds.default;
  const secret = context.method === 'secret';
  const ballot = checkBallot(election, context, secret);
  if (!ballot.ok) return ballot;
  const candidates = checkCandidates(election, context);
  if (!candidates.ok) return candidates;
  const ofMembers = rules.ofMembers[context.office] !== undefined;
  const voting = context.attendance.present.length + context.attendance.represented.length;
  const rounds: RoundRecord[] = [];
  for (const [index, round] of election.rounds.entries()) {
    const field = `payload.election.rounds[${index}]`;
    if (index >= 3)
      return reject(
        'FOURTH_ROUND',
        {
          fr: "il n'y a pas de quatrième tour : le troisième se décide à la majorité relative, et l'égalité au bénéfice de l'âge",
          en: 'there is no fourth round: the third is decided by relative majority, and a tie by age',
        },
        { rule, field, item: context.item },
      );
    const counted = countRound(round, index, voting, new Set(candidates.value), context);
    if (!counted.ok) return counted;
    const absoluteMajority = index < 2 ? Math.floor((ofMembers ? context.inOffice : counted.value.exprimes) / 2) + 1 : undefined;
    const record = { ...counted.value, ...(absoluteMajority !== undefined && { absoluteMajority }) };
    rounds.push(record);
    const last = index === election.rounds.length - 1;
    const winner = absoluteMajority === undefined ? undefined : record.votes.find((v) => v.votes >= absoluteMajority);
    if (winner && !last)
      return reject(
        'ROUND_AFTER_ELECTION',
        {
          fr: `${candidateName(winner.candidate, context.members)} est élu au ${ORDINALS[index]} tour avec ${winner.votes} voix (majorité absolue : ${absoluteMajority}) : il n'y a pas de tour suivant`,
          en: `${candidateName(winner.candidate, context.members)} is elected at round ${index + 1} with ${winner.votes} votes (absolute majority: ${absoluteMajority}): there is no further round`,
        },
        { rule, field: `payload.election.rounds[${index + 1}]`, item: context.item },
      );
    if (!last) continue;
    if (absoluteMajority !== undefined && !winner)
      return reject(
        'ABSOLUTE_MAJORITY_NOT_REACHED',
        {
          fr: `aucun candidat n'a la majorité absolue (${absoluteMajority} voix) au ${ORDINALS[index]} tour : la majorité relative n'élit qu'au troisième tour ; saisissez le tour suivant`,
          en: `no candidate has the absolute majority (${absoluteMajority} votes) at round ${index + 1}: a relative majority elects only at the third round; record the next round`,
        },
        { rule, field, item: context.item },
      );
    const elected = winner
      ? ok({ candidate: winner.candidate, votes: winner.votes, byAge: false })
      : relativeMajority(record, election, context, rule, field);
    if (!elected.ok) return elected;
    const members = membersOf(election, elected.value.candidate);
    const decided: Elected = { ...elected.value, members, round: index + 1 };
    return ok({
      office: context.office,
      secret,
      candidates: election.candidates,
      rounds,
      majorityOf: ofMembers ? 'members_in_office' : 'suffrages_exprimes',
      elected: decided,
      rule,
      statement: statementOf(decided, election, context),
    });
  }
  throw new Error('an election holds at least one round (the contract says so)');
}

/** By secret ballot, unless the assembly waived it unanimously and no text requires it for this office. */
function checkBallot(election: Election, context: ElectionContext, secret: boolean): Result<void> {
  const rules = context.procedure.elections;
  const byLaw = rules.secretByLaw[context.office];
  if (election.secretBallotWaived && byLaw)
    return reject(
      'SECRET_BALLOT_REQUIRED',
      {
        fr: "cette élection se fait au scrutin secret par la loi : l'assemblée ne peut y renoncer",
        en: 'this election is by secret ballot by law: the assembly cannot waive it',
      },
      { rule: byLaw, field: 'payload.election.secretBallotWaived', item: context.item },
    );
  if (secret && election.secretBallotWaived)
    return reject(
      'SECRET_BALLOT_DUE',
      {
        fr: "l'assemblée a renoncé au scrutin secret : le vote ne peut être secret (method)",
        en: 'the assembly waived the secret ballot: the vote cannot be secret (method)',
      },
      { rule: rules.nominations, field: 'payload.method', item: context.item },
    );
  if (!secret && !election.secretBallotWaived)
    return reject(
      'SECRET_BALLOT_DUE',
      {
        fr: "une nomination se fait au scrutin secret, sauf si l'assemblée décide à l'unanimité d'y renoncer (secretBallotWaived)",
        en: 'a nomination is by secret ballot, unless the assembly decides unanimously to waive it (secretBallotWaived)',
      },
      { rule: byLaw ?? rules.nominations, field: 'payload.method', item: context.item },
    );
  return ok(undefined);
}

function countRound(
  round: Election['rounds'][number],
  index: number,
  voting: number,
  candidates: ReadonlySet<string>,
  context: ElectionContext,
): Result<Omit<RoundRecord, 'absoluteMajority'>> {
  const field = `payload.election.rounds[${index}]`;
  const unknown = round.votes.findIndex((v) => !candidates.has(v.candidate));
  if (unknown >= 0)
    return reject(
      'UNKNOWN_CANDIDATE',
      {
        fr: `« ${round.votes[unknown]!.candidate} » n'est pas parmi les candidats de l'élection`,
        en: `"${round.votes[unknown]!.candidate}" is not among the candidates of the election`,
      },
      { field: `${field}.votes[${unknown}].candidate`, item: context.item },
    );
  const cast = round.votes.reduce((sum, v) => sum + v.votes, 0);
  if (cast + round.blank + round.null !== round.ballots)
    return reject(
      'ROUND_COUNTS_INCONSISTENT',
      {
        fr: `au ${ORDINALS[index] ?? `${index + 1}e`} tour, ${cast} voix aux candidats, ${round.blank} blancs et ${round.null} nuls ne font pas les ${round.ballots} bulletins`,
        en: `at round ${index + 1}, ${cast} votes for candidates, ${round.blank} blank and ${round.null} null do not add up to the ${round.ballots} ballots`,
      },
      { field: `${field}.ballots`, item: context.item },
    );
  if (round.ballots > voting)
    return reject(
      'ROUND_EXCEEDS_VOTERS',
      {
        fr: `au ${ORDINALS[index] ?? `${index + 1}e`} tour, ${round.ballots} bulletins pour ${voting} votants (présents et représentés)`,
        en: `at round ${index + 1}, ${round.ballots} ballots for ${voting} voters (present and represented)`,
      },
      { field: `${field}.ballots`, item: context.item },
    );
  return ok({
    ballots: round.ballots,
    blank: round.blank,
    null: round.null,
    exprimes: round.ballots - round.blank - round.null,
    votes: round.votes.map(({ candidate, votes }) => ({ candidate, votes })),
  });
}

function membersOf(election: Election, candidate: string): string[] {
  const found = election.candidates.find((c) => (c.memberId ?? c.list) === candidate)!;
  return found.members?.map((m) => m.memberId) ?? [found.memberId!];
}

/** "Est élu M. DUPONT au deuxième tour de scrutin avec 30 voix", or the list's members in its order. */
function statementOf(elected: Elected, election: Election, context: ElectionContext): string {
  const tour = `au ${ORDINALS[elected.round - 1]} tour de scrutin avec ${elected.votes} voix${elected.byAge ? ", au bénéfice de l'âge" : ''}`;
  const { members } = context;
  if (!election.candidates.some((c) => c.list === elected.candidate))
    return `Est ${agreed(members, elected.candidate, 'élu')} ${displayName(members, elected.candidate)} ${tour}`;
  const names = elected.members.map((id) => displayName(members, id)).join(', ');
  return `Sont élus ${OFFICE_PLURALS[context.office]} les candidats de la liste « ${elected.candidate} », ${tour} : ${names}`;
}
