/**
 * The @CTES business messages (namespace ACTES v1.1): the `Acte` and the `EnveloppeCLMISILL` the
 * collectivité sends, the `ARActe` and `AnomalieActe` the préfecture answers. XML 1.0 in ISO-8859-1
 * as the norm requires; a character outside Latin-1 travels as a character reference (&#x152;), so a
 * title in any script reaches the préfecture intact.
 */
import { XMLParser } from 'fast-xml-parser';
import { create } from 'xmlbuilder2';

export const ACTES_NS = 'http://www.interieur.gouv.fr/ACTES#v1.1-20040216';
export const INSEE_NS = 'http://xml.insee.fr/schema';

export interface ActeMessage {
  /** Decision date, YYYY-MM-DD. */
  readonly date: string;
  readonly numeroInterne: string;
  readonly codeNature: number;
  /** Classification codes, levels 1 and 2 at least: "7.1" → [7, 1]. */
  readonly matieres: readonly number[];
  readonly objet: string;
  readonly classificationDate: string;
  readonly documentFile: string;
  readonly annexFiles?: readonly string[];
}

export interface EnvelopeMessage {
  readonly siren: string;
  readonly departement: string;
  readonly arrondissement: string;
  /** Two-digit code of the kind of collectivité, as the convention with the préfecture gives it. */
  readonly natureCollectivite: string;
  readonly returnEmails: readonly string[];
  readonly forms: readonly string[];
}

/**
 * Free text as typed: xmlbuilder2 leaves what looks like an entity reference unescaped ("&amp;" in a
 * title would reach the préfecture as "&"), so every "&" is escaped here first and kept as written.
 */
export const verbatim = (text: string) => text.replaceAll('&', '&amp;');

/** A new @CTES message: its root element in the ACTES namespace, the INSEE one declared. */
export function root(name: string) {
  return create({ version: '1.0', encoding: 'ISO-8859-1' }).ele(ACTES_NS, `actes:${name}`).att('xmlns:insee', INSEE_NS);
}

export type Element = ReturnType<typeof root>;

function donneesActe(element: Element, acte: ActeMessage): void {
  element
    .att(ACTES_NS, 'actes:Date', acte.date)
    .att(ACTES_NS, 'actes:NumeroInterne', acte.numeroInterne)
    .att(ACTES_NS, 'actes:CodeNatureActe', String(acte.codeNature));
  acte.matieres
    .slice(0, 5)
    .forEach((code, index) => element.ele(ACTES_NS, `actes:CodeMatiere${index + 1}`).att(ACTES_NS, 'actes:CodeMatiere', String(code)));
  element.ele(ACTES_NS, 'actes:Objet').txt(verbatim(acte.objet));
  element.ele(ACTES_NS, 'actes:ClassificationDateVersion').txt(acte.classificationDate);
  element.ele(ACTES_NS, 'actes:Document').ele(ACTES_NS, 'actes:NomFichier').txt(acte.documentFile);
  const annexes = element.ele(ACTES_NS, 'actes:Annexes').att(ACTES_NS, 'actes:Nombre', String(acte.annexFiles?.length ?? 0));
  for (const file of acte.annexFiles ?? []) annexes.ele(ACTES_NS, 'actes:Annexe').ele(ACTES_NS, 'actes:NomFichier').txt(file);
  element.ele(ACTES_NS, 'actes:DocumentPapier').txt('N');
}

export function acteXml(acte: ActeMessage): Buffer {
  const element = root('Acte');
  donneesActe(element, acte);
  return latin1(element.end({ prettyPrint: true }));
}

export function envelopeXml(envelope: EnvelopeMessage): Buffer {
  const element = root('EnveloppeCLMISILL');
  element
    .ele(ACTES_NS, 'actes:Emetteur')
    .ele(ACTES_NS, 'actes:IDCL')
    .att(INSEE_NS, 'insee:SIREN', envelope.siren)
    .att(ACTES_NS, 'actes:Departement', envelope.departement)
    .att(ACTES_NS, 'actes:Arrondissement', envelope.arrondissement)
    .att(ACTES_NS, 'actes:Nature', envelope.natureCollectivite);
  const addresses = element.ele(ACTES_NS, 'actes:AdressesRetour');
  for (const email of envelope.returnEmails) addresses.ele(ACTES_NS, 'actes:Email').txt(email);
  const forms = element.ele(ACTES_NS, 'actes:FormulairesEnvoyes');
  for (const form of envelope.forms) forms.ele(ACTES_NS, 'actes:Formulaire').ele(ACTES_NS, 'actes:NomFichier').txt(form);
  return latin1(element.end({ prettyPrint: true }));
}

