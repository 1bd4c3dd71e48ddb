/**
 * The decision on a VoteCast event: the roll of the item frozen, its quorum checked (CGCT L2121-17,
 * L3121-14, L4132-13), the ballot the law requires, then the vote counted and its outcome decided —
 * or, for an election, its rounds — all recorded in the fact.
 */
import type { VoteCast } from '#events/session-events';
import { displayName, type ItemAttendance } from './attendance.ts';
import { decideElection } from './election.ts';
import { ok, reject, withItem, type Result } from './errors.ts';
import { FACT_VERSION, type VoteFact } from './facts.ts';
import { procedureOf, type Procedure } from './procedure.ts';
import type { QuorumRecord } from './quorum.ts';
import { attendanceAt, findItem, quorumAt, requireOpen, type ItemState, type SessionState, type VoteRecord } from './session-state.ts';
import { checkPresiding, countVote, decideOutcome, type VoteContext } from './vote.ts';

/** Puts an item still pending to the vote, on the roll in force for it, while the séance sits. */
export function decideVote(state: SessionState, event: VoteCast): Result<VoteFact> {
  const vote = event.payload;
  const stillOpen = requireOpen(state);
  if (!stillOpen.ok) return stillOpen;
  const found = findItem(state, vote.item);
  if (!found.ok) return found;
  const item = found.value;
  if (item.status !== 'pending')
    return reject(
      'ITEM_ALREADY_VOTED',
      { fr: `la délibération ${vote.item} est déjà votée`, en: `item ${vote.item} is voted already` },
      { field: 'payload.item', item: vote.item },
    );
  const kind = checkKind(item, vote);
  if (!kind.ok) return kind;
  const attendance = attendanceAt(state, vote.item);
  const quorum = quorumAt(state, item, attendance);
  if (!quorum.reached) return quorumNotReached(vote.item, quorum);
  const procedure = procedureOf(state.assembly.kind);
  const presidedBy = checkPresiding(vote, { members: state.members, attendance, rules: state.ruleSet });
  if (!presidedBy.ok) return presidedBy;
  const requested = vote.election ? ok(undefined) : checkRequests(vote, attendance, procedure);
  if (!requested.ok) return requested;
  const accounts = checkAccounts(state, item, vote, attendance, procedure);
  if (!accounts.ok) return accounts;
  const presiding = vote.presidedBy ?? state.president;
  const base = { method: vote.method, castAt: event.occurredAt, presiding, attendance, quorum };
  const record = vote.election
    ? electionRecord(vote, item, { ...base, procedure, members: state.members })
    : motionRecord(vote, base, {
        members: state.members,
        attendance,
        rules: state.ruleSet,
        presiding,
        procedure,
        inOffice: quorum.inOffice,
        majority: item.majority,
        wording: state.assembly.wording,
        accounts: item.kind === 'compte_administratif' ? 'CGCT L1612-12' : undefined,
      });
  if (!record.ok) return withItem(record.error, vote.item);
  return ok({ version: FACT_VERSION, type: 'vote', eventId: event.eventId, item: vote.item, vote: record.value });
}

type VoteBase = Pick<VoteRecord, 'method' | 'castAt' | 'presiding' | 'attendance' | 'quorum'>;

function motionRecord(vote: VoteCast['payload'], base: VoteBase, context: VoteContext): Result<VoteRecord> {
  const counted = countVote(vote, context);
  if (!counted.ok) return counted;
  const outcome = decideOutcome(counted.value, vote, context);
  if (!outcome.ok) return outcome;
  return ok({ ...base, count: counted.value.count, outcome: outcome.value, ...(vote.ballots && { ballots: vote.ballots }) });
}

function electionRecord(
  vote: VoteCast['payload'],
  item: ItemState,
  context: VoteBase & { procedure: Procedure; members: SessionState['members'] },
): Result<VoteRecord> {
  const { procedure, members, ...base } = context;
  const election = decideElection(vote.election!, {
    item: item.number,
    office: item.office!,
    method: vote.method,
    members,
    attendance: base.attendance,
    inOffice: base.quorum.inOffice,
    procedure,
  });
  if (!election.ok) return election;
  return ok({ ...base, election: election.value });
}

/** An election item is voted by its rounds, and only an election item. */
function checkKind(item: ItemState, vote: VoteCast['payload']): Result<void> {
  if (item.kind === 'election' && !vote.election)
    return reject(
      'ELECTION_EXPECTED',
      {
        fr: `la délibération ${item.number} est une élection : saisissez ses tours de scrutin (election)`,
        en: `item ${item.number} is an election: record its rounds (election)`,
      },
      { field: 'payload.election', item: item.number },
    );
  if (item.kind !== 'election' && vote.election)
    return reject(
      'NOT_AN_ELECTION',
      {
        fr: `la délibération ${item.number} n'est pas une élection : saisissez un décompte ou des bulletins`,
        en: `item ${item.number} is not an election: record a tally or ballots`,
      },
      { field: 'payload.election', item: item.number },
    );
  return ok(undefined);
}

