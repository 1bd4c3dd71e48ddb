/**
 * The séances the end-to-end benchmark posts: the seed séance's assembly of 54 members (40 present,
 * 14 represented by proxy), ten délibérations each with the seed act's texts, one member leaving with
 * a proxy for two items and coming back, votes that vary (unanimous, with votes against, with
 * abstentions), the séance closed, then every act signed. Each séance has its own collectivité (a
 * valid SIREN) and its own numbers, and every one replays through the engine before it is used.
 */
import { readFileSync } from 'node:fs';
import { replay } from '#domain/session';
import { parseSessionEvent, type SessionEvent, type SessionOpened } from '#events/session-events';
import { isValidSiren } from '#events/vocabulary';

export const SEED_SEANCE = new URL('../events/samples/cd35-2025-03-20-ad-2025-0043.json', import.meta.url);
export const ITEMS_PER_SEANCE = 10;

export interface GeneratedSeance {
  readonly siren: string;
  readonly sessionId: string;
  /** Opening, roll, departures, votes and closing: what happens during the séance. */
  readonly during: readonly SessionEvent[];
  /** One signature per act, posted after the séance. */
  readonly signatures: readonly SessionEvent[];
  /** The @CTES IDActe of each act, in the order of the signatures. */
  readonly actesIds: readonly string[];
}

/** The seed séance's events, as the contract reads them. */
export function seedEvents(): SessionEvent[] {
  const { events } = JSON.parse(readFileSync(SEED_SEANCE, 'utf8')) as { events: unknown[] };
  return events.map((raw) => {
    const parsed = parseSessionEvent(raw);
    if (!parsed.ok) throw new Error(`seed séance: ${JSON.stringify(parsed.violations)}`);
    return parsed.event;
  });
}

/** The seed séance itself: its one act signed after the séance, as the real act was. */
export function seedSeance(seed: readonly SessionEvent[] = seedEvents()): GeneratedSeance {
  const opening = seed.find((e): e is SessionOpened => e.type === 'SessionOpened')!;
  const state = replay(seed).state!;
  return {
    siren: opening.payload.assembly.siren,
    sessionId: opening.sessionId,
    during: seed.filter((e) => e.type !== 'ActSigned'),
    signatures: seed.filter((e) => e.type === 'ActSigned'),
    actesIds: state.items.map((item) => item.actesId),
  };
}

/** A valid SIREN of its own for séance `index` (the INSEE check digit computed). */
export function sirenOf(index: number): string {
  const body = `21${String(index).padStart(6, '0')}`;
  for (let check = 0; check <= 9; check++) if (isValidSiren(`${body}${check}`)) return `${body}${check}`;
  throw new Error(`no SIREN for séance ${index}`);
}

export function generatedSeance(index: number, seed: readonly SessionEvent[] = seedEvents()): GeneratedSeance {
  const opening = seed.find((e): e is SessionOpened => e.type === 'SessionOpened')!;
  const roll = seed.find((e) => e.type === 'AttendanceRecorded')!;
  const signature = seed.find((e) => e.type === 'ActSigned')!;
  const siren = sirenOf(index);
  const sessionId = `bench-${String(index).padStart(4, '0')}`;
  let n = 0;
  const event = (type: string, payload: unknown): SessionEvent => {
    const parsed = parseSessionEvent({
      eventId: `${sessionId}-${String(n++).padStart(3, '0')}`,
      type,
      sessionId,
      occurredAt: opening.occurredAt,
      payload,
    });
    if (!parsed.ok) throw new Error(`${sessionId}: ${JSON.stringify(parsed.violations)}`);
    return parsed.event;
  };
  const template = opening.payload.items[0]!;
  const items = Array.from({ length: ITEMS_PER_SEANCE }, (_, k) => ({
    ...template,
    number: `AD_2025_${String(index * ITEMS_PER_SEANCE + k).padStart(5, '0')}`,
    title: `${template.title} — volet ${k + 1}`,
  }));
  const entries = (roll.payload as { entries: { memberId: string; status: string; proxyTo?: string }[] }).entries;
  const holders = new Set(entries.flatMap((e) => (e.proxyTo ? [e.proxyTo] : [])));
  const free = entries.filter((e) => e.status === 'present' && !holders.has(e.memberId)).map((e) => e.memberId);
  const [leaving, holder] = [free[index % free.length]!, free[(index + 7) % free.length]!];
  const members = opening.payload.members.length;
  const during: SessionEvent[] = [
    event('SessionOpened', { ...opening.payload, assembly: { ...opening.payload.assembly, siren }, items }),
    event('AttendanceRecorded', roll.payload),
  ];
  for (const [k, item] of items.entries()) {
    if (k === 5)
      during.push(event('AttendanceRecorded', { item: item.number, entries: [{ memberId: leaving, status: 'absent', proxyTo: holder }] }));
    if (k === 7) during.push(event('AttendanceRecorded', { item: item.number, entries: [{ memberId: leaving, status: 'present' }] }));
    const contre = k % 3 === 1 ? 2 + k : 0;
    const abstention = k % 4 === 2 ? 3 : 0;
    during.push(
      event('VoteCast', { item: item.number, method: 'show_of_hands', tally: { pour: members - contre - abstention, contre, abstention } }),
    );
  }
  during.push(event('SessionClosed', { at: '18:07' }));
  const signatures = items.map((item) => event('ActSigned', { ...signature.payload, item: item.number }));
  const replayed = replay([...during, ...signatures]);
  const rejected = replayed.steps.find((step) => step.status !== 'applied');
  if (rejected) throw new Error(`${sessionId}: an event the engine refuses: ${JSON.stringify(rejected)}`);
  return { siren, sessionId, during, signatures, actesIds: replayed.state!.items.map((item) => item.actesId) };
}
