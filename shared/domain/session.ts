/**
 * The séance as a pure state machine: `applyEvent(state, event)` checks one session event against
 * the CGCT and the séance so far, and returns the next state or the rejection. Folding the event log
 * with it (`replay`) rebuilds every projection, which is how the pipeline, a replay and the tests
 * reach the same answer. The state is plain JSON, stored as it is.
 */
import type { ActSigned, AttendanceRecorded, SessionClosed, SessionEvent, SessionOpened, VoteCast } from '#events/session-events';
import { deriveActesId } from './act-identity.ts';
import { attendanceOf, checkHolderLimit, checkMembers, checkNewProxies, displayName } from './attendance.ts';
import { ok, reject, type DomainError, type Result } from './errors.ts';
import { computeQuorum, type QuorumRecord } from './quorum.ts';
import { EMERGENCY_WINDOW, regimeAllowedOn, resolveRuleSet } from './rule-sets.ts';
import {
  findItem,
  indexOf,
  rollAt,
  updateItem,
  type AttendanceStep,
  type ItemState,
  type SessionState,
  type Signature,
  type VoteRecord,
} from './session-state.ts';
import { countVote, decideOutcome } from './vote.ts';

export type { ItemState, SessionState } from './session-state.ts';

/** Applies one event to the séance, or says which rule refuses it; the state passed in is never changed. */
export function applyEvent(state: SessionState | undefined, event: SessionEvent): Result<SessionState> {
  if (event.type === 'SessionOpened') return state ? alreadyOpened(state) : open(event);
  if (!state)
    return reject('SESSION_NOT_OPENED', {
      fr: `la séance ${event.sessionId} n'est pas ouverte : l'événement SessionOpened doit venir d'abord`,
      en: `session ${event.sessionId} is not opened: SessionOpened must come first`,
    });
  if (event.sessionId !== state.sessionId)
    return reject(
      'SESSION_MISMATCH',
      {
        fr: `l'événement concerne la séance ${event.sessionId}, pas ${state.sessionId}`,
        en: `the event is for session ${event.sessionId}, not ${state.sessionId}`,
      },
      { field: 'sessionId' },
    );
  const next = dispatch(state, event);
  return next.ok ? ok({ ...next.value, version: state.version + 1 }) : next;
}

function dispatch(state: SessionState, event: Exclude<SessionEvent, SessionOpened>): Result<SessionState> {
  switch (event.type) {
    case 'AttendanceRecorded':
      return recordAttendance(state, event);
    case 'VoteCast':
      return castVote(state, event);
    case 'SessionClosed':
      return close(state, event);
    case 'ActSigned':
      return sign(state, event);
  }
}

export interface ReplayStep {
  readonly eventId: string;
  readonly status: 'applied' | 'rejected' | 'duplicate';
  readonly error?: DomainError;
}

/** Folds an event log: rejected events leave the state as it was, a repeated eventId changes nothing. */
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
    const next = applyEvent(state, event);
    if (next.ok) state = next.value;
    steps.push(next.ok ? { eventId: event.eventId, status: 'applied' } : { eventId: event.eventId, status: 'rejected', error: next.error });
  }
  return { state, steps };
}

function open(event: SessionOpened): Result<SessionState> {
  const p = event.payload;
  const inOffice = new Set(p.members.map((m) => m.id));
  const references: Array<[string, string | undefined]> = [
    ['payload.president', p.president],
    ['payload.secretary', p.secretary],
    ...p.items.map((item, i): [string, string | undefined] => [`payload.items[${i}].rapporteur`, item.rapporteur]),
  ];
  for (const [field, id] of references)
    if (id !== undefined && !inOffice.has(id))
      return reject(
        'UNKNOWN_MEMBER',
        { fr: `« ${id} » n'est pas dans la liste des membres en exercice`, en: `"${id}" is not in the list of members in office` },
        { field, memberId: id },
      );
  const items: ItemState[] = [];
  for (const [index, item] of p.items.entries()) {
    const id = deriveActesId({
      departement: p.assembly.departement,
      siren: p.assembly.siren,
      decisionDate: p.date,
      numeroInterne: item.number,
      nature: item.nature,
    });
    if (!id.ok) return { ok: false, error: { ...id.error, field: openingField(id.error.field, index), item: item.number } };
    const { visas: _visas, expose: _expose, decision: _decision, ...facts } = item;
    items.push({ ...facts, status: 'pending', actesId: id.value });
  }
  if (p.ruleSet && !regimeAllowedOn(p.ruleSet, p.date))
    return reject(
      'RULE_SET_OUT_OF_PERIOD',
      {
        fr: `le régime ${p.ruleSet} ne s'applique qu'aux séances tenues du ${EMERGENCY_WINDOW.from} au ${EMERGENCY_WINDOW.to}, pas le ${p.date}`,
        en: `regime ${p.ruleSet} applies only to séances held from ${EMERGENCY_WINDOW.from} to ${EMERGENCY_WINDOW.to}, not on ${p.date}`,
      },
      { field: 'payload.ruleSet' },
    );
  return ok({
    sessionId: event.sessionId,
    openingEventId: event.eventId,
    version: 1,
    status: 'open',
    assembly: p.assembly,
    date: p.date,
    openedAt: p.openedAt,
    ...(p.place !== undefined && { place: p.place }),
    ...(p.convokedOn !== undefined && { convokedOn: p.convokedOn }),
    reconvened: p.reconvened ?? false,
    president: p.president,
    ...(p.secretary !== undefined && { secretary: p.secretary }),
    ruleSet: resolveRuleSet(p.assembly.kind, p.date, p.ruleSet),
    members: p.members,
    items,
    attendance: [],
  });
}

