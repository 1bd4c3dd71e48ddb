/**
 * The séance as a pure decider: `decide(state, event)` applies the CGCT rules once, when an event
 * arrives, and returns the fact to record or the rejection; `evolve(state, fact)` folds a fact in
 * without asking the rules again. `applyEvent` is the two in a row, as the pipeline applies each
 * event; `replay` runs a whole event log through them, and `rebuild` folds recorded facts alone, so a
 * séance rebuilt later keeps what the rules decided when it was held. The state and the facts are
 * plain JSON, stored as they are.
 */
import type { SessionEvent } from '#events/session-events';
import { decide } from './decide.ts';
import { ok, type DomainError, type Result } from './errors.ts';
import { evolve } from './evolve.ts';
import type { Fact } from './facts.ts';
import type { SessionState } from './session-state.ts';

export { decide } from './decide.ts';
export { evolve, rebuild } from './evolve.ts';
export type { Fact } from './facts.ts';
export type { ItemState, SessionState } from './session-state.ts';

/** Applies one event to the séance, or says which rule refuses it; the state passed in is never changed. */
export function applyEvent(state: SessionState | undefined, event: SessionEvent): Result<SessionState> {
  const decided = decide(state, event);
  if (!decided.ok) return decided;
  return ok(fold(state, decided.value));
}

export interface ReplayStep {
  readonly eventId: string;
  readonly status: 'applied' | 'rejected' | 'duplicate';
  readonly error?: DomainError;
  /** What the séance recorded for an applied event. */
  readonly fact?: Fact;
}

/**
 * Runs an event log through the rules: an applied step carries the fact recorded, a rejected event
 * leaves the state as it was, a repeated eventId changes nothing.
 */
export function replay(events: readonly SessionEvent[]): { state: SessionState | undefined; steps: ReplayStep[] } {
  let state: SessionState | undefined;
  const seen = new Set<string>();
  const steps: ReplayStep[] = [];
  for (const event of events) {
    if (seen.has(event.eventId)) {
      steps.push({ eventId: event.eventId, status: 'duplicate' });
      continue;
    }
    seen.add(event.eventId);
    const decided = decide(state, event);
    if (!decided.ok) {
      steps.push({ eventId: event.eventId, status: 'rejected', error: decided.error });
      continue;
    }
    state = fold(state, decided.value);
    steps.push({ eventId: event.eventId, status: 'applied', fact: decided.value });
  }
  return { state, steps };
}

/** Folds a fact `decide` just gave: it gives an opening only when there is no séance yet, and any other fact only into one. */
export function fold(state: SessionState | undefined, fact: Fact): SessionState {
  return fact.type === 'opening' ? evolve(state, fact) : evolve(state!, fact);
}
