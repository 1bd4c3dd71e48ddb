/**
 * The dialogue after an act, on the préfecture's side of the @CTES endpoint: the collectivité's
 * messages posted to `/actes` like the acts (an answer to a letter, the acknowledgement of one, a
 * cancellation) — checked against the XSD, kept against their act, answered with the préfecture's
 * acknowledgement when the protocol has one (200) or taken in (202) — and the préfecture's letters
 * handed over at `GET /courriers`, `GET /courriers/{archive}`, `POST /courriers/{archive}/lu`.
 */
import { LETTER_CODES, LETTER_FILE_NAME, parseLetter, type LetterMessage } from '#actes/letter-messages';
import { parisDate } from '#extract/french';
import type { LetterKind } from '#ports/letters';
import type { OpenedArchive } from './check-archive.ts';
import type { Inbox, InboxEntry } from './inbox.ts';
import { acknowledgementOf } from './letters.ts';
import type { XsdValidator } from './xsd.ts';

export interface DialogueContext {
  readonly inbox: Inbox;
  readonly xsd: XsdValidator;
  readonly now: () => Date;
  /** The reason every message of the collectivité is refused with, when the faults say so. */
  readonly refusing?: () => string | null;
}

export type Answer = { readonly status: number; readonly json?: unknown; readonly xml?: Buffer };

/** The dialogue message an archive's envelope lists, if that is what it carries (not an act, 1-1). */
export const dialogueForm = (opened: OpenedArchive) =>
  opened.forms.find((form) => {
    const name = LETTER_FILE_NAME.exec(form);
    return name !== null && name[2] !== '1-1' && name[3] === '0' && name[4] === 'xml';
  });

/** Takes in a message of the collectivité about an act of the inbox. */
export async function receiveMessage(opened: OpenedArchive, form: string, context: DialogueContext): Promise<Answer> {
  const refused = (detail: string): Answer => ({ status: 400, json: { error: 'anomalie_message', detail } });
  const refusing = context.refusing?.();
  if (refusing) return refused(refusing);
  const file = opened.files.find((f) => f.name === form);
  if (!file) return refused(`${form}, listed by the envelope, is not in the archive`);
  const errors = await context.xsd(form, file.bytes);
  if (errors.length > 0) return refused(`${form}: ${errors.join('; ')}`);
  const message = parseLetter(file.bytes);
  if (LETTER_CODES[message.name] !== LETTER_FILE_NAME.exec(form)![2]) return refused(`${form} holds a ${message.name}`);
  const entry = context.inbox.get(message.idActe);
  if (!entry || entry.siren !== opened.siren)
    return { status: 404, json: { error: 'not_found', detail: `no act ${message.idActe} of ${opened.siren} was received` } };
  const missing = message.documents.find((name) => !opened.files.some((f) => f.name === name));
  if (missing) return refused(`${missing}, listed by ${form}, is not in the archive`);
  return keep(
    entry,
    message,
    opened.files.filter((f) => message.documents.includes(f.name)),
    context,
  );
}

/** The kind of letter each message of the collectivité answers. */
const ANSWERED_KIND: Partial<Record<LetterMessage['name'], LetterKind>> = {
  ReponseCourrierSimple: 'courrier',
  ARDemandePieceComplementaire: 'pieces',
  RefusPieceComplementaire: 'pieces',
  PieceComplementaire: 'pieces',
  ARLettreObservations: 'observations',
  RejetLettreObservations: 'observations',
  ReponseLettreObservations: 'observations',
};

/** Keeps what came back about an act, and gives the préfecture's acknowledgement of it when there is one. */
export function keep(
  entry: InboxEntry,
  message: LetterMessage,
  files: readonly { name: string; bytes: Uint8Array }[],
  context: Pick<DialogueContext, 'inbox' | 'now'>,
  letterId?: string,
): Answer {
  const at = context.now();
  // The letter answered: the one given, else the last of its date of the kind this message answers.
  const kind = ANSWERED_KIND[message.name];
  const answered = letterId ?? [...(entry.letters ?? [])].reverse().find((l) => l.kind === kind && l.date === message.date)?.id;
  context.inbox.addMessage(
    entry.idActe,
    {
      name: message.name,
      code: LETTER_CODES[message.name],
      receivedAt: at.toISOString(),
      ...(answered && message.name !== 'Annulation' && { letterId: answered }),
      documents: files.map((f) => f.name),
    },
    files,
  );
  const on = parisDate(at);
  if (message.name === 'Annulation') context.inbox.cancel(entry.idActe, on);
  const acknowledgement = acknowledgementOf(message.name, entry.idActe, message.date, on);
  return acknowledgement ? { status: 200, xml: acknowledgement } : { status: 202, json: { idActe: entry.idActe, status: 'received' } };
}

/** The letters the collectivités that send archives have not taken yet. */
export const unreadArchives = (inbox: Inbox) =>
  inbox
    .list()
    .filter((entry) => entry.channel === 'actes')
    .flatMap((entry) => (entry.letters ?? []).filter((letter) => !letter.readAt).map((letter) => ({ id: letter.archiveName })));
