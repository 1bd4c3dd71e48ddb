/**
 * Publishing an act from the console (CGCT L2131-1): the secretariat asks for it, a worker publishes
 * it within a second or two, and the console reads the délibération again until its publication
 * shows. Its dates are written as the acts print them, on the French calendar and clock.
 */
import { frenchInstant } from '#extract/french';

/** "2025-03-25T09:32:00Z" → "25 mars 2025 à 10h32"; a value that is no instant is shown as it is. */
export const publishedAtText = (iso: string): string => frenchInstant(iso) ?? iso;

export interface Polling {
  /** Between two reads. */
  readonly everyMs?: number;
  /** Given up after about this long. */
  readonly withinMs?: number;
  /** Whether to stop reading (the page was left). */
  readonly stopped?: () => boolean;
  readonly wait?: (ms: number) => Promise<void>;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Reads until `read` answers something: that answer, or null once given up or stopped. A read that
 * fails ends it with its error.
 */
export async function readUntil<T>(read: () => Promise<T | null>, polling: Polling = {}): Promise<T | null> {
  const { everyMs = 700, withinMs = 15_000, stopped = () => false, wait = pause } = polling;
  const reads = Math.max(1, Math.ceil(withinMs / everyMs));
  for (let count = 0; count < reads && !stopped(); count++) {
    if (count > 0) await wait(everyMs);
    if (stopped()) break;
    const answer = await read();
    if (answer !== null) return answer;
  }
  return null;
}
