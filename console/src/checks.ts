/**
 * The rules, in the page: the legal engine itself (`#domain/session`, bundled with the console)
 * applied to the séance as it will stand — the events the pipeline applied, then the steps still
 * waiting to be sent — so that what the law refuses is shown at its row or field, with its article,
 * before anything is sent. The API checks again when it receives the step.
 */
import { applyEvent, replay, type SessionState } from '#domain/session';
import type { DomainError } from '#domain/errors';
import type { SessionEvent } from '#events/session-events';

export type { DomainError };

/** The séance once the applied events and the waiting steps are folded, in that order. */
export function seanceAsItWillStand(applied: readonly SessionEvent[], waiting: readonly SessionEvent[]): SessionState | undefined {
  let { state } = replay(applied);
  for (const event of waiting) {
    const next = applyEvent(state, event);
    if (next.ok) state = next.value;
  }
  return state;
}

export function check(state: SessionState | undefined, event: SessionEvent): DomainError | undefined {
  const result = applyEvent(state, event);
  return result.ok ? undefined : result.error;
}

/** A refusal as the page says it: the reason in French, then the article unless the reason already cites it. */
export const refusalText = (error: { readonly message: { readonly fr: string }; readonly rule?: string | undefined }) =>
  error.rule && !error.message.fr.includes(error.rule) ? `${error.message.fr} (${error.rule})` : error.message.fr;