/** Where in the SessionOpened event the part of an act identity named by `field` comes from. */
function openingField(field: string | undefined, item: number): string {
  if (field === 'departement' || field === 'siren') return `payload.assembly.${field}`;
  if (field === 'decisionDate') return 'payload.date';
  return `payload.items[${item}].number`;
}

function alreadyOpened(state: SessionState): Result<SessionState> {
  return reject('SESSION_ALREADY_OPENED', {
    fr: `la séance ${state.sessionId} est déjà ouverte (${state.date}, ${state.openedAt})`,
    en: `session ${state.sessionId} is opened already (${state.date}, ${state.openedAt})`,
  });
}

function recordAttendance(state: SessionState, event: AttendanceRecorded): Result<SessionState> {
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
  return ok(next);
}

function castVote(state: SessionState, event: VoteCast): Result<SessionState> {
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
  const record: VoteRecord = {
    method: vote.method,
    castAt: event.occurredAt,
    presiding: context.presiding,
    attendance,
    quorum,
    count: counted.value.count,
    outcome: outcome.value,
    ...(vote.ballots && { ballots: vote.ballots }),
  };
  return ok(updateItem(state, vote.item, { status: 'voted', vote: record }));
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

function close(state: SessionState, event: SessionClosed): Result<SessionState> {
  const stillOpen = requireOpen(state);
  if (!stillOpen.ok) return stillOpen;
  return ok({ ...state, status: 'closed', closedAt: event.payload.at });
}

function sign(state: SessionState, event: ActSigned): Result<SessionState> {
  const { item, signedBy, signedAt, place } = event.payload;
  const found = findItem(state, item);
  if (!found.ok) return found;
  if (found.value.status === 'pending')
    return reject(
      'ITEM_NOT_VOTED',
      {
        fr: `la délibération ${item} n'est pas encore votée et ne peut être signée`,
        en: `item ${item} is not voted yet and cannot be signed`,
      },
      { field: 'payload.item', item },
    );
  if (found.value.signature)
    return reject(
      'ACT_ALREADY_SIGNED',
      {
        fr: `la délibération ${item} est déjà signée par ${displayName(state.members, found.value.signature.signedBy)}`,
        en: `item ${item} is signed already by ${displayName(state.members, found.value.signature.signedBy)}`,
      },
      { field: 'payload.item', item },
    );
  // A délibération exists once voted in its séance; it is signed afterwards (CGCT L2121-23, communes and EPCI).
  if (signedAt.slice(0, 10) < state.date)
    return reject(
      'SIGNED_BEFORE_VOTE',
      {
        fr: `la délibération ${item} ne peut être signée le ${signedAt.slice(0, 10)}, avant la séance du ${state.date} où elle a été votée`,
        en: `item ${item} cannot be signed on ${signedAt.slice(0, 10)}, before the séance of ${state.date} that voted it`,
      },
      { field: 'payload.signedAt', item, ...(['commune', 'epci'].includes(state.assembly.kind) && { rule: 'CGCT L2121-23' }) },
    );
  if (!state.members.some((m) => m.id === signedBy))
    return reject(
      'UNKNOWN_MEMBER',
      {
        fr: `« ${signedBy} » n'est pas un membre en exercice de l'assemblée`,
        en: `"${signedBy}" is not a member in office of the assembly`,
      },
      { field: 'payload.signedBy', memberId: signedBy },
    );
  const signature: Signature = { signedBy, signedAt, ...(place !== undefined && { place }) };
  return ok(updateItem(state, item, { status: 'signed', signature }));
}

function requireOpen(state: SessionState): Result<void> {
  if (state.status === 'open') return ok(undefined);
  return reject('SESSION_CLOSED', {
    fr: `la séance ${state.sessionId} est levée depuis ${state.closedAt}`,
    en: `session ${state.sessionId} was closed at ${state.closedAt}`,
  });
}

function withItem(error: DomainError, item: string | undefined): Result<never> {
  return { ok: false, error: item === undefined || error.item ? error : { ...error, item } };
}
