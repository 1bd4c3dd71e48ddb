/**
 * The annexes of the délibérations: files uploaded by a collectivité before the séance that lists
 * them, kept under their SHA-256 (`annexes/<SIREN>/<sha256>`: the same file uploaded twice is one
 * document), in the formats @CTES carries — PDF, PNG, JPEG, told by their first bytes, never by what
 * the client says. The agenda names them by that fingerprint; the act then goes to the préfecture
 * with them, numbered after its own document.
 */
import { createHash } from 'node:crypto';
import type { Annex } from '#events/session-events';
import type { DocumentStore } from '#ports/document-store';

/** The formats an annex may take, with their @CTES file extension. */
export const ANNEX_FORMATS = {
  'application/pdf': { extension: 'pdf', magic: [0x25, 0x50, 0x44, 0x46, 0x2d] },
  'image/png': { extension: 'png', magic: [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a] },
  'image/jpeg': { extension: 'jpg', magic: [0xff, 0xd8, 0xff] },
} as const;
export type AnnexMediaType = keyof typeof ANNEX_FORMATS;

/** The format of a file, by its first bytes; undefined when it is none of the annex formats. */
export function annexMediaType(bytes: Uint8Array): AnnexMediaType | undefined {
  return (Object.keys(ANNEX_FORMATS) as AnnexMediaType[]).find((type) =>
    ANNEX_FORMATS[type].magic.every((byte, index) => bytes[index] === byte),
  );
}

/** The @CTES extension (pdf, png, jpg) a file's first bytes call for; undefined for another format. */
export function annexExtension(bytes: Uint8Array): string | undefined {
  const type = annexMediaType(bytes);
  return type && ANNEX_FORMATS[type].extension;
}

/** The media type of an @CTES extension, for a form that sends the file. */
export const mediaTypeOfExtension = (extension: string): string =>
  (Object.keys(ANNEX_FORMATS) as AnnexMediaType[]).find((type) => ANNEX_FORMATS[type].extension === extension) ??
  'application/octet-stream';

export const annexKey = (siren: string, sha256: string) => `annexes/${siren}/${sha256}`;

export interface UploadedAnnex {
  readonly file: string;
  readonly size: number;
  readonly mediaType: AnnexMediaType;
  /** False when the same file was uploaded before. */
  readonly created: boolean;
}

export type UploadResult =
  { readonly ok: true; readonly annex: UploadedAnnex } | { readonly ok: false; readonly reason: 'empty' | 'format' };

/** Keeps an uploaded file under its fingerprint, once; refuses an empty file or a format @CTES does not carry. */
export async function uploadAnnex(siren: string, bytes: Uint8Array, documents: DocumentStore): Promise<UploadResult> {
  if (bytes.length === 0) return { ok: false, reason: 'empty' };
  const mediaType = annexMediaType(bytes);
  if (!mediaType) return { ok: false, reason: 'format' };
  const file = createHash('sha256').update(bytes).digest('hex');
  const key = annexKey(siren, file);
  const created = (await documents.head(key)) === undefined;
  if (created) await documents.put(key, bytes, mediaType);
  return { ok: true, annex: { file, size: bytes.length, mediaType, created } };
}

/** The annexes of an agenda that no upload of the collectivité holds, as their paths in the item list. */
export async function missingAnnexes(
  siren: string,
  items: readonly { readonly annexes?: readonly Annex[] }[],
  documents: Pick<DocumentStore, 'head'>,
): Promise<{ readonly field: string; readonly file: string }[]> {
  const listed = items.flatMap((item, i) =>
    (item.annexes ?? []).map((annex, j) => ({ field: `payload.items[${i}].annexes[${j}].file`, file: annex.file })),
  );
  const found = await Promise.all(listed.map((annex) => documents.head(annexKey(siren, annex.file))));
  return listed.filter((_, index) => !found[index]);
}

/** An annex read for its transmission: its place, its type, its bytes and their format. */
export interface AnnexFile extends Annex {
  readonly bytes: Uint8Array;
  readonly mediaType: AnnexMediaType;
}

/** The annexes of an item, read from the store in their order; throws when one is missing. */
export async function readAnnexes(siren: string, annexes: readonly Annex[], documents: DocumentStore): Promise<AnnexFile[]> {
  return Promise.all(
    annexes.map(async (annex) => {
      const stored = await documents.get(annexKey(siren, annex.file));
      const mediaType = stored && annexMediaType(stored.bytes);
      if (!stored || !mediaType) throw new Error(`annex ${annex.file} of the collectivité ${siren} is not in the document store`);
      return { ...annex, bytes: stored.bytes, mediaType };
    }),
  );
}
