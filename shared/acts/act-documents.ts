/**
 * An act and its documents: the séance projection and agenda texts it is made from, the keys of its
 * documents in the bucket, and the rendering of its certified extract (plain, or stamped with the
 * préfecture's acknowledgement) in the three formats.
 */
import { createHash } from 'node:crypto';
import type { ItemState, SessionState } from '#domain/session';
import { extractContent, type AgendaTexts, type Stamp } from '#extract/extract-content';
import { renderHtml } from '#extract/render-html';
import { renderPdf } from '#extract/render-pdf';
import { renderText } from '#extract/render-text';
import type { DocumentStore } from '#ports/document-store';
import type { SessionStore } from '#ports/session-store';

export interface Act {
  readonly state: SessionState;
  readonly item: ItemState;
  readonly texts: AgendaTexts;
}

/** The act of an item, with the texts kept in the séance's SessionOpened event; undefined for an unknown item. */
export async function loadAct(sessions: SessionStore, sessionId: string, number: string): Promise<Act | undefined> {
  const { state } = await sessions.load(sessionId);
  return state && actOf(sessions, state, number);
}

/** The act of an item of a séance already read. */
export async function actOf(sessions: SessionStore, state: SessionState, number: string): Promise<Act | undefined> {
  const item = state.items.find((i) => i.number === number);
  if (!item) return undefined;
  const opening = (await sessions.find(state.sessionId, [state.openingEventId])).get(state.openingEventId)?.event;
  const agenda = opening?.type === 'SessionOpened' ? opening.payload.items.find((i) => i.number === number) : undefined;
  return { state, item, texts: { visas: agenda?.visas, expose: agenda?.expose, decision: agenda?.decision } };
}

export const FORMATS = { pdf: 'application/pdf', html: 'text/html; charset=utf-8', txt: 'text/plain; charset=utf-8' } as const;
export type Format = keyof typeof FORMATS;

/** Keys derived from the assembly, the séance and the number: `acts/<SIREN>/<séance>/<number>/extract.pdf`. */
export function documentKeys(act: Act, variant: 'extract' | 'extract-stamped'): Record<Format, string> {
  const folder = `acts/${act.state.assembly.siren}/${act.state.sessionId}/${act.item.number}`;
  return { pdf: `${folder}/${variant}.pdf`, html: `${folder}/${variant}.html`, txt: `${folder}/${variant}.txt` };
}

export function archiveKey(act: Act, archiveName: string): string {
  return `acts/${act.state.assembly.siren}/${act.state.sessionId}/${act.item.number}/transmission/${archiveName}`;
}

/** Renders the extract in every format and stores it; returns the keys and the PDF's SHA-256 and bytes. */
export async function storeExtract(act: Act, documents: DocumentStore, stamp?: Stamp) {
  const content = extractContent(act.state, act.item, act.texts, stamp);
  const keys = documentKeys(act, stamp ? 'extract-stamped' : 'extract');
  const pdf = await renderPdf(content, act.state.assembly.name);
  await documents.put(keys.pdf, pdf, FORMATS.pdf);
  await documents.put(keys.html, Buffer.from(renderHtml(content)), FORMATS.html);
  await documents.put(keys.txt, Buffer.from(renderText(content)), FORMATS.txt);
  return { keys, pdf, sha256: createHash('sha256').update(pdf).digest('hex') };
}