/**
 * A secret ballot when a third of the members present ask for it (communes and EPCI), a public one —
 * each member's name and vote recorded, so named ballots — when a quarter ask (a sixth in
 * départements and régions); when both are asked, the secret prevails (CGCT L2121-21, L3121-15,
 * L4132-14). Nominations are by secret ballot whatever is asked, so elections are not concerned.
 */
function checkRequests(vote: VoteCast['payload'], attendance: ItemAttendance, procedure: Procedure): Result<void> {
  const present = attendance.present.length;
  const { publicShare, secretShare, article } = procedure.requests;
  for (const kind of ['secret', 'public'] as const) {
    const asked = vote.requested?.[kind] ?? 0;
    if (asked > present)
      return reject(
        'REQUEST_EXCEEDS_PRESENT',
        {
          fr: `${asked} membres demandent le scrutin ${kind === 'secret' ? 'secret' : 'public'}, pour ${present} présents`,
          en: `${asked} members ask for a ${kind} ballot, out of ${present} present`,
        },
        { rule: article, field: `payload.requested.${kind}`, item: vote.item },
      );
  }
  const secretDue = secretShare !== undefined && (vote.requested?.secret ?? 0) >= secretShare * present;
  const publicDue = (vote.requested?.public ?? 0) >= publicShare * present;
  if (secretDue && vote.method !== 'secret')
    return reject(
      'SECRET_BALLOT_DUE',
      {
        fr: `${vote.requested!.secret} des ${present} membres présents demandent le scrutin secret (au moins le tiers) : le vote doit être secret`,
        en: `${vote.requested!.secret} of the ${present} members present ask for a secret ballot (a third at least): the vote must be secret`,
      },
      { rule: article, field: 'payload.method', item: vote.item },
    );
  if (publicDue && !secretDue && (vote.method !== 'roll_call' || !vote.ballots))
    return reject(
      'PUBLIC_BALLOT_DUE',
      {
        fr: `${vote.requested!.public} des ${present} membres présents demandent le scrutin public : le vote se fait par appel nominal, chaque votant et le sens de son vote inscrits (roll_call, ballots)`,
        en: `${vote.requested!.public} of the ${present} members present ask for a public ballot: the vote is by roll call, each voter and their vote recorded (roll_call, ballots)`,
      },
      { rule: article, field: 'payload.method', item: vote.item },
    );
  return ok(undefined);
}

/**
 * The compte administratif: the member whose accounts they are — the séance's president unless the
 * item names another, "même s'il n'est plus en fonction" — may attend the debate but withdraws for
 * the vote, and the assembly elects who presides it (CGCT L2121-14; L3312-5, L4312-8).
 */
function checkAccounts(
  state: SessionState,
  item: ItemState,
  vote: VoteCast['payload'],
  attendance: ItemAttendance,
  procedure: Procedure,
): Result<void> {
  if (item.kind !== 'compte_administratif') return ok(undefined);
  const accountable = item.accountable === undefined ? state.president : item.accountable;
  if (accountable !== null) {
    const name = displayName(state.members, accountable);
    const takesPart = attendance.present.includes(accountable) || attendance.represented.some((r) => r.memberId === accountable);
    if (takesPart)
      return reject(
        'ACCOUNTS_EXECUTIVE_VOTING',
        {
          fr: `${name}, dont le compte administratif est voté, doit se retirer au moment du vote : enregistrez son retrait (motif compte_administratif)`,
          en: `${name}, whose compte administratif is voted, must withdraw for the vote: record the withdrawal (reason compte_administratif)`,
        },
        { rule: procedure.accounts, field: 'payload.item', memberId: accountable, item: item.number },
      );
  }
  if (vote.presidedBy === undefined || vote.presidedBy === accountable)
    return reject(
      'ACCOUNTS_PRESIDENT_REQUIRED',
      {
        fr: `pour le compte administratif, l'assemblée élit son président de séance${accountable ? `, autre que ${displayName(state.members, accountable)}` : ''} : indiquez-le (presidedBy)`,
        en: `for the compte administratif, the assembly elects who presides${accountable ? `, other than ${displayName(state.members, accountable)}` : ''}: name them (presidedBy)`,
      },
      { rule: procedure.accounts, field: 'payload.presidedBy', item: item.number },
    );
  return ok(undefined);
}

function quorumNotReached(item: string, quorum: QuorumRecord): Result<never> {
  const counted =
    quorum.basis === 'present' ? `${quorum.present} présents` : `${quorum.present} présents et ${quorum.represented} représentés`;
  const countedEn =
    quorum.basis === 'present' ? `${quorum.present} present` : `${quorum.present} present and ${quorum.represented} represented`;
  return reject(
    'QUORUM_NOT_REACHED',
    {
      fr: `quorum non atteint pour la délibération ${item} : ${counted} pour ${quorum.required} requis sur ${quorum.inOffice} membres en exercice`,
      en: `quorum not reached for item ${item}: ${countedEn} for ${quorum.required} required out of ${quorum.inOffice} members in office`,
    },
    { rule: quorum.rule, field: 'payload.item', item },
  );
}
