/**
 * The dead-letter queues, as the administrators' replay needs them: how many messages each holds,
 * and moving chosen messages back to the queue they failed from. One interface for AWS and the local
 * engines; the SQS adapter receives, sends and deletes, which both support.
 */
import type { QueueId } from '#infra/topology';

export interface DeadLetter {
  readonly messageId: string;
  readonly body: string;
  /** FIFO queues: the message group (a séance) it goes back to. */
  readonly groupId?: string;
}

export interface MoveOptions {
  /** At most this many messages moved in one call. */
  readonly limit: number;
  /** Stop looking after this long: an HTTP call must answer within the API function's timeout. */
  readonly budgetMs: number;
}

export interface MoveResult {
  readonly moved: readonly DeadLetter[];
  /** Every message of the dead-letter queue was looked at: nothing more to move for this choice. */
  readonly complete: boolean;
}

export interface DeadLetters {
  /** Messages waiting in the queue's dead-letter queue. */
  depth(queue: QueueId): Promise<number>;
  /**
   * Moves the messages `pick` chooses from the dead-letter queue back to its source queue, marked
   * with the id of their failure record, which `replayOf` gives once it has done what must precede
   * the send (recording the replay, which the consumer may close at once); the others stay where they were.
   */
  move(
    queue: QueueId,
    pick: (message: DeadLetter) => boolean,
    replayOf: (message: DeadLetter) => Promise<string>,
    options: MoveOptions,
  ): Promise<MoveResult>;
  /** Sends a body again to the source queue: a poison message, kept by its record only. */
  resend(queue: QueueId, message: { body: string; groupId?: string }, replayOf: string, attempt: number): Promise<void>;
}
