/**
 * The administrators' replay: messages that failed go back to the queue they failed from, chosen by
 * failure record, queue, séance or error class, within the collectivités the administrator acts for.
 * A message in a dead-letter queue is moved back; a poison message, which only its record keeps, is
 * sent again. Each replayed message carries its record's id, so the consumer closes the record once
 * it is processed; and the consumers are idempotent, so a message replayed twice is applied once.
 */
import { failureId, readQueueMessage } from '#failures/queue-messages';
import { topology, type QueueId } from '#infra/topology';
import type { DeadLetter, DeadLetters } from '#ports/dead-letters';
import type { FailureConcerns, FailureRecord, FailureStore } from '#ports/failure-store';
import { inScope } from '#runtime/access-tokens';

export const QUEUE_IDS = Object.keys(topology.queues) as QueueId[];

export interface ReplayDeps {
  readonly failures: FailureStore;
  readonly deadLetters: DeadLetters;
  readonly now: () => Date;
}

export interface ReplaySelection {
  readonly queue?: QueueId;
  readonly siren?: string;
  readonly sessionId?: string;
  readonly errorClass?: string;
}

export interface Replayed {
  /** The failure record's id: the same for the same message, recorded or not. */
  readonly id: string;
  readonly queue: QueueId;
  readonly concerns: FailureConcerns;
  /** Whether a failure record knew it (a message may reach a dead-letter queue unrecorded: a function timing out). */
  readonly recorded: boolean;
}

type Scope = { readonly scope: '*' | readonly string[] };

/** At most this long per call, within the API function's 10 s; the caller calls again while `complete` is false. */
const BUDGET_MS = 5_000;

/** What an administrator in `scope` may see and replay: a failure about one of its collectivités (or anything, for `*`). */
export const visibleTo = (principal: Scope, concerns: FailureConcerns): boolean =>
  principal.scope === '*' || (concerns.siren !== undefined && inScope(principal, concerns.siren));

export type ReplayOneResult =
  { readonly replayed: Replayed } | { readonly refused: 'not_found' | 'not_in_dead_letter_queue' | 'not_replayable' };

export async function replayFailure(id: string, principal: Scope, deps: ReplayDeps): Promise<ReplayOneResult> {
  const record = await deps.failures.get(id);
  if (!record || !visibleTo(principal, record.concerns)) return { refused: 'not_found' };
  // A person's work at the préfecture side, not a message: nothing to send again.
  if (record.kind === 'attention') return { refused: 'not_replayable' };
  const queue = record.queue as QueueId;
  // Recorded as replayed before the message goes back: the consumer may close the record at once.
  const replaying = async () => {
    await deps.failures.markReplayed(id, deps.now().toISOString());
    return id;
  };
  if (record.kind === 'poison') {
    await deps.deadLetters.resend(queue, record, await replaying(), record.replays + 1);
  } else {
    const pick = (letter: DeadLetter) => failureId(queue, letter.body) === id;
    const { moved } = await deps.deadLetters.move(queue, pick, replaying, { limit: 1, budgetMs: BUDGET_MS });
    if (moved.length === 0) return { refused: 'not_in_dead_letter_queue' };
  }
  return { replayed: { id, queue, concerns: record.concerns, recorded: true } };
}

/**
 * Replays what the selection chooses, up to `limit` messages: the dead-letter queues' messages (with
 * or without a record) and the poison messages still open.
 */
export async function replayFailures(
  selection: ReplaySelection,
  principal: Scope,
  deps: ReplayDeps,
  limit: number,
): Promise<{ replayed: Replayed[]; complete: boolean }> {
  const open = new Map(
    (await deps.failures.list({ status: 'open', ...(selection.queue && { queue: selection.queue }) })).map((r) => [r.id, r]),
  );
  const chosen = (concerns: FailureConcerns, record: FailureRecord | undefined) =>
    visibleTo(principal, concerns) &&
    (selection.siren === undefined || concerns.siren === selection.siren) &&
    (selection.sessionId === undefined || concerns.sessionId === selection.sessionId) &&
    (selection.errorClass === undefined || record?.error.name === selection.errorClass);

  const replayed: Replayed[] = [];
  let complete = true;
  const at = () => deps.now().toISOString();
  for (const queue of selection.queue ? [selection.queue] : QUEUE_IDS) {
    const about = (letter: DeadLetter) => {
      const id = failureId(queue, letter.body);
      const record = open.get(id);
      const read = readQueueMessage(queue, letter.body);
      return { id, record, concerns: record?.concerns ?? (read.ok ? read.concerns : {}) };
    };
    const room = limit - replayed.length;
    if (room <= 0) return { replayed, complete: false };
    const result = await deps.deadLetters.move(
      queue,
      (letter) => {
        const { record, concerns } = about(letter);
        return chosen(concerns, record);
      },
      async (letter) => {
        const { id, record } = about(letter);
        if (record) await deps.failures.markReplayed(id, at());
        return id;
      },
      { limit: room, budgetMs: BUDGET_MS },
    );
    complete &&= result.complete;
    for (const letter of result.moved) {
      const { id, record, concerns } = about(letter);
      replayed.push({ id, queue, concerns, recorded: record !== undefined });
    }
  }
  for (const record of open.values()) {
    if (record.kind !== 'poison' || !chosen(record.concerns, record)) continue;
    if (replayed.length >= limit) return { replayed, complete: false };
    await deps.failures.markReplayed(record.id, at());
    await deps.deadLetters.resend(record.queue as QueueId, record, record.id, record.replays + 1);
    replayed.push({ id: record.id, queue: record.queue as QueueId, concerns: record.concerns, recorded: true });
  }
  return { replayed, complete };
}
