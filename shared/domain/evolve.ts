/**
 * The séance as the fold of its facts. `evolve` applies no rule and refuses nothing: the rules
 * spoke once, in `decide`, and the fact says what they decided. So a séance rebuilt from its facts
 * is the one the register recorded, whatever the rules say today.
 */
import type { Fact, OpeningFact } from './facts.ts';
import { updateItem, type SessionState } from './session-state.ts';

/**
 * Folds one fact into the séance; the state passed in is never changed. An opening starts the
 * séance it records, at version 1; any other fact goes into the séance given and counts one more
 * version.
 */
export function evolve(state: SessionState | undefined, fact: OpeningFact): SessionState;
export function evolve(state: SessionState, fact: Fact): SessionState;
export function evolve(state: SessionState | undefined, fact: Fact): SessionState {
  if (fact.type === 'opening') return opened(fact);
  const next = foldInto(state!, fact);
  return { ...next, version: next.version + 1 };
}

/**
 * The séance its facts record, or none before its opening. A fact before any opening has no séance
 * to go into (`decide` never records one) and is passed over.
 */
export function rebuild(facts: readonly Fact[]): SessionState | undefined {
  let state: SessionState | undefined;
  for (const fact of facts) state = fact.type === 'opening' ? evolve(state, fact) : state && evolve(state, fact);
  return state;
}

function opened({ type: _type, version: _version, eventId, items, ...header }: OpeningFact): SessionState {
  return {
    ...header,
    openingEventId: eventId,
    version: 1,
    status: 'open',
    items: items.map(({ actesId, ...agenda }) => ({ ...agenda, status: 'pending', actesId })),
    attendance: [],
  };
}

function foldInto(state: SessionState, fact: Exclude<Fact, OpeningFact>): SessionState {
  switch (fact.type) {
    case 'attendance':
      return { ...state, attendance: [...state.attendance, fact.step] };
    case 'vote':
      return updateItem(state, fact.item, { status: 'voted', vote: fact.vote });
    case 'closing':
      return { ...state, status: 'closed', closedAt: fact.at };
    case 'signature':
      return updateItem(state, fact.item, { status: 'signed', signature: fact.signature });
  }
}
