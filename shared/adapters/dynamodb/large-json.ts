/**
 * JSON kept in a log entry when small, in the documents bucket when not: an opening with the texts of
 * hundreds of délibérations (or its fact) would not fit a table item.
 */
import { createHash } from 'node:crypto';
import type { DocumentStore } from '#ports/document-store';
import type { SessionKey } from '#ports/session-store';

/** JSON up to this size (UTF-8) stays in its log entry, far below DynamoDB's 400 KB item limit. */
export const INLINE_JSON_BYTES = 100 * 1024;

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
