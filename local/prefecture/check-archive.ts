/**
 * What the préfecture checks on a received @CTES archive before it acknowledges the act: the names
 * of the archive and its files, the envelope and the message against the XSD, the identifier against
 * the message, and the document itself. The anomaly natures are this simulator's own (the norm's
 * code list is not public): 001 archive or envelope unreadable, 002 XSD, 003 names and identifiers
 * disagree, 004 document missing or not a PDF, 005 NumeroInterne refused.
 */
import { ARCHIVE_NAME, DOCUMENT_NAME, ENVELOPE_NAME, isPdf, MESSAGE_NAME, readArchive, type ArchiveFile } from '#actes/actes-archive';
import { parseXml, type ActeMessage } from '#actes/actes-xml';
import { annexExtension } from '#acts/annexes';
import { NATURES } from '#domain/act-identity';
import { NUMERO_INTERNE_PATTERN } from '#events/vocabulary';
import type { XsdValidator } from './xsd.ts';

export interface ReceivedActe {
  readonly idActe: string;
  readonly siren: string;
  readonly acte: ActeMessage;
  readonly documents: readonly ArchiveFile[];
}

export type ArchiveCheck =
  | { readonly ok: true; readonly received: ReceivedActe }
  /** Refused at the envelope: nothing identifies an act to answer for. */
  | { readonly ok: false; readonly level: 'envelope'; readonly nature: string; readonly detail: string }
  /** Refused act: answered with an AnomalieActe echoing what was received. */
  | { readonly ok: false; readonly level: 'acte'; readonly nature: string; readonly detail: string; readonly received: ReceivedActe };

/** An archive holds files side by side: no folders, no way out of where they are unpacked. */
const PLAIN_NAME = /^[A-Za-z0-9_.-]+$/;

const envelopeAnomaly = (nature: string, detail: string): EnvelopeAnomaly => ({ ok: false, level: 'envelope', nature, detail });

/** An archive whose names and envelope hold: its files, the collectivité, the forms its envelope lists. */
export interface OpenedArchive {
  readonly ok: true;
  readonly files: readonly ArchiveFile[];
  readonly envelopeFile: ArchiveFile;
  readonly siren: string;
  readonly idcl: Record<string, string>;
  readonly forms: readonly string[];
}

export type EnvelopeAnomaly = Extract<ArchiveCheck, { level: 'envelope' }>;

/** The names of an archive and its files, and its envelope against the XSD: what every message of the collectivité must pass. */
export async function openArchive(archiveName: string, bytes: Uint8Array, xsd: XsdValidator): Promise<OpenedArchive | EnvelopeAnomaly> {
  const name = ARCHIVE_NAME.exec(archiveName);
  if (!name) return envelopeAnomaly('001', `archive name "${archiveName}" is not <ITC>-EACT--<SIREN>--<YYYYMMDD>-<serial>.tar.gz`);
  let files: ArchiveFile[];
  try {
    files = await readArchive(bytes);
  } catch {
    return envelopeAnomaly('001', `${archiveName} is not a gzip-compressed tar archive`);
  }
  const stray = files.find((f) => !PLAIN_NAME.test(f.name));
  if (stray) return envelopeAnomaly('001', `archive entry "${stray.name}" is not a plain file name`);
  const envelopeFile = files.find((f) => ENVELOPE_NAME.test(f.name));
  if (!envelopeFile) return envelopeAnomaly('001', 'the archive holds no envelope EACT--<SIREN>--<YYYYMMDD>-<serial>.xml');
  if (archiveName !== `${archiveName.slice(0, 3)}-${envelopeFile.name.replace(/\.xml$/, '')}.tar.gz`)
    return envelopeAnomaly('003', `archive ${archiveName} and envelope ${envelopeFile.name} do not bear the same name`);
  const envelopeErrors = await xsd(envelopeFile.name, envelopeFile.bytes);
  if (envelopeErrors.length > 0) return envelopeAnomaly('002', `envelope ${envelopeFile.name}: ${envelopeErrors.join('; ')}`);

  const envelope = parseXml(envelopeFile.bytes).EnveloppeCLMISILL as Record<string, any> | undefined;
  const idcl = envelope?.Emetteur?.IDCL as Record<string, string> | undefined;
  const siren = idcl?.['@SIREN'];
  if (!envelope || !idcl || !siren) return envelopeAnomaly('001', `${envelopeFile.name} is not an EnveloppeCLMISILL with an IDCL`);
  if (siren !== name[1]) return envelopeAnomaly('003', `the archive names SIREN ${name[1]} but the envelope's IDCL is ${siren}`);
  const forms = [envelope.FormulairesEnvoyes?.Formulaire]
    .flat()
    .map((f: { NomFichier?: string } | undefined) => f?.NomFichier)
    .filter((form): form is string => typeof form === 'string');
  return { ok: true, files, envelopeFile, siren, idcl, forms };
}

