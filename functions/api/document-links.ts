/**
 * How the API hands a document out: a short-lived link reading it straight from the bucket (a
 * document never passes through the API, which answers 6 MB at most) — as JSON for a client asking
 * for JSON (the console), as a 303 to it for any other (a browser, curl -L).
 */
import type { DocumentStore } from '#ports/document-store';
import { json, type Response } from './http.ts';
import type { Event } from './requests.ts';

/** How long a link to a document works: long enough to open it, too short to pass around. */
export const DOCUMENT_LINK_SECONDS = 300;

export async function linkAnswer(
  event: Event,
  documents: DocumentStore,
  key: string,
  document: { readonly filename: string; readonly contentType: string; readonly download: boolean },
): Promise<Response> {
  const url = await documents.link(key, {
    filename: document.filename,
    contentType: document.contentType,
    disposition: document.download ? 'attachment' : 'inline',
    seconds: DOCUMENT_LINK_SECONDS,
  });
  const expiresAt = new Date(Date.now() + DOCUMENT_LINK_SECONDS * 1000).toISOString();
  const asJson = /application\/json/.test(event.headers?.accept ?? '');
  return json(asJson ? 200 : 303, { url, expiresAt }, asJson ? {} : { location: url });
}
