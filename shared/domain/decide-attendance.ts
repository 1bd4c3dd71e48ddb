/**
 * The decision on an AttendanceRecorded event: the item from which it takes effect, and the proxy
 * rules (CGCT L2121-20, L3121-16, L4132-15) and the seats of suppléants (L5211-6, L5212-7) checked on
 * every roll it changes.
 */
import type { AttendanceRecorded } from '#events/session-events';
import { checkHolderLimit, checkMembers, checkNewProxies, type Roll } from './attendance.ts';
import { ok, reject, withItem, type Result } from './errors.ts';
import { FACT_VERSION, type AttendanceFact } from './facts.ts';
import { procedureOf } from './procedure.ts';
import { findItem, indexOf, requireOpen, rollAt, type AttendanceStep, type ItemState, type SessionState } from './session-state.ts';
import { checkSeats } from './suppleants.ts';

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
  const withdrawals = checkWithdrawals(state, event, start);
  if (!withdrawals.ok) return withdrawals;
  const startIndex = start ? indexOf(state, start.number) : Number.POSITIVE_INFINITY;
  const step: AttendanceStep = { entries, ...(start && { fromItem: start.number }), ...(at !== undefined && { at }) };
  const next: SessionState = { ...state, attendance: [...state.attendance, step] };
  const roll = rollAt(next, start?.number);
  const proxies = checkNewProxies(state.members, roll, entries, state.ruleSet);
  if (!proxies.ok) return withItem(proxies.error, start?.number);
  const seats = checkSeats(state.members, roll, state.assembly.kind, entries);
  if (!seats.ok) return withItem(seats.error, start?.number);
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
    const rollThere: Roll = rollAt(next, item.number);
    const limit = checkHolderLimit(state.members, rollThere, state.ruleSet, entries);
    if (!limit.ok) return withItem(limit.error, item.number);
    const seatsThere = checkSeats(state.members, rollThere, state.assembly.kind, entries);
    if (!seatsThere.ok) return withItem(seatsThere.error, item.number);
  }
  return ok({ version: FACT_VERSION, type: 'attendance', eventId: event.eventId, step });
}

/**
 * A withdrawal concerns one item still to be voted; the executive withdraws for the compte
 * administratif only at the item that is one (CGCT L2121-14, L3312-5, L4312-8).
 */
function checkWithdrawals(state: SessionState, event: AttendanceRecorded, item: ItemState | undefined): Result<void> {
  for (const [index, entry] of event.payload.entries.entries()) {
    if (entry.status !== 'withdrawn') continue;
    if (!item)
      return reject(
        'ATTENDANCE_FOR_VOTED_ITEM',
        {
          fr: 'un retrait concerne une délibération à voter, et toutes sont votées',
          en: 'a withdrawal concerns an item still to be voted, and every item is voted',
        },
        { field: `payload.entries[${index}].status`, memberId: entry.memberId },
      );
    if (entry.reason === 'compte_administratif' && item.kind !== 'compte_administratif')
      return reject(
        'WITHDRAWAL_FOR_ACCOUNTS_ONLY',
        {
          fr: `la délibération ${item.number} n'est pas le compte administratif : le retrait pour ce motif ne s'y applique pas`,
          en: `item ${item.number} is not the compte administratif: a withdrawal for that reason does not apply to it`,
        },
        {
          rule: procedureOf(state.assembly.kind).accounts,
          field: `payload.entries[${index}].reason`,
          memberId: entry.memberId,
          item: item.number,
        },
      );
  }
  return ok(undefined);
}