/** The checks of an act's archive, then of its act. */
export async function checkArchive(archiveName: string, bytes: Uint8Array, xsd: XsdValidator): Promise<ArchiveCheck> {
  const opened = await openArchive(archiveName, bytes, xsd);
  return opened.ok ? checkActe(opened, xsd) : opened;
}

/** What the préfecture checks of an act once its archive is open. */
export async function checkActe({ files, envelopeFile, siren, idcl, forms }: OpenedArchive, xsd: XsdValidator): Promise<ArchiveCheck> {
  const messageName = forms.find((form) => MESSAGE_NAME.test(form));
  const messageFile = files.find((f) => f.name === messageName);
  if (!messageName || !messageFile)
    return envelopeAnomaly('001', `no act message <IDActe>-1-1_0.xml listed by the envelope is in the archive`);

  const messageErrors = await xsd(messageFile.name, messageFile.bytes);
  const acte = readActe(messageFile.bytes);
  if (!acte)
    return envelopeAnomaly('002', `${messageFile.name} is not an @CTES Acte${messageErrors.length ? `: ${messageErrors.join('; ')}` : ''}`);
  const idActe = MESSAGE_NAME.exec(messageName)![1]!;
  const documents = files.filter((f) => f.name !== envelopeFile.name && f.name !== messageFile.name);
  const received: ReceivedActe = { idActe, siren, acte, documents };
  const refuse = (nature: string, detail: string): ArchiveCheck => ({ ok: false, level: 'acte', nature, detail, received });

  if (messageErrors.length > 0) return refuse('002', `${messageFile.name}: ${messageErrors.join('; ')}`);
  const [departement, idSiren, date, numero, nature] = idActe.split('-');
  const expected = NATURES[nature as keyof typeof NATURES]?.code;
  if (departement !== idcl['@Departement'] || idSiren !== siren)
    return refuse('003', `IDActe ${idActe} does not match the envelope's IDCL`);
  if (date !== acte.date.replaceAll('-', '') || numero !== acte.numeroInterne || expected !== acte.codeNature)
    return refuse('003', `IDActe ${idActe} does not match the act's Date, NumeroInterne and CodeNatureActe`);
  if (!NUMERO_INTERNE_PATTERN.test(acte.numeroInterne)) return refuse('005', `NumeroInterne "${acte.numeroInterne}" is refused`);
  const document = documents.find((f) => f.name === acte.documentFile);
  const documentName = DOCUMENT_NAME.exec(acte.documentFile);
  if (!document || !documentName || documentName[2] !== idActe || documentName[3] !== '1')
    return refuse('004', `the act's document ${acte.documentFile} is not in the archive under its @CTES name`);
  if (!isPdf(document.bytes)) return refuse('004', `${acte.documentFile} is not a PDF`);
  const annexProblem = checkAnnexes(acte, idActe, documents);
  if (annexProblem) return refuse('004', annexProblem);
  return { ok: true, received };
}

/**
 * What is wrong with the annexes the message lists, if anything: each in the archive under its
 * @CTES name — its piece type, the act's IDActe, its place from 2 on — and in the format its
 * extension says.
 */
function checkAnnexes(acte: ActeMessage, idActe: string, documents: readonly ArchiveFile[]): string | undefined {
  for (const [index, name] of (acte.annexFiles ?? []).entries()) {
    const parsed = DOCUMENT_NAME.exec(name);
    if (!parsed || parsed[2] !== idActe || parsed[3] !== String(index + 2))
      return `annex ${name} is not named <TypePJ>-${idActe}-1-1_${index + 2}.<pdf|png|jpg>`;
    const file = documents.find((f) => f.name === name);
    if (!file) return `annex ${name} is listed by the message but not in the archive`;
    if (annexExtension(file.bytes) !== parsed[4]) return `annex ${name} is not the ${parsed[4]!.toUpperCase()} its name says`;
  }
  const listed = new Set([acte.documentFile, ...(acte.annexFiles ?? [])]);
  const stray = documents.find((f) => !listed.has(f.name));
  return stray && `the archive holds ${stray.name}, which the message does not list`;
}

/** The fields of an `Acte` message, or undefined when it is not one. */
export function readActe(bytes: Uint8Array): ActeMessage | undefined {
  const acte = parseXml(bytes).Acte as Record<string, any> | undefined;
  if (!acte) return undefined;
  const matieres = [1, 2, 3, 4, 5].map((level) => acte[`CodeMatiere${level}`]?.['@CodeMatiere']).filter((code) => code !== undefined);
  const annexes = [acte.Annexes?.Annexe ?? []].flat().map((a: { NomFichier: string }) => a.NomFichier);
  return {
    date: String(acte['@Date']),
    numeroInterne: String(acte['@NumeroInterne']),
    codeNature: Number(acte['@CodeNatureActe']),
    matieres: matieres.map(Number),
    objet: String(acte.Objet ?? ''),
    classificationDate: String(acte.ClassificationDateVersion ?? ''),
    documentFile: String(acte.Document?.NomFichier ?? ''),
    annexFiles: annexes,
  };
}
