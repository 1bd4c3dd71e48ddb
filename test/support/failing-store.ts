/** Fault injection on the real session store: a crash right after an event's outcome is written. */
import type { SessionStore } from '#ports/session-store';

/** The store as it is, but the first outcome recorded for `eventId` throws right after it is written. */
export function failAfterOutcome(store: SessionStore, eventId: string): SessionStore {
  let failed = false;
  return {
    ...store,
    async recordOutcome(key, outcome) {
      await store.recordOutcome(key, outcome);
      if (outcome.eventId === eventId && !failed) {
        failed = true;
        throw new Error(`injected failure after recording ${eventId}`);
      }
    },
  };
}
