/**
 * The @CTES transmission archive: the envelope, the `Acte` message and its documents, in a .tar.gz
 * named as the norm and S²LOW name them:
 *   archive  `<ITC>-EACT--<SIREN>--<YYYYMMDD>-<serial>.tar.gz`
 *   envelope `EACT--<SIREN>--<YYYYMMDD>-<serial>.xml`
 *   message  `<IDActe>-1-1_0.xml`, act `99_DE-<IDActe>-1-1_1.pdf`, annexes `<TypePJ>-<IDActe>-1-1_2.pdf`, `…_3`…
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { extract, pack } from 'tar-stream';
import { NATURES } from '#domain/act-identity';
import type { NatureAbbreviation } from '#events/vocabulary';
import { acteXml, envelopeXml, type ActeMessage, type EnvelopeMessage } from './actes-xml.ts';

/** Message code of an act transmission (transaction 1, flux 1). */
const TRANSMISSION = '1-1';

/** S²LOW's default mapping from the nature of an act to the typology of its main document. */
const MAIN_TYPOLOGY: Record<NatureAbbreviation, string> = { DE: '99_DE', AR: '99_AR', AI: '99_AI', CC: '99_DC', BF: '99_BU', AU: '99_AU' };

export const messageFileName = (actesId: string) => `${actesId}-${TRANSMISSION}_0.xml`;
/** The piece type of an act's own document, after its nature. */
export const mainTypology = (nature: NatureAbbreviation) => MAIN_TYPOLOGY[nature];
/** A document of the transmission: the act is 1, its annexes 2, 3… in their order, each prefixed with its piece type. */
export const documentFileName = (actesId: string, typology: string, index = 1, extension = 'pdf') =>
  `${typology}-${actesId}-${TRANSMISSION}_${index}.${extension}`;
export const envelopeFileName = (siren: string, sentOn: string, serial: number) =>
  `EACT--${siren}--${sentOn.replaceAll('-', '')}-${serial}.xml`;
export const archiveFileName = (operator: string, envelope: string) => `${operator}-${envelope.replace(/\.xml$/, '')}.tar.gz`;

export const ARCHIVE_NAME = /^[a-zA-Z]{3}-EACT--(\d{9})--(\d{8})-(\d+)\.tar\.gz$/;
export const ENVELOPE_NAME = /^EACT--(\d{9})--(\d{8})-(\d+)\.xml$/;
export const MESSAGE_NAME = /^([09]\d[0-9AB]-\d{9}-\d{8}-[A-Za-z0-9_]{1,15}-[A-Z]{2})-1-1_0\.xml$/;
export const DOCUMENT_NAME = /^(\d{2}_[A-Z]{2})-([09]\d[0-9AB]-\d{9}-\d{8}-[A-Za-z0-9_]{1,15}-[A-Z]{2})-1-1_(\d+)\.(pdf|png|jpg)$/;

/** Whether bytes are a PDF document (its header), the only format an act's document may take here. */
export const isPdf = (bytes: Uint8Array) => Buffer.from(bytes.subarray(0, 5)).toString('latin1') === '%PDF-';

/** An annex as the archive carries it: its piece type, its bytes and their file extension. */
export interface ArchiveAnnex {
  readonly type: string;
  readonly extension: string;
  readonly bytes: Uint8Array;
}

export interface ArchiveInput {
  readonly actesId: string;
  readonly nature: NatureAbbreviation;
  readonly acte: Omit<ActeMessage, 'documentFile' | 'codeNature' | 'annexFiles'>;
  readonly envelope: Omit<EnvelopeMessage, 'forms'>;
  readonly pdf: Uint8Array;
  readonly annexes?: readonly ArchiveAnnex[];
  /** The sending date, YYYY-MM-DD, and the collectivité's envelope counter. */
  readonly sentOn: string;
  readonly serial: number;
  /** Three-letter code of the transmission operator. */
  readonly operator: string;
}

export interface ArchiveFile {
  readonly name: string;
  readonly bytes: Buffer;
}

export async function buildArchive(input: ArchiveInput): Promise<ArchiveFile> {
  const message = messageFileName(input.actesId);
  const document = documentFileName(input.actesId, mainTypology(input.nature));
  const annexes = (input.annexes ?? []).map((annex, index) => ({
    name: documentFileName(input.actesId, annex.type, index + 2, annex.extension),
    bytes: Buffer.from(annex.bytes),
  }));
  const acte = { ...input.acte, codeNature: NATURES[input.nature].code, documentFile: document, annexFiles: annexes.map((a) => a.name) };
  return buildMessageArchive({
    ...input,
    message: { name: message, bytes: acteXml(acte) },
    files: [{ name: document, bytes: Buffer.from(input.pdf) }, ...annexes],
  });
}

/** What any message of the collectivité travels in: its envelope, the message and its files. */
export interface MessageArchiveInput {
  readonly envelope: Omit<EnvelopeMessage, 'forms'>;
  readonly message: ArchiveFile;
  readonly files: readonly ArchiveFile[];
  readonly sentOn: string;
  readonly serial: number;
  readonly operator: string;
}

/** The archive of a message of the collectivité (an act, an answer to a letter, a cancellation). */
export async function buildMessageArchive(input: MessageArchiveInput): Promise<ArchiveFile> {
  const envelope = envelopeFileName(input.envelope.siren, input.sentOn, input.serial);
  const entries = [
    { name: envelope, bytes: envelopeXml({ ...input.envelope, forms: [input.message.name] }) },
    input.message,
    ...input.files.map((file) => ({ name: file.name, bytes: Buffer.from(file.bytes) })),
  ];
  return { name: archiveFileName(input.operator, envelope), bytes: await tarGz(entries, new Date(`${input.sentOn}T12:00:00Z`)) };
}

/** A .tar.gz of these files, in this order, each dated `mtime`. */
export async function tarGz(entries: readonly ArchiveFile[], mtime: Date): Promise<Buffer> {
  const archive = pack();
  for (const entry of entries) archive.entry({ name: entry.name, size: entry.bytes.length, mtime, mode: 0o644 }, entry.bytes);
  archive.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(chunk as Buffer);
  return gzipSync(Buffer.concat(chunks), { level: 9 });
}

/** The files of a .tar.gz, in archive order; throws on bytes that are not one. */
export async function readArchive(bytes: Uint8Array): Promise<ArchiveFile[]> {
  const reader = extract();
  const files: ArchiveFile[] = [];
  const done = (async () => {
    for await (const entry of reader) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      if (entry.header.type === 'file') files.push({ name: entry.header.name, bytes: Buffer.concat(chunks) });
    }
  })();
  reader.end(gunzipSync(bytes));
  await done;
  return files;
}
