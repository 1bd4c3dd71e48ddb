/**
 * The annexes of a collectivité's délibérations: `POST /assemblies/{siren}/annexes` takes a file as
 * the request body (PDF, PNG or JPEG, told by its bytes) and names it by its SHA-256, which the
 * agenda then lists (`items[].annexes[].file`); `GET /assemblies/{siren}/annexes/{file}` hands it out
 * by a short-lived link. A file goes through the API, so it is at most what a request carries.
 */
import { ANNEX_FORMATS, annexKey, uploadAnnex } from '#acts/annexes';
import type { DocumentStore } from '#ports/document-store';
import { linkAnswer } from './document-links.ts';
import { HttpError, json } from './http.ts';
import { MAX_BODY_BYTES, type authorizer, type Params } from './requests.ts';

export interface AnnexDeps {
  readonly documents: DocumentStore;
}

type AnnexParams = Params & { siren: string; file: string };

export function annexRoutes(deps: AnnexDeps, authorized: ReturnType<typeof authorizer>) {
  return [
    {
      method: 'POST' as const,
      path: '/assemblies/{siren}/annexes',
      handler: authorized<Params & { siren: string }>(async (event, principal, { siren }) => {
        if (principal.role !== 'secretariat')
          throw new HttpError(403, 'forbidden', `the ${principal.role} role does not upload annexes; the secretariat does`);
        const bytes = event.body ? Buffer.from(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : Buffer.alloc(0);
        if (bytes.length > MAX_BODY_BYTES)
          throw new HttpError(413, 'payload_too_large', `the file is ${bytes.length} bytes; an annex is at most ${MAX_BODY_BYTES} bytes`);
        const uploaded = await uploadAnnex(siren, bytes, deps.documents);
        if (!uploaded.ok && uploaded.reason === 'empty')
          throw new HttpError(400, 'empty_file', 'the body must be the annex file: it is empty');
        if (!uploaded.ok)
          throw new HttpError(
            415,
            'unsupported_media_type',
            `an annex must be a PDF, PNG or JPEG file, as @CTES carries them: the body is none of them (${Object.keys(ANNEX_FORMATS).join(', ')})`,
          );
        const { created, ...annex } = uploaded.annex;
        return json(created ? 201 : 200, annex);
      }),
    },
    {
      method: 'GET' as const,
      path: '/assemblies/{siren}/annexes/{file}',
      handler: authorized<AnnexParams>(async (event, _, { siren, file }) => {
        const key = annexKey(siren, file);
        const stored = await deps.documents.head(key);
        if (!stored) throw new HttpError(404, 'not_found', `no annex ${file} was uploaded for the collectivité ${siren}`);
        const extension = ANNEX_FORMATS[stored.contentType as keyof typeof ANNEX_FORMATS]?.extension ?? 'bin';
        return linkAnswer(event, deps.documents, key, {
          filename: `annexe-${file.slice(0, 12)}.${extension}`,
          contentType: stored.contentType,
          download: event.queryStringParameters?.download === 'true',
        });
      }),
    },
  ];
}
