/** Builders of session events for tests: a séance in a few lines, with the contract's own parser. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseSessionEvent, type AttendanceEntry, type SessionEvent, type SessionOpened, type VoteCast } from '#events/session-events';
import { replay } from '#domain/session';

export const SAMPLES_DIR = join(import.meta.dirname, '..', '..', 'events', 'samples');

/** The events of a sample file in events/samples/, parsed against the contract. */
export function sampleEvents(file: string): SessionEvent[] {
  const body = JSON.parse(readFileSync(join(SAMPLES_DIR, file), 'utf8')) as { events: unknown[] };
  return body.events.map((raw) => {
    const parsed = parseSessionEvent(raw);
    if (!parsed.ok) throw new Error(`${file}: ${JSON.stringify(parsed.violations)}`);
    return parsed.event;
  });
}

export const sampleFiles = (): string[] => readdirSync(SAMPLES_DIR).filter((f) => f.endsWith('.json'));

const SESSION = 'test-seance';
let counter = 0;

function event<T extends SessionEvent['type']>(type: T, payload: unknown): SessionEvent {
  const parsed = parseSessionEvent({
    eventId: `evt-${++counter}`,
    type,
    sessionId: SESSION,
    occurredAt: '2025-03-20T10:00:00+01:00',
    payload,
  });
  if (!parsed.ok) throw new Error(`invalid test event ${type}: ${JSON.stringify(parsed.violations)}`);
  return parsed.event;
}

/** Member ids m1…mN; odd ones are "M.", even ones "Mme", named MEMBRE1…MEMBREN. */
export const memberIds = (n: number): string[] => Array.from({ length: n }, (_, i) => `m${i + 1}`);

export interface OpenOptions {
  members?: number;
  kind?: SessionOpened['payload']['assembly']['kind'];
  date?: string;
  reconvened?: boolean;
  ruleSet?: SessionOpened['payload']['ruleSet'];
  items?: string[];
}

export function opened(options: OpenOptions = {}): SessionEvent {
  const ids = memberIds(options.members ?? 11);
  return event('SessionOpened', {
    assembly: {
      siren: '223500018',
      name: "Département d'Ille-et-Vilaine",
      body: 'Conseil',
      kind: options.kind ?? 'commune',
      departement: '035',
    },
    date: options.date ?? '2025-03-20',
    openedAt: '09:30',
    president: 'm1',
    members: ids.map((id, i) => ({ id, civility: i % 2 === 0 ? 'M.' : 'Mme', name: `MEMBRE${i + 1}` })),
    items: (options.items ?? ['D1', 'D2', 'D3']).map((number) => ({ number, title: `Délibération ${number}`, nature: 'DE' })),
    ...(options.reconvened !== undefined && { reconvened: options.reconvened }),
    ...(options.ruleSet !== undefined && { ruleSet: options.ruleSet }),
  });
}

export function attendance(entries: AttendanceEntry[], item?: string): SessionEvent {
  return event('AttendanceRecorded', { entries, ...(item !== undefined && { item }) });
}

/** Entries for members present, absent, and absent with a proxy: `proxies` maps giver to holder. */
export function roll(present: string[], absent: string[] = [], proxies: Record<string, string> = {}): AttendanceEntry[] {
  return [
    ...present.map((memberId) => ({ memberId, status: 'present' as const })),
    ...absent.map((memberId) => ({ memberId, status: 'absent' as const })),
    ...Object.entries(proxies).map(([memberId, proxyTo]) => ({ memberId, status: 'absent' as const, proxyTo })),
  ];
}

export function vote(
  item: string,
  payload: Omit<VoteCast['payload'], 'item' | 'method'> & { method?: VoteCast['payload']['method'] },
): SessionEvent {
  return event('VoteCast', { item, method: 'show_of_hands', ...payload });
}

export const closed = (at = '18:00'): SessionEvent => event('SessionClosed', { at });

export const signed = (item: string, signedBy = 'm1', signedAt = '2025-03-21'): SessionEvent =>
  event('ActSigned', { item, signedBy, signedAt });

/** Replays events and returns the final state with the outcome of the last event. */
export function run(...events: SessionEvent[]) {
  const { state, steps } = replay(events);
  return { state, steps, last: steps.at(-1) };
}

/** The item of a replayed séance; fails the test when absent. */
export function itemOf(state: ReturnType<typeof run>['state'], number: string) {
  const item = state?.items.find((i) => i.number === number);
  if (!item) throw new Error(`item ${number} not found`);
  return item;
}
