/**
 * The dialogue with the préfecture about an act, from the secretariat's side: the documents of the
 * préfecture's letters, the answer to a letter (the collectivité's letter and its pieces, uploaded
 * first as files of the collectivité: `POST /assemblies/{siren}/annexes`), and the cancellation of a
 * transmission. An answer or a cancellation is recorded, then sent by transmit-act, the one function
 * that speaks to the préfecture: 202 while it goes.
 */
import * as z from 'zod';
import { annexKey } from '#acts/annexes';
import type { SessionState } from '#domain/session';
import type { CancellationRequest, LetterAnswerRequest } from '#messages/transmission-request';
import type { ActStore } from '#ports/act-store';
import type { DocumentStore } from '#ports/document-store';
import { EXPECTED, type LetterRecord } from '#ports/letters';
import type { MessageQueue } from '#ports/message-queue';
import type { Principal } from '#runtime/access-tokens';
import { linkAnswer } from './document-links.ts';
import { HttpError, json } from './http.ts';
import { parseBody, type authorizer, type ItemParams } from './requests.ts';

export interface DialogueApiDeps {
  readonly acts: ActStore;
  readonly documents: DocumentStore;
  /** The transmissions queue, where transmit-act takes the answers and cancellations. */
  readonly dialogue: MessageQueue;
}

type LetterParams = ItemParams & { letterId: string };

const AnswerRequest = z.strictObject({
  kind: z.enum(['reponse', 'refus'], {
    error: 'must be "reponse" (the answer, with its pieces) or "refus" (a refusal giving its reasons)',
  }),
  files: z
    .array(
      z.strictObject({
        file: z.string().regex(/^[0-9a-f]{64}$/, 'must be the SHA-256 of an uploaded file: 64 lowercase hexadecimal digits'),
        type: z.string().regex(/^\d{2}_[A-Z]{2}$/, 'must be an @CTES piece type (TypePJ) such as "99_AU"'),
      }),
    )
    .min(1, "must hold the collectivité's letter (a PDF), then the pieces if any")
    .max(50, 'must hold at most 50 files'),
});

