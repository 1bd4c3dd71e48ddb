/**
 * The rules of the séance, applied once, when an event arrives: `decide` checks the event against
 * the CGCT and the séance so far, and returns the fact to record or the rule that refuses it. It
 * never changes the state; `evolve` folds the fact in.
 */
import { matiereOf } from '#actes/classification';
import type { ActSigned, SessionClosed, SessionEvent, SessionOpened } from '#events/session-events';
import { deriveActesId } from './act-identity.ts';
import { displayName } from './attendance.ts';
import { decideAttendance } from './decide-attendance.ts';
import { decideVote } from './decide-vote.ts';
import { ok, reject, type Result } from './errors.ts';
import { FACT_VERSION, type ClosingFact, type Fact, type OpenedItem, type OpeningFact, type SignatureFact } from './facts.ts';
import { EMERGENCY_WINDOW, regimeAllowedOn, resolveRuleSet } from './rule-sets.ts';
import { findItem, requireOpen, type SessionState } from './session-state.ts';
import { checkSuppleants } from './suppleants.ts';

/** The fact an event establishes in the séance, or the rule that refuses it; the state passed in is never changed. */
export function decide(state: SessionState | undefined, event: SessionEvent): Result<Fact> {
  if (event.type === 'SessionOpened') return state ? alreadyOpened(state) : decideOpening(event);
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
  switch (event.type) {
    case 'AttendanceRecorded':
      return decideAttendance(state, event);
    case 'VoteCast':
      return decideVote(state, event);
    case 'SessionClosed':
      return decideClosing(state, event);
    case 'ActSigned':
      return decideSignature(state, event);
  }
}

/** Resolves the rule set and derives each item's IDActe; every member named must be in office. */
function decideOpening(event: SessionOpened): Result<OpeningFact> {
  const p = event.payload;
  const inOffice = new Set(p.members.map((m) => m.id));
  const references: Array<[string, string | undefined]> = [
    ['payload.president', p.president],
    ['payload.secretary', p.secretary],
    ...p.items.map((item, i): [string, string | undefined] => [`payload.items[${i}].rapporteur`, item.rapporteur]),
    ...p.items.map((item, i): [string, string | undefined] => [`payload.items[${i}].accountable`, item.accountable ?? undefined]),
  ];
  for (const [field, id] of references)
    if (id !== undefined && !inOffice.has(id))
      return reject(
        'UNKNOWN_MEMBER',
        { fr: `« ${id} » n'est pas dans la liste des membres en exercice`, en: `"${id}" is not in the list of members in office` },
        { field, memberId: id },
      );
  const seats = checkSuppleants(p);
  if (!seats.ok) return seats;
  const items: OpenedItem[] = [];
  for (const [index, item] of p.items.entries()) {
    const id = deriveActesId({
      departement: p.assembly.departement,
      siren: p.assembly.siren,
      decisionDate: p.date,
      numeroInterne: item.number,
      nature: item.nature,
    });
    if (!id.ok) return { ok: false, error: { ...id.error, field: openingField(id.error.field, index), item: item.number } };
    // Levels 1 and 2 of the @CTES classification are national; levels 3 to 5 are each préfecture's own.
    if (item.matiere !== undefined && !matiereOf(item.matiere))
      return reject(
        'UNKNOWN_MATIERE',
        {
          fr: `la matière « ${item.matiere} » n'est pas dans la nomenclature des actes @CTES (niveaux 1 et 2, de 1.1 à 9.4)`,
          en: `matière "${item.matiere}" is not in the @CTES classification (levels 1 and 2, from 1.1 to 9.4)`,
        },
        { rule: '@CTES classification', field: `payload.items[${index}].matiere`, item: item.number },
      );
    const { visas: _visas, expose: _expose, decision: _decision, ...facts } = item;
    items.push({ ...facts, actesId: id.value });
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
    version: FACT_VERSION,
    type: 'opening',
    eventId: event.eventId,
    sessionId: event.sessionId,
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
  });
}

/** Where in the SessionOpened event the part of an act identity named by `field` comes from. */
function openingField(field: string | undefined, item: number): string {
  if (field === 'departement' || field === 'siren') return `payload.assembly.${field}`;
  if (field === 'decisionDate') return 'payload.date';
  return `payload.items[${item}].number`;
}

function alreadyOpened(state: SessionState): Result<never> {
  return reject('SESSION_ALREADY_OPENED', {
    fr: `la séance ${state.sessionId} est déjà ouverte (${state.date}, ${state.openedAt})`,
    en: `session ${state.sessionId} is opened already (${state.date}, ${state.openedAt})`,
  });
}

function decideClosing(state: SessionState, event: SessionClosed): Result<ClosingFact> {
  const stillOpen = requireOpen(state);
  if (!stillOpen.ok) return stillOpen;
  return ok({ version: FACT_VERSION, type: 'closing', eventId: event.eventId, at: event.payload.at });
}

/** An act is signed once, by a member in office, after the séance that voted it. */
function decideSignature(state: SessionState, event: ActSigned): Result<SignatureFact> {
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
  return ok({
    version: FACT_VERSION,
    type: 'signature',
    eventId: event.eventId,
    item,
    signature: { signedBy, signedAt, ...(place !== undefined && { place }) },
  });
}
