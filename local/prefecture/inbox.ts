/**
 * The préfecture's inbox: every act received, with its documents and the answer it got, and the
 * dialogue that followed — the letters the préfecture wrote about it, what the collectivité sent
 * back, the cancellation. Kept under the simulator's directory (metadata in inbox.json, documents
 * beside it), so a restart keeps it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { makePrivate } from '../private-files.ts';
import { basename, join } from 'node:path';
import type { ActeMessage } from '#actes/actes-xml';
import type { LetterMessageName } from '#actes/letter-messages';
import type { LetterKind } from '#ports/letters';

/** A letter the préfecture wrote about an act. */
export interface SentLetter {
  /** Its transaction number (S²LOW's id), and the archive it travels in (@CTES). */
  readonly id: string;
  readonly archiveName: string;
  readonly kind: LetterKind;
  readonly date: string;
  readonly detail: string;
  readonly createdAt: string;
  readonly documents: readonly string[];
  /** Once the collectivité's side took it (marked read). */
  readonly readAt?: string;
}

/** A message the collectivité sent back about an act: an answer, an acknowledgement, a cancellation. */
export interface ReceivedMessage {
  readonly name: LetterMessageName;
  readonly code: string;
  readonly receivedAt: string;
  /** The letter it answers, when it answers one. */
  readonly letterId?: string;
  readonly documents: readonly string[];
}

export interface InboxEntry {
  readonly idActe: string;
  readonly siren: string;
  readonly channel: 'actes' | 's2low';
  readonly receivedAt: string;
  /** The answer, ARActe or AnomalieActe; the date the préfecture says it received the act. */
  readonly status: 'acknowledged' | 'refused';
  readonly dateReception: string;
  /** Before this instant the answer is not given yet (a delayed acknowledgement). */
  readonly answerAt: string;
  readonly reply: string;
  readonly anomaly?: { readonly nature: string; readonly detail: string };
  readonly acte: ActeMessage;
  readonly archiveName?: string;
  readonly transaction?: string;
  readonly documents: readonly string[];
  /** How many times the act was received: an act sent twice is answered once, and counted here. */
  readonly receptions?: number;
  readonly letters?: readonly SentLetter[];
  readonly messages?: readonly ReceivedMessage[];
  /** The date of the ARAnnulation, once the collectivité cancelled the transmission. */
  readonly cancelledOn?: string;
}

export interface Inbox {
  list(): InboxEntry[];
  get(idActe: string): InboxEntry | undefined;
  byTransaction(transaction: string): InboxEntry | undefined;
  add(entry: InboxEntry, documents: readonly { name: string; bytes: Uint8Array }[]): void;
  /** Counts one more reception of an act already in the inbox. */
  receivedAgain(idActe: string): void;
  document(idActe: string, name: string): Buffer | undefined;
  nextTransaction(): string;
  /** Keeps a letter written about an act, its files beside the act's. */
  addLetter(idActe: string, letter: SentLetter, files: readonly { name: string; bytes: Uint8Array }[]): void;
  /** The act and the letter of a letter id (or archive name). */
  letter(id: string): { entry: InboxEntry; letter: SentLetter } | undefined;
  markLetterRead(id: string, at: string): void;
  /** Keeps a message the collectivité sent back, its files beside the act's. */
  addMessage(idActe: string, message: ReceivedMessage, files: readonly { name: string; bytes: Uint8Array }[]): void;
  cancel(idActe: string, on: string): void;
}

