/**
 * The préfecture's letters and the collectivité's answers through the S²LOW API, as the simulator
 * plays it: `api/list_document_prefecture.php` (the letters not read yet, as JSON),
 * `actes_transac_get_document.php?id=` (redirected to `actes_download_file.php?env=`: a letter's archive as the préfecture sent it),
 * `api/document_prefecture_mark_as_read.php?transaction_id=`, `actes_transac_reponse_create.php`
 * (an answer: `type_envoie` 3 a refusal, 4 an answer, its letter `acte_pdf_file` and pieces
 * `acte_attachments[]` with `type_pj[]`), `actes_transac_cancel.php` (the act's transaction cancelled).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LETTER_CODES, letterFileName, letterXml, type LetterMessageName } from '#actes/letter-messages';
import type { LetterKind } from '#ports/letters';
import { keep, type DialogueContext } from './dialogue.ts';
import type { S2lowAccount } from './s2low-api.ts';
import { annexExtension } from '#acts/annexes';
import { readForm, s2lowAccount, text } from './s2low-api.ts';

/** The answer each letter gets for each `type_envoie`. */
const ANSWERS: Readonly<Record<LetterKind, Partial<Record<string, LetterMessageName>>>> = {
  courrier: { '4': 'ReponseCourrierSimple' },
  pieces: { '3': 'RefusPieceComplementaire', '4': 'PieceComplementaire' },
  observations: { '3': 'RejetLettreObservations', '4': 'ReponseLettreObservations' },
  defere: {},
};

/** S²LOW's transaction type of each letter. */
const TYPES: Readonly<Record<LetterKind, string>> = { courrier: '2', pieces: '3', observations: '4', defere: '5' };

export function s2lowLetters(context: DialogueContext & { readonly accounts: Readonly<Record<string, S2lowAccount>> }) {
  const account = (request: IncomingMessage) => s2lowAccount(request, context.accounts);

  function list(request: IncomingMessage, response: ServerResponse): void {
    const who = account(request);
    if (!who) return text(response, "KO\nÉchec de l'authentification");
    const unread = context.inbox
      .list()
      .filter((entry) => entry.channel === 's2low' && entry.siren === who.siren)
      .flatMap((entry) =>
        (entry.letters ?? [])
          .filter((letter) => !letter.readAt)
          .map((letter) => ({
            id: letter.id,
            type: TYPES[letter.kind],
            related_transaction_id: entry.transaction,
            number: entry.acte.numeroInterne,
            unique_id: entry.idActe,
            last_status_id: '7',
          })),
      );
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(unread));
  }

  /** The letter of this id, if the account's collectivité is the one it was written to. */
  const letterOf = (request: IncomingMessage, id: string) => {
    const who = account(request);
    const found = context.inbox.letter(id);
    return who && found && found.entry.siren === who.siren ? found : undefined;
  };

  /** As S²LOW does for a letter: a redirection to the download of its archive. */
  function document(request: IncomingMessage, url: URL, response: ServerResponse): void {
    const found = letterOf(request, url.searchParams.get('id') ?? '');
    if (!found) return text(response, 'KO\nTransaction inconnue');
    response.writeHead(302, { location: `actes_download_file.php?env=${encodeURIComponent(found.letter.id)}` });
    response.end();
  }

  function download(request: IncomingMessage, url: URL, response: ServerResponse): void {
    const found = letterOf(request, url.searchParams.get('env') ?? '');
    if (!found) return text(response, 'KO\nFichier inconnu');
    response.writeHead(200, { 'content-type': 'application/x-gzip' });
    response.end(context.inbox.document(found.entry.idActe, found.letter.archiveName));
  }

  function markRead(request: IncomingMessage, url: URL, response: ServerResponse): void {
    const found = letterOf(request, url.searchParams.get('transaction_id') ?? '');
    if (!found) return text(response, 'KO\nTransaction inconnue');
    context.inbox.markLetterRead(found.letter.id, context.now().toISOString());
    text(response, 'OK\n');
  }

  async function answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const form = await readForm(request);
    const found = letterOf(request, form.fields.get('id') ?? '');
    if (!found) return text(response, 'KO\nTransaction inconnue');
    const refusing = context.refusing?.();
    if (refusing) return text(response, `KO\n${refusing}`);
    const name = ANSWERS[found.letter.kind][form.fields.get('type_envoie') ?? ''];
    if (!name) return text(response, `KO\nCe courrier n'attend pas cette réponse (type_envoie ${form.fields.get('type_envoie') ?? ''})`);
    const letter = form.files.get('acte_pdf_file')?.[0];
    const pieces = form.files.get('acte_attachments[]') ?? [];
    const types = form.lists.get('type_pj[]') ?? [];
    if (!letter) return text(response, "KO\nAucun fichier n'a été posté");
    if (pieces.length !== types.length || pieces.some((p) => !annexExtension(p.bytes)))
      return text(response, 'KO\nLes pièces jointes et leurs types ne correspondent pas');
    const { idActe } = found.entry;
    const code = LETTER_CODES[name];
    const files = [
      { name: `${form.fields.get('type_acte') ?? '99_AU'}-${letterFileName(idActe, code, 1, 'pdf')}`, bytes: letter.bytes },
      ...pieces.map((piece, i) => ({
        name: `${types[i]}-${letterFileName(idActe, code, i + 2, annexExtension(piece.bytes))}`,
        bytes: piece.bytes,
      })),
    ];
    const message = { name, idActe, date: found.letter.date, documents: files.map((f) => f.name) };
    const errors = await context.xsd(letterFileName(idActe, code), letterXml(message));
    if (errors.length > 0) return text(response, `KO\n${errors.join('; ')}`);
    keep(found.entry, message, files, context, found.letter.id);
    text(response, `OK\n${context.inbox.nextTransaction()}\n`);
  }

  async function cancel(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const who = account(request);
    const form = await readForm(request);
    const entry = context.inbox.byTransaction(form.fields.get('id') ?? '');
    if (!who || !entry || entry.siren !== who.siren) return text(response, 'KO\nTransaction inconnue');
    const refusing = context.refusing?.();
    if (refusing) return text(response, `KO\n${refusing}`);
    keep(entry, { name: 'Annulation', idActe: entry.idActe, date: '', documents: [] }, [], context);
    text(response, `OK\n${context.inbox.nextTransaction()}\n`);
  }

  return { list, document, download, markRead, answer, cancel };
}
