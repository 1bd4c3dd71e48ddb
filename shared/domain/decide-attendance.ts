/**
 * The decision on an AttendanceRecorded event: the item from which it takes effect, and the proxy
 * rules (CGCT L2121-20, L3121-16, L4132-15) checked on every roll it changes.
 */
import type { AttendanceRecorded } from '#events/session-events';
import { checkHolderLimit, checkMembers, checkNewProxies } from './attendance.ts';
import { ok, reject, withItem, type Result } from './errors.ts';
import { FACT_VERSION, type AttendanceFact } from './facts.ts';
import { findItem, indexOf, requireOpen, rollAt, type AttendanceStep, type SessionState } from './session-state.ts';

/**
 * Resolves where the entries take effect (the item named, else the first item still to be voted)
 * and refuses them when they break a proxy rule there or at any later item whose roll they change.
 */
export function decideAttendance(state: SessionState, event: AttendanceRecorded): Result<AttendanceFact> {
  const { entries, item: fromItem, at } = event.payload;
  const stillOpen = requireOpen(state);
  if (!stillOpen.ok) return stillOpen;
  const members = checkMembers(state.members, entries);
  if (!members.ok) return members;
  const pending = state.items.filter((i) => i.status === 'pending');
  let start = pending[0];
  if (fromItem !== undefined) {
    const named = findItem(state, fromItem);
    if (!named.ok) return named;
    if (named.value.status !== 'pending')
      return reject(
        'ATTENDANCE_FOR_VOTED_ITEM',
        {
          fr: `la délibération ${fromItem} est déjà votée : sa liste de présence ne peut plus changer`,
          en: `item ${fromItem} is voted already: its attendance can no longer change`,
        },
        { field: 'payload.item', item: fromItem },
      );
    start = named.value;
  }
  const startIndex = start ? indexOf(state, start.number) : Number.POSITIVE_INFINITY;
  const step: AttendanceStep = { entries, ...(start && { fromItem: start.number }), ...(at !== undefined && { at }) };
  const next: SessionState = { ...state, attendance: [...state.attendance, step] };
  const proxies = checkNewProxies(state.members, rollAt(next, start?.number), entries, state.ruleSet);
  if (!proxies.ok) return withItem(proxies.error, start?.number);
  // Later, the roll changes only where another step takes effect: the holder limit is checked at the
  // first item still to be voted from each of those places.
  const changes = state.attendance.map((s) => (s.fromItem === undefined ? -1 : indexOf(state, s.fromItem))).filter((i) => i > startIndex);
  const later = new Set(
    changes
      .sort((a, b) => a - b)
      .map((change) => pending.find((i) => indexOf(state, i.number) >= change))
      .filter((i) => i !== undefined),
  );
  for (const item of later) {
    const limit = checkHolderLimit(state.members, rollAt(next, item.number), state.ruleSet, entries);
    if (!limit.ok) return withItem(limit.error, item.number);
  }
  return ok({ version: FACT_VERSION, type: 'attendance', eventId: event.eventId, step });
}
