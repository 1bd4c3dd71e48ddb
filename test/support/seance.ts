/** Builders of session events for tests: a séance in a few lines, with the contract's own parser. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  parseSessionEvent,
  type AgendaItem,
  type AttendanceEntry,
  type SessionEvent,
  type SessionOpened,
  type VoteCast,
} from '#events/session-events';
import { replay, type Fact, type ReplayStep } from '#domain/session';
import { isElection, type MotionVote } from '#domain/session-state';
import type { ElectionRecord } from '#domain/election';

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
  /** Item numbers, or items with more than a number (a kind, an office, a required majority). */
  items?: Array<string | (Partial<AgendaItem> & { number: string })>;
  /** Suppléants added after the members: suppléant id → the titulaire they stand for. */
  suppleants?: Record<string, string>;
  wording?: SessionOpened['payload']['assembly']['wording'];
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
      ...(options.wording && { wording: options.wording }),
    },
    date: options.date ?? '2025-03-20',
    openedAt: '09:30',
    president: 'm1',
    members: [
      ...ids.map((id, i) => ({ id, civility: i % 2 === 0 ? 'M.' : 'Mme', name: `MEMBRE${i + 1}` })),
      ...Object.entries(options.suppleants ?? {}).map(([id, standsFor]) => ({
        id,
        civility: 'Mme',
        name: `SUPPLÉANTE ${standsFor.toUpperCase()}`,
        role: 'suppleant',
        standsFor,
      })),
    ],
    items: (options.items ?? ['D1', 'D2', 'D3']).map((item) =>
      typeof item === 'string'
        ? { number: item, title: `Délibération ${item}`, nature: 'DE' }
        : { title: `Délibération ${item.number}`, nature: 'DE', ...item },
    ),
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

/** The vote on a délibération of a replayed séance (not an election); fails the test otherwise. */
export function motionOf(state: ReturnType<typeof run>['state'], number: string): MotionVote {
  const vote = itemOf(state, number).vote;
  if (!vote || isElection(vote)) throw new Error(`item ${number} has no vote on a délibération`);
  return vote;
}

/** The election held on an item of a replayed séance; fails the test otherwise. */
export function electionOf(state: ReturnType<typeof run>['state'], number: string): ElectionRecord {
  const vote = itemOf(state, number).vote;
  if (!vote || !isElection(vote)) throw new Error(`item ${number} holds no election`);
  return vote.election;
}

/** The facts a replayed log recorded: those of its applied events, in order. */
export const factsOf = ({ steps }: { steps: readonly ReplayStep[] }): Fact[] => steps.flatMap((s) => (s.fact ? [s.fact] : []));

const KINDS = ['commune', 'epci', 'departement', 'region', 'commission_permanente'] as const;
const CHOICES = ['pour', 'contre', 'abstention', 'nppv'] as const;

/** Numbers in [0, 1) drawn from `seed` (mulberry32): the same seed, the same numbers. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A séance of its own for each seed, the same on every run: a kind of assembly, a date under the
 * ordinary rules or an emergency regime, 3–12 members, 1–4 items, a first roll, then twenty events
 * drawn among changes of attendance (proxies included), votes by tally or by ballots, signatures and
 * the closing. Many pass the rules and some break one, as a secretariat's slips would.
 */
export function randomSeance(seed: number): SessionEvent[] {
  const random = generator(seed);
  const below = (n: number) => Math.floor(random() * n);
  const pick = <T>(values: readonly T[]): T => values[below(values.length)]!;
  const size = 3 + below(10);
  const ids = memberIds(size);
  const items = Array.from({ length: 1 + below(4) }, (_, i) => `D${i + 1}`);
  const some = () => {
    const one = below(size);
    return ids.filter((_, i) => i === one || random() < 0.3);
  };
  const entry = (memberId: string): AttendanceEntry => {
    const draw = random();
    if (draw < 0.5) return { memberId, status: 'present' };
    return draw < 0.75 ? { memberId, status: 'absent' } : { memberId, status: 'absent', proxyTo: pick(ids) };
  };
  const ballot = (memberId: string) => ({ memberId, choice: pick(CHOICES), ...(random() < 0.15 && { forMember: pick(ids) }) });
  const cast = (item: string): SessionEvent => {
    const method = pick(['show_of_hands', 'roll_call', 'secret'] as const);
    const presiding = random() < 0.15 ? { presidedBy: pick(ids) } : {};
    if (method === 'roll_call' && random() < 0.7) return vote(item, { method, ballots: some().map(ballot), ...presiding });
    const total = 1 + below(size);
    const pour = below(total + 1);
    const contre = below(total - pour + 1);
    const tally = { pour, contre, abstention: total - pour - contre, ...(random() < 0.2 && { nppv: below(2) }) };
    const presidentVote = method !== 'secret' && random() < 0.4 ? { presidentVote: pick(CHOICES) } : {};
    return vote(item, { method, tally, ...presidentVote, ...presiding });
  };
  const events = [
    opened({ members: size, kind: pick(KINDS), date: pick(['2025-03-20', '2021-01-14', '2020-05-04']), reconvened: random() < 0.2, items }),
    attendance(roll(ids.filter((_, i) => i === 0 || random() < 0.8))),
  ];
  for (let n = 0; n < 20; n++) {
    const draw = random();
    if (draw < 0.3) events.push(attendance(some().map(entry), random() < 0.5 ? pick(items) : undefined));
    else if (draw < 0.7) events.push(cast(pick(items)));
    else if (draw < 0.98) events.push(signed(pick(items), random() < 0.9 ? pick(ids) : 'm99', pick(['2025-06-30', '2019-12-31'])));
    else events.push(closed());
  }
  return events;
}
