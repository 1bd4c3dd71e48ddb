/**
 * The @CTES messages of the dialogue that follows a transmission: the préfecture's letters (courrier
 * simple 2-1, demande de pièces complémentaires 3-1, lettre d'observations 4-1, déféré 5-1), the
 * collectivité's answers and acknowledgements (2-2, 3-2, 3-3, 3-4, 4-2, 4-3, 4-4), the préfecture's
 * acknowledgements of them (3-5, 4-5), and the cancellation of a transmission (6-1, answered 6-2).
 * One shape for all of them, written and read here, so that both sides of the simulator and Registre
 * speak the same XSD-valid XML.
 */
import { ACTES_NS, INSEE_NS, latin1, parseXml, root, verbatim } from './actes-xml.ts';

/** Each message and its code (transaction-flux), as file names carry it. */
export const LETTER_CODES = {
  CourrierSimple: '2-1',
  ReponseCourrierSimple: '2-2',
  DemandePieceComplementaire: '3-1',
  ARDemandePieceComplementaire: '3-2',
  RefusPieceComplementaire: '3-3',
  PieceComplementaire: '3-4',
  ARPieceComplementaire: '3-5',
  LettreObservations: '4-1',
  ARLettreObservations: '4-2',
  RejetLettreObservations: '4-3',
  ReponseLettreObservations: '4-4',
  ARReponseRejetLettreObservations: '4-5',
  DefereTA: '5-1',
  Annulation: '6-1',
  ARAnnulation: '6-2',
} as const;
export type LetterMessageName = keyof typeof LETTER_CODES;
export type LetterCode = (typeof LETTER_CODES)[LetterMessageName];

export const letterNameOf = (code: string): LetterMessageName | undefined =>
  (Object.keys(LETTER_CODES) as LetterMessageName[]).find((name) => LETTER_CODES[name] === code);

export interface LetterMessage {
  readonly name: LetterMessageName;
  readonly idActe: string;
  /**
   * The date the message bears: DateCourrierPref of the préfecture's letter (which the answers
   * repeat), DateDepot of a déféré, DateReception of an acknowledgement.
   */
  readonly date: string;
  /** For the acknowledgements of an answer (3-5, 4-5): the DateCourrierPref of the letter answered. */
  readonly letterDate?: string;
  /** DescriptionPieces (3-1), Motif (4-1), NatureIllegalite (5-1). */
  readonly detail?: string;
  /** The files that go with it, by name. */
  readonly documents: readonly string[];
}

/** Messages that carry one document, a detail before it, several documents, or a déféré's pieces. */
const ONE_DOCUMENT = new Set<LetterMessageName>([
  'CourrierSimple',
  'ReponseCourrierSimple',
  'RefusPieceComplementaire',
  'RejetLettreObservations',
  'ReponseLettreObservations',
]);
const DETAIL: Partial<Record<LetterMessageName, string>> = { DemandePieceComplementaire: 'DescriptionPieces', LettreObservations: 'Motif' };
const ACKNOWLEDGEMENTS_OF_ANSWERS = new Set<LetterMessageName>(['ARPieceComplementaire', 'ARReponseRejetLettreObservations']);

