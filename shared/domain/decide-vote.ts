/**
 * The decision on a VoteCast event: the roll of the item frozen, its quorum checked (CGCT L2121-17,
 * L3121-14, L4132-13), the vote counted and its outcome decided, all recorded in the fact.
 */
import type { VoteCast } from '#events/session-events';
import { attendanceOf } from './attendance.ts';
import { ok, reject, withItem, type Result } from './errors.ts';
import { FACT_VERSION, type VoteFact } from './facts.ts';
import { computeQuorum, type QuorumRecord } from './quorum.ts';
import { findItem, requireOpen, rollAt, type SessionState } from './session-state.ts';
import { countVote, decideOutcome } from './vote.ts';

/** Puts an item still pending to the vote, on the roll in force for it, while the séance sits. */
export function decideVote(state: SessionState, event: VoteCast): Result<VoteFact> {
  const vote = event.payload;
  const stillOpen = requireOpen(state);
  if (!stillOpen.ok) return stillOpen;
  const found = findItem(state, vote.item);
  if (!found.ok) return found;
  if (found.value.status !== 'pending')
    return reject(
      'ITEM_ALREADY_VOTED',
      { fr: `la délibération ${vote.item} est déjà votée`, en: `item ${vote.item} is voted already` },
      { field: 'payload.item', item: vote.item },
    );
  const attendance = attendanceOf(state.members, rollAt(state, vote.item));
  const quorum = computeQuorum(attendance, state.members.length, state.ruleSet, state.reconvened);
  if (!quorum.reached) return quorumNotReached(vote.item, quorum);
  const context = { members: state.members, attendance, rules: state.ruleSet, presiding: vote.presidedBy ?? state.president };
  const counted = countVote(vote, context);
  if (!counted.ok) return withItem(counted.error, vote.item);
  const outcome = decideOutcome(counted.value, vote, context);
  if (!outcome.ok) return outcome;
  return ok({
    version: FACT_VERSION,
    type: 'vote',
    eventId: event.eventId,
    item: vote.item,
    vote: {
      method: vote.method,
      castAt: event.occurredAt,
      presiding: context.presiding,
      attendance,
      quorum,
      count: counted.value.count,
      outcome: outcome.value,
      ...(vote.ballots && { ballots: vote.ballots }),
    },
  });
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