export function dialogueRoutes(
  deps: DialogueApiDeps,
  authorized: ReturnType<typeof authorizer>,
  itemOf: (params: ItemParams) => Promise<SessionState['items'][number]>,
) {
  const secretariat = (principal: Principal, what: string) => {
    if (principal.role !== 'secretariat')
      throw new HttpError(403, 'forbidden', `the ${principal.role} role does not ${what}; the secretariat does`);
  };
  const letterOf = async (params: LetterParams): Promise<LetterRecord> => {
    const item = await itemOf(params);
    const letter = await deps.acts.getLetter(item.actesId, params.letterId);
    if (!letter)
      throw new HttpError(404, 'not_found', `the préfecture sent no letter ${params.letterId} about délibération ${item.number}`);
    return letter;
  };
  const ITEM = '/assemblies/{siren}/sessions/{sessionId}/items/{number}';

  return [
    {
      method: 'GET' as const,
      path: `${ITEM}/letters/{letterId}/documents/{name}`,
      handler: authorized<LetterParams & { name: string }>(async (event, _, params) => {
        const letter = await letterOf(params);
        const document = letter.documents.find((d) => d.name === params.name);
        if (!document) throw new HttpError(404, 'not_found', `letter ${letter.id} has no document ${params.name}`);
        return linkAnswer(event, deps.documents, document.key, {
          filename: document.name,
          contentType: 'application/pdf',
          download: event.queryStringParameters?.download === 'true',
        });
      }),
    },
    {
      method: 'POST' as const,
      path: `${ITEM}/letters/{letterId}/answer`,
      handler: authorized<LetterParams>(async (event, principal, params) => {
        secretariat(principal, 'answer the préfecture');
        const letter = await letterOf(params);
        const parsed = AnswerRequest.safeParse(parseBody(event, '{"kind": "reponse"|"refus", "files": [{"file", "type"}]}'));
        if (!parsed.success)
          throw new HttpError(400, 'invalid_body', 'the answer breaks its schema', {
            violations: parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', message: issue.message })),
          });
        const { kind, files } = parsed.data;
        if (!EXPECTED[letter.kind].answers.includes(kind))
          throw new HttpError(
            409,
            'not_expected',
            `a ${letter.kind} letter takes no "${kind}" answer (it takes: ${EXPECTED[letter.kind].answers.join(', ') || 'none'})`,
          );
        // Only the answer to a demande de pièces carries pieces (@CTES PieceComplementaire); any other is one letter.
        if (files.length > 1 && !(letter.kind === 'pieces' && kind === 'reponse'))
          throw new HttpError(
            422,
            'rule_violation',
            'this answer is one letter: only the pieces sent for a demande de pièces complémentaires go with it',
            {
              field: 'files',
            },
          );
        await checkFiles(params.siren, files, deps.documents);
        const requestedAt = new Date().toISOString();
        const recorded = await deps.acts.requestAnswer(letter.actesId, letter.id, { kind, files, requestedAt });
        // The same answer asked for again while it is not sent (its message lost) goes again; any other is refused.
        const kept = recorded ? undefined : (await deps.acts.getLetter(letter.actesId, letter.id))?.answer;
        if (kept && (kept.sentAt || kept.refused || kept.kind !== kind || JSON.stringify(kept.files) !== JSON.stringify(files)))
          throw new HttpError(409, 'already_answered', `letter ${letter.id} has an answer already`);
        const request: LetterAnswerRequest = { type: 'LetterAnswerRequested', version: 1, actesId: letter.actesId, letterId: letter.id };
        await deps.dialogue.send([{ body: JSON.stringify(request) }]);
        return json(202, { actesId: letter.actesId, letterId: letter.id, status: 'requested' });
      }),
    },
    {
      method: 'POST' as const,
      path: `${ITEM}/cancellation`,
      handler: authorized<ItemParams>(async (_, principal, params) => {
        secretariat(principal, 'cancel transmissions');
        const item = await itemOf(params);
        const transmission = await deps.acts.getTransmission(item.actesId);
        if (transmission?.status === 'cancelled')
          return json(200, { actesId: item.actesId, status: 'cancelled', cancelledAt: transmission.cancelledAt });
        // The @CTES Annulation withdraws an act the préfecture acknowledged (S²LOW refuses any other).
        if (transmission?.status !== 'acknowledged')
          throw new HttpError(
            409,
            'not_transmitted',
            `délibération ${item.number} is ${transmission?.status ?? 'not transmitted'}: only a transmission the préfecture acknowledged can be cancelled`,
          );
        const requestedAt = new Date().toISOString();
        // Asked for the first time, or again after the préfecture side refused it.
        if (
          (!transmission.cancellation?.requestedAt || transmission.cancellation.refused) &&
          !(await deps.acts.updateTransmission(item.actesId, ['acknowledged'], {
            cancellation: { detail: 'annulée à la demande de la collectivité', requestedAt },
          }))
        )
          throw new HttpError(409, 'conflict', `the transmission of délibération ${item.number} changed meanwhile: ask again`);
        const request: CancellationRequest = { type: 'CancellationRequested', version: 1, actesId: item.actesId };
        await deps.dialogue.send([{ body: JSON.stringify(request) }]);
        return json(202, { actesId: item.actesId, status: 'requested' });
      }),
    },
  ];
}

/** Every file of an answer uploaded by the collectivité; its letter a PDF (the @CTES Document). */
async function checkFiles(siren: string, files: readonly { file: string; type: string }[], documents: DocumentStore): Promise<void> {
  for (const [index, { file }] of files.entries()) {
    const stored = await documents.head(annexKey(siren, file));
    if (!stored)
      throw new HttpError(422, 'rule_violation', `no file ${file} was uploaded for the collectivité ${siren}`, {
        field: `files[${index}].file`,
      });
    if (index === 0 && stored.contentType !== 'application/pdf')
      throw new HttpError(422, 'rule_violation', "the collectivité's letter must be a PDF", { field: 'files[0].file' });
  }
}
