/**
 * The préfecture agent's side of the simulator, in French: the page of an act received (its
 * documents and annexes, the dialogue that followed), and the letters written from it — a courrier
 * simple, a demande de pièces complémentaires, a lettre d'observations, a déféré. The form posts
 * `kind` and `detail` (form-encoded from the page, or JSON: then answered 201 with the letter).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import * as z from 'zod';
import { LETTER_KINDS } from '#ports/letters';
import { actPage } from './act-page.ts';
import type { DialogueContext } from './dialogue.ts';
import { writeLetter } from './letters.ts';
import { requestBody } from './request-body.ts';

const LetterRequest = z.strictObject({
  kind: z.enum(LETTER_KINDS, { error: `must be one of ${LETTER_KINDS.join(', ')}` }),
  detail: z.string().trim().min(1, 'must say what the letter is about').max(2000, 'must be at most 2000 characters'),
});

/** Serves the agent's routes; false when the request is none of them. */
export function agentRoutes(context: DialogueContext) {
  return async (method: string, path: string, request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const act = /^\/actes\/([^/]+)(\/courriers)?$/.exec(path);
    if (!act) return false;
    const idActe = decodeURIComponent(act[1]!);
    const entry = context.inbox.get(idActe);
    if (method === 'GET' && !act[2]) {
      if (!entry) return reply(response, 404, 'text/html; charset=utf-8', actPage(undefined, idActe));
      return reply(response, 200, 'text/html; charset=utf-8', actPage(entry, idActe));
    }
    if (method !== 'POST' || !act[2]) return false;
    if (!entry) return json(response, 404, { error: 'not_found', detail: `no act ${idActe} was received` });
    const isJson = /json/.test(request.headers['content-type'] ?? '');
    const text = (await requestBody(request)).toString('utf8');
    const parsed = LetterRequest.safeParse(isJson ? safeJson(text) : Object.fromEntries(new URLSearchParams(text)));
    if (!parsed.success)
      return json(response, 400, {
        error: 'invalid_letter',
        violations: parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', message: issue.message })),
      });
    const letter = await writeLetter(entry, parsed.data.kind, parsed.data.detail, context);
    if (isJson) return json(response, 201, letter);
    response.writeHead(303, { location: `/actes/${encodeURIComponent(idActe)}#dialogue` });
    response.end();
    return true;
  };
}

const safeJson = (text: string): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
};

function reply(response: ServerResponse, status: number, type: string, content: string): true {
  response.writeHead(status, { 'content-type': type });
  response.end(content);
  return true;
}

const json = (response: ServerResponse, status: number, value: unknown) =>
  reply(response, status, 'application/json; charset=utf-8', JSON.stringify(value));
