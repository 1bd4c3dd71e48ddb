/**
 * An act: the séance projection and agenda texts it is made from, and the keys of its documents in
 * the bucket. Rendering them is `store-extract.ts`, kept apart so that the functions that only read
 * an act (the API) do not load the PDF engine at start.
 */
import type { ItemState, SessionState } from '#domain/session';
import type { SessionOpened } from '#events/session-events';
import type { AgendaTexts } from '#extract/extract-content';
import { sessionKeyOf, type SessionKey, type SessionStore } from '#ports/session-store';

export interface Act {
  readonly state: SessionState;
  readonly item: ItemState;
  readonly texts: AgendaTexts;
}

/** The act of an item, with the texts kept in the séance's SessionOpened event; undefined for an unknown item. */
export async function loadAct(sessions: SessionStore, key: SessionKey, number: string): Promise<Act | undefined> {
  const { state } = await sessions.load(key);
  return state && actOf(sessions, state, number);
}

/** The act of an item of a séance already read. */
export async function actOf(sessions: SessionStore, state: SessionState, number: string): Promise<Act | undefined> {
  const item = state.items.find((i) => i.number === number);
  if (!item) return undefined;
  const agenda = (await agendaOf(sessions, state)).find((i) => i.number === number);
  return { state, item, texts: { visas: agenda?.visas, expose: agenda?.expose, decision: agenda?.decision } };
}

type Agenda = SessionOpened['payload']['items'];

/**
 * The agendas of the séances a store read last, by opening: an opening never changes once logged,
 * and a budget séance's is megabytes to read and check again for each of its hundreds of acts. Kept
 * per store, that is per function, as each Lambda container keeps its own.
 */
const agendas = new WeakMap<SessionStore, Map<string, Agenda>>();
const AGENDAS_KEPT = 8;

async function agendaOf(sessions: SessionStore, state: SessionState): Promise<Agenda> {
  const key = sessionKeyOf(state);
  const id = `${key.siren}/${key.sessionId}/${state.openingEventId}`;
  const kept = agendas.get(sessions) ?? new Map<string, Agenda>();
  agendas.set(sessions, kept);
  const found = kept.get(id);
  if (found) return found;
  const opening = (await sessions.find(key, [state.openingEventId])).get(state.openingEventId)?.event;
  if (opening?.type !== 'SessionOpened') return [];
  if (kept.size >= AGENDAS_KEPT) kept.delete(kept.keys().next().value!);
  kept.set(id, opening.payload.items);
  return opening.payload.items;
}

export const FORMATS = { pdf: 'application/pdf', html: 'text/html; charset=utf-8', txt: 'text/plain; charset=utf-8' } as const;
export type Format = keyof typeof FORMATS;

/** Keys derived from the assembly, the séance and the number: `acts/<SIREN>/<séance>/<number>/extract.pdf`. */
export function documentKeys(act: Act, variant: 'extract' | 'extract-stamped' | 'published'): Record<Format, string> {
  if (variant === 'published') return publishedKeys(act.state.assembly.siren, act.item.actesId);
  const folder = `acts/${act.state.assembly.siren}/${act.state.sessionId}/${act.item.number}`;
  return { pdf: `${folder}/${variant}.pdf`, html: `${folder}/${variant}.html`, txt: `${folder}/${variant}.txt` };
}

/** Where the public site reads a published act: the only prefix of the bucket ever public. */
export const PUBLIC_DOCUMENTS = 'public/documents';

/** `public/documents/<SIREN>/<IDActe>.pdf`: what the public site serves as `/documents/<SIREN>/<IDActe>.pdf`. */
export function publishedKeys(siren: string, actesId: string): Record<Format, string> {
  const base = `${PUBLIC_DOCUMENTS}/${siren}/${actesId}`;
  return { pdf: `${base}.pdf`, html: `${base}.html`, txt: `${base}.txt` };
}

/** The file name of a document of the act: its IDActe, `-tamponne` for the stamped copy. */
export const documentFilename = (actesId: string, stamped: boolean, format: Format) => `${actesId}${stamped ? '-tamponne' : ''}.${format}`;

export function archiveKey(act: Act, archiveName: string): string {
  return `acts/${act.state.assembly.siren}/${act.state.sessionId}/${act.item.number}/transmission/${archiveName}`;
}