export function openInbox(dir: string): Inbox {
  makePrivate(dir);
  const file = join(dir, 'inbox.json');
  const state = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { entries: InboxEntry[]; transactions: number })
    : { entries: [], transactions: 0 };
  const save = () => writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`, { mode: 0o600 });
  const folder = (idActe: string) => join(dir, 'documents', idActe);

  return {
    list: () => [...state.entries],
    get: (idActe) => state.entries.find((e) => e.idActe === idActe),
    byTransaction: (transaction) => state.entries.find((e) => e.transaction === transaction),
    add(entry, documents) {
      // Names were checked on receipt; this keeps every write inside the inbox whatever the caller.
      if (basename(entry.idActe) !== entry.idActe || documents.some((d) => basename(d.name) !== d.name))
        throw new Error(`refusing to store ${entry.idActe}: a name is not a plain file name`);
      mkdirSync(folder(entry.idActe), { recursive: true, mode: 0o700 });
      for (const document of documents) writeFileSync(join(folder(entry.idActe), document.name), document.bytes, { mode: 0o600 });
      state.entries.push(entry);
      save();
    },
    receivedAgain(idActe) {
      const index = state.entries.findIndex((e) => e.idActe === idActe);
      if (index < 0) return;
      const entry = state.entries[index]!;
      state.entries[index] = { ...entry, receptions: (entry.receptions ?? 1) + 1 };
      save();
    },
    document(idActe, name) {
      const entry = state.entries.find((e) => e.idActe === idActe);
      const known = entry !== undefined && filesOf(entry).includes(name) && basename(name) === name;
      const path = join(folder(idActe), name);
      return known && existsSync(path) ? readFileSync(path) : undefined;
    },
    nextTransaction() {
      state.transactions += 1;
      save();
      return String(state.transactions);
    },
    addLetter(idActe, letter, files) {
      const stored = store(idActe, files);
      change(idActe, (entry) => ({
        ...entry,
        letters: [...(entry.letters ?? []), { ...letter, documents: letter.documents.map((name) => stored.get(name) ?? name) }],
      }));
    },
    letter(id) {
      for (const entry of state.entries) {
        const letter = entry.letters?.find((l) => l.id === id || l.archiveName === id);
        if (letter) return { entry, letter };
      }
      return undefined;
    },
    markLetterRead(id, at) {
      const found = this.letter(id);
      if (!found || found.letter.readAt) return;
      change(found.entry.idActe, (entry) => ({
        ...entry,
        letters: entry.letters?.map((l) => (l.id === found.letter.id ? { ...l, readAt: at } : l)),
      }));
    },
    addMessage(idActe, message, files) {
      const stored = store(idActe, files);
      change(idActe, (entry) => ({
        ...entry,
        messages: [...(entry.messages ?? []), { ...message, documents: message.documents.map((name) => stored.get(name) ?? name) }],
      }));
    },
    cancel(idActe, on) {
      change(idActe, (entry) => (entry.cancelledOn ? entry : { ...entry, cancelledOn: on }));
    },
  };

  function change(idActe: string, update: (entry: InboxEntry) => InboxEntry): void {
    const index = state.entries.findIndex((e) => e.idActe === idActe);
    if (index < 0) throw new Error(`no act ${idActe} in the inbox`);
    state.entries[index] = update(state.entries[index]!);
    save();
  }

  /**
   * Writes files beside the act's, each under its name or, when the act holds one by that name already
   * (a second letter or answer of a kind bears the same @CTES names), under a numbered one; returns the names used.
   */
  function store(idActe: string, files: readonly { name: string; bytes: Uint8Array }[]): Map<string, string> {
    if (basename(idActe) !== idActe || files.some((f) => basename(f.name) !== f.name))
      throw new Error(`refusing to store files of ${idActe}: a name is not a plain file name`);
    mkdirSync(folder(idActe), { recursive: true, mode: 0o700 });
    const entry = state.entries.find((e) => e.idActe === idActe);
    const taken = new Set(entry ? filesOf(entry) : []);
    const names = new Map<string, string>();
    for (const file of files) {
      let name = file.name;
      for (let n = 2; taken.has(name); n++) name = `${n}-${file.name}`;
      taken.add(name);
      names.set(file.name, name);
      writeFileSync(join(folder(idActe), name), file.bytes, { mode: 0o600 });
    }
    return names;
  }
}

/** Every file kept for an act: its documents, its letters' archives and documents, what came back. */
function filesOf(entry: InboxEntry): string[] {
  return [
    ...entry.documents,
    ...(entry.letters ?? []).flatMap((l) => [l.archiveName, ...l.documents]),
    ...(entry.messages ?? []).flatMap((m) => m.documents),
  ];
}

/** What the inbox shows of an act, with links to its documents. */
export function inboxSummary(entry: InboxEntry) {
  const { reply: _reply, acte, ...rest } = entry;
  return {
    ...rest,
    receptions: entry.receptions ?? 1,
    objet: acte.objet,
    numeroInterne: acte.numeroInterne,
    decisionDate: acte.date,
    documents: entry.documents.map((name) => ({
      name,
      url: `/inbox/${encodeURIComponent(entry.idActe)}/documents/${encodeURIComponent(name)}`,
    })),
  };
}