/** The préfecture's acknowledgement, echoing the act as received. */
export function arActeXml(ar: { idActe: string; dateReception: string; acte: ActeMessage; classificationDateEnCours: string }): Buffer {
  const element = root('ARActe').att(ACTES_NS, 'actes:IDActe', ar.idActe).att(ACTES_NS, 'actes:DateReception', ar.dateReception);
  donneesActe(element.ele(ACTES_NS, 'actes:ActeRecu'), ar.acte);
  element.ele(ACTES_NS, 'actes:ClassificationDateVersionEnCours').txt(ar.classificationDateEnCours);
  return latin1(element.end({ prettyPrint: true }));
}

/** The préfecture's refusal of an act: a three-digit nature and what is wrong. */
export function anomalieActeXml(anomaly: {
  date: string;
  nature: string;
  detail: string;
  acte: ActeMessage;
  classificationDateEnCours: string;
}): Buffer {
  const element = root('AnomalieActe');
  element.ele(ACTES_NS, 'actes:Date').txt(anomaly.date);
  element.ele(ACTES_NS, 'actes:Nature').txt(anomaly.nature);
  element.ele(ACTES_NS, 'actes:Detail').txt(verbatim(anomaly.detail));
  donneesActe(element.ele(ACTES_NS, 'actes:ActeRecu'), anomaly.acte);
  element.ele(ACTES_NS, 'actes:ClassificationDateVersionEnCours').txt(anomaly.classificationDateEnCours);
  return latin1(element.end({ prettyPrint: true }));
}

/** Encodes XML text as ISO-8859-1, writing every character beyond U+00FF as a numeric character reference. */
export function latin1(xml: string): Buffer {
  return Buffer.from(
    xml.replace(/[^\u0000-\u00ff]/gu, (char) => `&#x${char.codePointAt(0)!.toString(16).toUpperCase()};`),
    'latin1',
  );
}

export type ReturnMessage =
  | { readonly kind: 'ARActe'; readonly idActe: string; readonly dateReception: string; readonly classificationDateEnCours?: string }
  | { readonly kind: 'AnomalieActe'; readonly date: string; readonly nature: string; readonly detail: string };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  removeNSPrefix: true,
  parseTagValue: false,
  parseAttributeValue: false,
  // Numeric character references (&#x152;) are how @CTES carries what Latin-1 lacks.
  htmlEntities: true,
});

/** Reads an ARActe or an AnomalieActe (ISO-8859-1 or UTF-8, as its declaration says). */
export function parseReturn(bytes: Uint8Array): ReturnMessage {
  const doc = parseXml(bytes);
  if (doc.ARActe) {
    const ar = doc.ARActe as Record<string, unknown>;
    return {
      kind: 'ARActe',
      idActe: String(ar['@IDActe']),
      dateReception: String(ar['@DateReception']),
      ...(ar.ClassificationDateVersionEnCours !== undefined && { classificationDateEnCours: String(ar.ClassificationDateVersionEnCours) }),
    };
  }
  if (doc.AnomalieActe) {
    const anomaly = doc.AnomalieActe as Record<string, unknown>;
    return { kind: 'AnomalieActe', date: String(anomaly.Date), nature: String(anomaly.Nature), detail: String(anomaly.Detail ?? '') };
  }
  throw new Error(
    `not an @CTES return message: ${
      Object.keys(doc)
        .filter((k) => !k.startsWith('?'))
        .join(', ') || 'empty'
    }`,
  );
}

/** Parses @CTES XML bytes into plain objects (namespace prefixes dropped, attributes as "@Name"). */
export function parseXml(bytes: Uint8Array): Record<string, unknown> {
  const head = Buffer.from(bytes.subarray(0, 100)).toString('latin1');
  const encoding = /encoding=["']([^"']+)["']/i.exec(head)?.[1]?.toLowerCase() ?? 'utf-8';
  const text = new TextDecoder(encoding === 'iso-8859-1' || encoding === 'latin1' ? 'latin1' : encoding).decode(bytes);
  return parser.parse(text) as Record<string, unknown>;
}
