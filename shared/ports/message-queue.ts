/** A queue the functions hand work to: the session-events FIFO queue, the certification queue. */

export interface OutgoingMessage {
  readonly body: string;
  /** FIFO queues: messages of one group are delivered in order (the séance). */
  readonly groupId?: string;
  /** FIFO queues: a second message with this id within five minutes is dropped (the séance's event). */
  readonly deduplicationId?: string;
}

export interface MessageQueue {
  /** Sends in order; resolves once every message is accepted by the queue, throws otherwise. */
  send(messages: readonly OutgoingMessage[]): Promise<void>;
}
