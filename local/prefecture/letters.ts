/**
 * The préfecture agent's side of the dialogue: a letter written about an act received — a courrier
 * simple, a demande de pièces complémentaires, a lettre d'observations, the information of a déféré —
 * as the préfecture sends it: the letter as a PDF, its @CTES message, the préfecture's envelope, in
 * an archive named after the préfecture (`pre-EACT--PREF035-<SIREN>-<YYYYMMDD>-<n>.tar.gz`). And
 * what it makes of what the collectivité sends back: the acknowledgement it gives at once, if any.
 */
import { tarGz } from '#actes/actes-archive';
import { LETTER_CODES, letterFileName, letterXml, prefectureEnvelopeXml, type LetterMessageName } from '#actes/letter-messages';
import { frenchDate, parisDate } from '#extract/french';
import { renderPdf } from '#extract/render-pdf';
import type { LetterKind } from '#ports/letters';
import type { Inbox, InboxEntry, SentLetter } from './inbox.ts';
import type { XsdValidator } from './xsd.ts';

/** The message each letter is, and its title as the préfecture writes it. */
export const LETTERS: Readonly<
  Record<LetterKind, { readonly message: LetterMessageName; readonly title: string; readonly detail: string }>
> = {
  courrier: { message: 'CourrierSimple', title: 'Courrier simple', detail: 'Objet du courrier' },
  pieces: { message: 'DemandePieceComplementaire', title: 'Demande de pièces complémentaires', detail: 'Pièces demandées' },
  observations: { message: 'LettreObservations', title: "Lettre d'observations", detail: 'Motif des observations' },
  defere: { message: 'DefereTA', title: 'Déféré au tribunal administratif', detail: "Nature de l'illégalité" },
};

export interface LetterContext {
  readonly inbox: Inbox;
  readonly xsd: XsdValidator;
  readonly now: () => Date;
}

/** Writes a letter about an act of the inbox and keeps it, unread, for the collectivité's side to take. */
export async function writeLetter(entry: InboxEntry, kind: LetterKind, detail: string, context: LetterContext): Promise<SentLetter> {
  const at = context.now();
  const date = parisDate(at);
  const id = context.inbox.nextTransaction();
  const { message, title } = LETTERS[kind];
  const code = LETTER_CODES[message];
  const document = letterFileName(entry.idActe, code, 1, 'pdf');
  const pdf = await renderPdf(
    {
      title: `${title} — ${entry.idActe}`,
      actesId: entry.idActe,
      date,
      blocks: [
        { style: 'header', text: `Préfecture du ${entry.idActe.slice(0, 3)} — contrôle de légalité` },
        { style: 'heading', text: title },
        { style: 'label', text: `Acte ${entry.idActe}, reçu le ${frenchDate(entry.dateReception)}` },
        { style: 'title', text: entry.acte.objet },
        { style: 'body', text: detail },
        { style: 'signature', text: `Le ${frenchDate(date)}, pour le préfet` },
      ],
    },
    'Préfecture',
  );
  const xml = letterXml({ name: message, idActe: entry.idActe, date, detail, documents: [document] });
  const messageName = letterFileName(entry.idActe, code);
  const errors = await context.xsd(messageName, xml);
  if (errors.length > 0) throw new Error(`the simulator's own ${messageName} breaks the @CTES XSD: ${errors.join('; ')}`);
  const envelopeName = `EACT--PREF${entry.idActe.slice(0, 3)}-${entry.siren}-${date.replaceAll('-', '')}-${id}.xml`;
  const envelope = prefectureEnvelopeXml({ departement: entry.idActe.slice(0, 3), siren: entry.siren, forms: [messageName] });
  const archiveName = `pre-${envelopeName.replace(/\.xml$/, '')}.tar.gz`;
  const files = [
    { name: envelopeName, bytes: envelope },
    { name: messageName, bytes: xml },
    { name: document, bytes: pdf },
  ];
  const archive = await tarGz(files, at);
  const letter: SentLetter = { id, archiveName, kind, date, detail, createdAt: at.toISOString(), documents: [document] };
  context.inbox.addLetter(entry.idActe, letter, [
    { name: archiveName, bytes: archive },
    { name: document, bytes: pdf },
  ]);
  return letter;
}

/** The préfecture's acknowledgement of what came back, when the protocol has one: 3-5, 4-5, 6-2. */
export function acknowledgementOf(name: LetterMessageName, idActe: string, letterDate: string, on: string): Buffer | undefined {
  if (name === 'PieceComplementaire' || name === 'RefusPieceComplementaire')
    return letterXml({ name: 'ARPieceComplementaire', idActe, date: on, letterDate, documents: [] });
  if (name === 'ReponseLettreObservations' || name === 'RejetLettreObservations')
    return letterXml({ name: 'ARReponseRejetLettreObservations', idActe, date: on, letterDate, documents: [] });
  if (name === 'Annulation') return letterXml({ name: 'ARAnnulation', idActe, date: on, documents: [] });
  return undefined;
}
