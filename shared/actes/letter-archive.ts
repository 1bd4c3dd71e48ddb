/**
 * A letter of the préfecture as it travels: a .tar.gz holding the préfecture's envelope
 * (EnveloppeMISILLCL), the message (`<IDActe>-3-1_0.xml`) and the documents it lists. Both connectors
 * receive it so (S²LOW hands over the préfecture's archive as it came).
 */
import type { IncomingLetter, LetterKind, UnreadableLetter } from '#ports/letters';
import { readArchive } from './actes-archive.ts';
import { LETTER_FILE_NAME, parseLetter, type LetterMessageName } from './letter-messages.ts';

/** The letters the préfecture writes, by their message. */
const LETTER_KIND_OF: Partial<Record<LetterMessageName, LetterKind>> = {
  CourrierSimple: 'courrier',
  DemandePieceComplementaire: 'pieces',
  LettreObservations: 'observations',
  DefereTA: 'defere',
};

/** The letter an archive carries; throws when it holds none, or lacks a document its message lists. */
export async function readLetterArchive(id: string, bytes: Uint8Array): Promise<IncomingLetter> {
  const files = await readArchive(bytes);
  const messageFile = files.find((file) => {
    const name = LETTER_FILE_NAME.exec(file.name);
    return name?.[3] === '0' && name[4] === 'xml';
  });
  if (!messageFile) throw new Error(`archive ${id} holds no @CTES message <IDActe>-<T>-<F>_0.xml`);
  const message = parseLetter(messageFile.bytes);
  const kind = LETTER_KIND_OF[message.name];
  if (!kind) throw new Error(`archive ${id} holds a ${message.name}, not a letter of the préfecture`);
  const documents = message.documents.map((name) => {
    const file = files.find((f) => f.name === name);
    if (!file) throw new Error(`archive ${id}: ${name}, listed by its message, is missing`);
    return { name, bytes: file.bytes };
  });
  return {
    id,
    kind,
    actesId: message.idActe,
    date: message.date,
    ...(message.detail !== undefined && { detail: message.detail }),
    documents,
  };
}

/** The letter a download brings, or why it cannot be read: one letter's fault stays its own. */
export async function letterOrUnreadable(id: string, download: () => Promise<Uint8Array>): Promise<IncomingLetter | UnreadableLetter> {
  try {
    return await readLetterArchive(id, await download());
  } catch (error) {
    return { id, unreadable: error instanceof Error ? error.message : String(error) };
  }
}
