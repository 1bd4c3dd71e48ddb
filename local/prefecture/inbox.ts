/**
 * The préfecture's inbox: every act received, with its documents and the answer it got. Kept under
 * the simulator's directory (metadata in inbox.json, documents beside it), so a restart keeps it.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { makePrivate } from '../private-files.ts';
import { basename, join } from 'node:path';
import type { ActeMessage } from '#actes/actes-xml';

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
      const known = state.entries.some((e) => e.idActe === idActe && e.documents.includes(name)) && basename(name) === name;
      const path = join(folder(idActe), name);
      return known && existsSync(path) ? readFileSync(path) : undefined;
    },
    nextTransaction() {
      state.transactions += 1;
      save();
      return String(state.transactions);
    },
  };
}