export function letterXml(message: LetterMessage): Buffer {
  const element = root(message.name);
  const idActe = (e: typeof element) => e.att(ACTES_NS, 'actes:IDActe', message.idActe);
  const file = (parent: typeof element, tag: string, name: string) => parent.ele(ACTES_NS, tag).ele(ACTES_NS, 'actes:NomFichier').txt(name);
  if (message.name === 'Annulation') idActe(element);
  else if (message.name === 'ARAnnulation') idActe(element).att(ACTES_NS, 'actes:DateReception', message.date);
  else if (message.name === 'DefereTA') {
    idActe(element);
    element.ele(ACTES_NS, 'actes:DateDepot').txt(message.date);
    element.ele(ACTES_NS, 'actes:NatureIllegalite').txt(verbatim(message.detail ?? ''));
    const pieces = element.ele(ACTES_NS, 'actes:PiecesJointes');
    for (const name of message.documents) file(pieces, 'actes:PieceJointe', name);
  } else if (ACKNOWLEDGEMENTS_OF_ANSWERS.has(message.name)) {
    element.att(ACTES_NS, 'actes:DateReception', message.date);
    idActe(element.ele(ACTES_NS, 'actes:InfosCourrierPref')).att(ACTES_NS, 'actes:DateCourrierPref', message.letterDate ?? message.date);
  } else {
    idActe(element).att(ACTES_NS, 'actes:DateCourrierPref', message.date);
    const detail = DETAIL[message.name];
    if (detail) element.ele(ACTES_NS, `actes:${detail}`).txt(verbatim(message.detail ?? ''));
    if (ONE_DOCUMENT.has(message.name) || detail) file(element, 'actes:Document', message.documents[0] ?? '');
    if (message.name === 'PieceComplementaire') {
      const documents = element.ele(ACTES_NS, 'actes:Documents');
      for (const name of message.documents) file(documents, 'actes:Document', name);
    }
  }
  return latin1(element.end({ prettyPrint: true }));
}

/** Reads one of these messages; throws on any other XML. */
export function parseLetter(bytes: Uint8Array): LetterMessage {
  const doc = parseXml(bytes);
  const name = (Object.keys(LETTER_CODES) as LetterMessageName[]).find((n) => doc[n] !== undefined);
  if (!name)
    throw new Error(
      `not an @CTES letter message: ${
        Object.keys(doc)
          .filter((k) => !k.startsWith('?'))
          .join(', ') || 'empty'
      }`,
    );
  const message = doc[name] as Record<string, any>;
  const names = (value: unknown) => [value ?? []].flat().map((f) => String((f as { NomFichier?: unknown }).NomFichier ?? ''));
  const infos = message.InfosCourrierPref as Record<string, string> | undefined;
  const detail = message.DescriptionPieces ?? message.Motif ?? message.NatureIllegalite;
  return {
    name,
    idActe: String(message['@IDActe'] ?? infos?.['@IDActe'] ?? ''),
    date: String(message['@DateCourrierPref'] ?? message.DateDepot ?? message['@DateReception'] ?? ''),
    ...(infos && { letterDate: String(infos['@DateCourrierPref']) }),
    ...(detail !== undefined && { detail: String(detail) }),
    documents: [...names(message.Document), ...names(message.Documents?.Document), ...names(message.PiecesJointes?.PieceJointe)],
  };
}

/** The file name of a message of an act's dialogue: `<IDActe>-3-1_0.xml`; its documents `…_1.pdf`, `…_2.pdf`. */
export const letterFileName = (idActe: string, code: string, index = 0, extension = 'xml') => `${idActe}-${code}_${index}.${extension}`;

/** `<IDActe>-<T>-<F>_<n>.<ext>`, optionally prefixed by a piece type: the IDActe, the code, the place. */
export const LETTER_FILE_NAME =
  /^(?:\d{2}_[A-Z]{2}-)?([09]\d[0-9AB]-\d{9}-\d{8}-[A-Za-z0-9_]{1,15}-[A-Z]{2})-(\d-\d)_(\d+)\.(xml|pdf|png|jpg)$/;

/** The envelope of what the préfecture sends a collectivité (EnveloppeMISILLCL), from its préfecture. */
export function prefectureEnvelopeXml(envelope: { departement: string; siren: string; forms: readonly string[] }): Buffer {
  const element = root('EnveloppeMISILLCL');
  element.ele(ACTES_NS, 'actes:Emetteur').ele(ACTES_NS, 'actes:IDPref').att(ACTES_NS, 'actes:Departement', envelope.departement);
  const forms = element.ele(ACTES_NS, 'actes:FormulairesEnvoyes');
  for (const form of envelope.forms) forms.ele(ACTES_NS, 'actes:Formulaire').ele(ACTES_NS, 'actes:NomFichier').txt(form);
  element.ele(ACTES_NS, 'actes:Destinataire').att(INSEE_NS, 'insee:SIREN', envelope.siren);
  return latin1(element.end({ prettyPrint: true }));
}
