/**
 * The administrators' commands: the failure records and the dead-letter queues (`failures`), the
 * replay of one failure or of a selection (`replay`, with a progress bar when it moves many
 * messages), and the rebuild of a séance from its facts (`rebuild`). In French for people; `--json`
 * gives the API's answers.
 */
import { call, CliError, refusalError, sessionPath, type ApiTarget } from './api-client.ts';

/** Queue names as people type them (the queues' own names) or as the API names them. */
export const QUEUE_WORDS: Readonly<Record<string, string>> = {
  'session-events': 'sessionEvents',
  sessionEvents: 'sessionEvents',
  certification: 'certification',
  transmissions: 'transmissions',
};
const QUEUE_NAMES: Readonly<Record<string, string>> = {
  sessionEvents: 'session-events',
  certification: 'certification',
  transmissions: 'transmissions',
};

export const FAILURE_STATUS_WORDS: Readonly<Record<string, string>> = {
  ouvert: 'open',
  open: 'open',
  rejoué: 'replayed',
  replayed: 'replayed',
  résolu: 'resolved',
  resolved: 'resolved',
};
const STATUS_LABELS: Readonly<Record<string, string>> = { open: 'ouvert', replayed: 'rejoué', resolved: 'résolu' };

interface Concerns {
  siren?: string;
  sessionId?: string;
  eventId?: string;
  item?: string;
  actesId?: string;
}
export interface FailureView {
  id: string;
  queue: string;
  kind: 'error' | 'poison' | 'attention';
  status: string;
  error: { name: string; message: string };
  attempts: number;
  lastFailedAt: string;
  replays: number;
  concerns: Concerns;
}
type Depths = Record<string, { depth: number }>;
interface ReplayedView {
  id: string;
  queue: string;
  concerns: Concerns;
  recorded: boolean;
}

async function post(target: ApiTarget, path: string, body?: unknown): Promise<unknown> {
  const answer = await call(target, 'POST', path, body);
  if (answer.status !== 200) throw refusalError(answer.status, answer.body);
  return answer.body;
}

const about = (c: Concerns) =>
  [
    c.siren && c.sessionId ? `séance ${c.siren}/${c.sessionId}` : c.siren && `collectivité ${c.siren}`,
    c.eventId && `événement ${c.eventId}`,
    c.item && `délibération ${c.item}`,
    c.actesId && `acte ${c.actesId}`,
  ]
    .filter(Boolean)
    .join(', ') || 'message illisible';

const depthLine = (depths: Depths) =>
  `files de rejet : ${Object.entries(depths)
    .map(([queue, { depth }]) => `${QUEUE_NAMES[queue] ?? queue} ${depth}`)
    .join(', ')}`;

const KIND_NOTES: Readonly<Record<string, string>> = {
  poison: ', illisible (non rejoué automatiquement)',
  attention: ', attend une personne chez le tiers de télétransmission (rien à rejouer)',
};

export function formatFailures(failures: FailureView[], depths: Depths): string {
  const lines = [`${failures.length} échec(s) enregistré(s) — ${depthLine(depths)}`];
  for (const f of failures) {
    const kind = KIND_NOTES[f.kind] ?? '';
    lines.push(
      '',
      `${f.id}  ${STATUS_LABELS[f.status] ?? f.status}  ${QUEUE_NAMES[f.queue] ?? f.queue}${kind}`,
      `  ${about(f.concerns)}`,
      `  ${f.error.name} : ${f.error.message}`,
      `  ${f.attempts} tentative(s), dernier échec ${f.lastFailedAt.replace('T', ' ').slice(0, 19)}${f.replays ? `, rejoué ${f.replays} fois` : ''}`,
    );
  }
  return lines.join('\n');
}

export function formatReplayed(replayed: ReplayedView[], depths?: Depths): string {
  const lines = replayed.map(
    (r) => `rejoué : ${r.id}  ${QUEUE_NAMES[r.queue] ?? r.queue}  ${about(r.concerns)}${r.recorded ? '' : ' (sans enregistrement)'}`,
  );
  lines.push(`${replayed.length} message(s) rejoué(s)${depths ? ` — ${depthLine(depths)}` : ''}`);
  return lines.join('\n');
}

export interface ReplayChoice {
  readonly id?: string;
  readonly all: boolean;
  readonly queue?: string;
  readonly siren?: string;
  readonly sessionId?: string;
  readonly errorClass?: string;
}

/**
 * Replays one failure by id, or a selection call after call (the API moves a bounded number each
 * time) until the API says it looked at everything; `progress` is told after each call.
 */
export async function replay(
  target: ApiTarget,
  choice: ReplayChoice,
  progress: (moved: number, waiting: number) => void,
): Promise<{ replayed: ReplayedView[]; deadLetters?: Depths }> {
  if (choice.id) return (await post(target, `/admin/failures/${encodeURIComponent(choice.id)}/replay`)) as { replayed: ReplayedView[] };
  const { id: _id, all, ...filters } = choice;
  if (!all && !filters.queue && !filters.siren && !filters.errorClass)
    throw new CliError('replay demande un identifiant d’échec, ou --all, --queue, --siren (et --session), --error');
  const replayed: ReplayedView[] = [];
  for (let calls = 0; calls < 1000; calls++) {
    const answer = (await post(target, '/admin/replay', { ...(all && { all }), ...filters, limit: 25 })) as {
      replayed: ReplayedView[];
      complete: boolean;
      deadLetters: Depths;
    };
    replayed.push(...answer.replayed);
    progress(
      replayed.length,
      Object.values(answer.deadLetters).reduce((sum, { depth }) => sum + depth, 0),
    );
    if (answer.complete) return { replayed, deadLetters: answer.deadLetters };
  }
  throw new CliError(`le rejeu s’arrête après 1000 appels ; ${replayed.length} message(s) rejoué(s) : relancez-le`);
}

/** A bar of 30 cells: moved against moved and still waiting in the dead-letter queues. */
export function progressBar(moved: number, waiting: number): string {
  const total = moved + waiting;
  const filled = total === 0 ? 30 : Math.round((moved / total) * 30);
  return `[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${moved} rejoué(s), ${waiting} en file de rejet`;
}

export interface RebuildView {
  siren: string;
  sessionId: string;
  facts: number;
  differences: string[];
  rewritten: boolean;
}

export async function rebuild(target: ApiTarget, siren: string, sessionId: string, dryRun: boolean): Promise<RebuildView> {
  return (await post(target, `/admin${sessionPath(siren, sessionId)}/rebuild`, { dryRun })) as RebuildView;
}

export function formatRebuild(report: RebuildView, dryRun: boolean): string {
  const head = `séance ${report.siren}/${report.sessionId} reconstruite à partir de ${report.facts} fait(s)`;
  if (report.differences.length === 0) return `${head} : identique à la projection enregistrée`;
  const what = report.rewritten
    ? 'projection remplacée par la séance reconstruite'
    : dryRun
      ? 'rien n’a été écrit (--dry-run)'
      : 'rien n’a été écrit';
  return [`${head} : ${report.differences.length} différence(s) ; ${what}`, ...report.differences.map((path) => `  ${path}`)].join('\n');
}
