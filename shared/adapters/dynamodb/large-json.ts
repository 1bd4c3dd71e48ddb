/**
 * JSON kept in a log entry when small, in the documents bucket when not: an opening with the texts of
 * its délibérations (or its fact). Hundreds of them would not fit a table item; and even ten cost more
 * in the table than in the bucket, since a write is billed per KB, a read per 4 KB, and each post
 * reads the séance's log whole — an opening of 75 KB kept inline is 150 write units once and 19 read
 * units at every post (`npm run bench`).
 */
import { createHash } from 'node:crypto';
import type { DocumentStore } from '#ports/document-store';
import type { SessionKey } from '#ports/session-store';

/** JSON up to this size (UTF-8) stays in its log entry: two read units. */
export const INLINE_JSON_BYTES = 8 * 1024;

export function largeJson(documents: DocumentStore) {
  return {
    /** The JSON inline, or put in the bucket under a key naming its content (a re-post never overwrites it). */
    async keep(
      key: SessionKey,
      folder: 'events' | 'facts',
      eventId: string,
      value: unknown,
    ): Promise<{ inline: string } | { key: string }> {
      const json = JSON.stringify(value);
      if (Buffer.byteLength(json) <= INLINE_JSON_BYTES) return { inline: json };
      const digest = createHash('sha256').update(json).digest('hex').slice(0, 16);
      const kept = `${folder}/${key.siren}/${key.sessionId}/${eventId}-${digest}.json`;
      await documents.put(kept, Buffer.from(json), 'application/json');
      return { key: kept };
    },
    /** The JSON text, from the entry or from the bucket; `what` names it if it is missing. */
    async text(inline: string | undefined, key: string | undefined, what: string): Promise<string> {
      const found = inline ?? (key && (await documents.get(key))?.bytes.toString('utf8'));
      if (found === undefined) throw new Error(`${what} is missing from ${key}`);
      return found;
    },
  };
}
