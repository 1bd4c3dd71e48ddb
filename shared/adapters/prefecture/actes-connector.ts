/**
 * The @CTES archive pushed over HTTP to a collection endpoint (the préfecture simulator implements
 * it): `POST {endpoint}/actes` with the .tar.gz, answered at once with the ARActe or AnomalieActe
 * (200), later (202: then `GET {endpoint}/actes/{IDActe}/retour`), or refused at the envelope (400
 * `anomalie_enveloppe`). Anything else — unreachable, 5xx, an unexpected answer — is an error the
 * queue retries, never a refusal. The dialogue that follows goes the same way: the collectivité's
 * answers and cancellations are archives posted to `/actes` too (answered 200 with the préfecture's
 * acknowledgement, or 202), and the préfecture's letters are archives listed at `GET /courriers`,
 * read at `GET /courriers/{id}`, and marked read with `POST /courriers/{id}/lu`.
 */
import { parseClassificationAnswer } from '#actes/classification-xml';
import { letterOrUnreadable } from '#actes/letter-archive';
import { parseLetter } from '#actes/letter-messages';
import { parseReturn } from '#actes/actes-xml';
import { PrefectureUnavailableError, replyOf, type PrefectureConnector } from '#ports/prefecture';

export function actesConnector(endpoint: string, timeoutMs = 20_000): PrefectureConnector {
  const base = endpoint.replace(/\/$/, '');
  const request = async (path: string, init: RequestInit = {}) => {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new PrefectureUnavailableError(`${base}${path} unreachable: ${error instanceof Error ? error.message : String(error)}`);
    }
    return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
  };
  /** Posts an archive to the collection endpoint. */
  const post = (archive: { name: string; bytes: Uint8Array }) =>
    request('/actes', {
      method: 'POST',
      headers: { 'content-type': 'application/gzip', 'content-disposition': `attachment; filename="${archive.name}"` },
      body: archive.bytes,
    });
  const unexpected = (path: string, answer: { status: number; body: Buffer }) =>
    new PrefectureUnavailableError(`${base}${path} answered ${answer.status}: ${answer.body.toString('utf8').slice(0, 200)}`);

  return {
    name: 'actes',
    sendsArchive: true,
    classificationFromCopy: false,
    async submit(submission) {
      if (!submission.archive) throw new Error(`the actes connector sends the @CTES archive, and ${submission.actesId} has none`);
      const answer = await post(submission.archive);
      if (answer.status === 200) return { status: 'submitted', reference: submission.actesId, reply: replyOf(parseReturn(answer.body)) };
      if (answer.status === 202) return { status: 'submitted', reference: submission.actesId };
      const refusal = envelopeAnomaly(answer);
      if (refusal) return { status: 'refused', nature: refusal.nature, detail: refusal.detail };
      throw unexpected('/actes', answer);
    },
    async poll(reference) {
      const path = `/actes/${encodeURIComponent(reference)}/retour`;
      const answer = await request(path);
      if (answer.status === 200) return replyOf(parseReturn(answer.body));
      if (answer.status === 202) return undefined;
      throw unexpected(path, answer);
    },
    async lookup(actesId) {
      const path = `/actes/${encodeURIComponent(actesId)}/retour`;
      const answer = await request(path);
      if (answer.status === 200) return { status: 'submitted', reference: actesId, reply: replyOf(parseReturn(answer.body)) };
      if (answer.status === 202) return { status: 'submitted', reference: actesId };
      if (answer.status === 404) return undefined;
      throw unexpected(path, answer);
    },
    async letters() {
      const listed = await request('/courriers');
      if (listed.status !== 200) throw unexpected('/courriers', listed);
      const { courriers } = JSON.parse(listed.body.toString('utf8')) as { courriers: { id: string }[] };
      return Promise.all(
        courriers.map(({ id }) =>
          letterOrUnreadable(id, async () => {
            const path = `/courriers/${encodeURIComponent(id)}`;
            const archive = await request(path);
            if (archive.status !== 200) throw unexpected(path, archive);
            return archive.body;
          }),
        ),
      );
    },
    async markRead(letter) {
      const path = `/courriers/${encodeURIComponent(letter.id)}/lu`;
      const answer = await request(path, { method: 'POST' });
      if (answer.status !== 200) throw unexpected(path, answer);
    },
    async send(message) {
      if (!message.archive) throw new Error(`the actes connector sends @CTES archives, and the message about ${message.actesId} has none`);
      const answer = await post(message.archive);
      if (answer.status === 202) return { status: 'sent', reference: message.archive.name };
      if (answer.status === 200) return { status: 'sent', reference: message.archive.name, acknowledgedOn: parseLetter(answer.body).date };
      const refusal = messageAnomaly(answer);
      if (refusal) return { status: 'refused', detail: refusal };
      throw unexpected('/actes', answer);
    },
    async classification(request) {
      if (!request.archive) throw new Error(`the actes connector asks for the classification of ${request.siren} in an @CTES archive`);
      const answer = await post(request.archive);
      if (answer.status !== 200) throw unexpected('/actes', answer);
      return parseClassificationAnswer(answer.body);
    },
  };
}

/** The préfecture's refusal of a message of the dialogue (400 `anomalie_message`), when that is what the answer is. */
function messageAnomaly(answer: { status: number; body: Buffer }): string | undefined {
  if (answer.status !== 400 && answer.status !== 404) return undefined;
  try {
    const body = JSON.parse(answer.body.toString('utf8')) as { error?: string; detail?: string };
    return (body.error === 'anomalie_message' || body.error === 'not_found') && body.detail ? body.detail : undefined;
  } catch {
    return undefined;
  }
}

/** The préfecture's refusal of the envelope, when that is what the answer is. */
function envelopeAnomaly(answer: { status: number; body: Buffer }): { nature: string; detail: string } | undefined {
  if (answer.status !== 400) return undefined;
  try {
    const body = JSON.parse(answer.body.toString('utf8')) as { error?: string; nature?: string; detail?: string };
    return body.error === 'anomalie_enveloppe' && body.nature && body.detail ? { nature: body.nature, detail: body.detail } : undefined;
  } catch {
    return undefined;
  }
}
