/**
 * The @CTES archive pushed over HTTP to a collection endpoint (the préfecture simulator implements
 * it): `POST {endpoint}/actes` with the .tar.gz, answered at once with the ARActe or AnomalieActe
 * (200), later (202: then `GET {endpoint}/actes/{IDActe}/retour`), or refused at the envelope (4xx).
 */
import { parseReturn } from '#actes/actes-xml';
import { PrefectureUnavailableError, type PrefectureConnector, type PrefectureReply } from '#ports/prefecture';

export function actesConnector(endpoint: string, timeoutMs = 20_000): PrefectureConnector {
  const base = endpoint.replace(/\/$/, '');
  const request = async (path: string, init: RequestInit = {}) => {
    let response: Response;
    try {
      response = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(timeoutMs) });
    } catch (error) {
      throw new PrefectureUnavailableError(`${base}${path} unreachable: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (response.status >= 500) throw new PrefectureUnavailableError(`${base}${path} answered ${response.status}`);
    return { status: response.status, body: Buffer.from(await response.arrayBuffer()) };
  };

  return {
    name: 'actes',
    async submit(submission) {
      const answer = await request('/actes', {
        method: 'POST',
        headers: { 'content-type': 'application/gzip', 'content-disposition': `attachment; filename="${submission.archive.name}"` },
        body: submission.archive.bytes,
      });
      if (answer.status === 200) return { status: 'submitted', reference: submission.actesId, reply: toReply(answer.body) };
      if (answer.status === 202) return { status: 'submitted', reference: submission.actesId };
      const refusal = JSON.parse(answer.body.toString('utf8') || '{}') as { nature?: string; detail?: string };
      return {
        status: 'refused',
        ...(refusal.nature && { nature: refusal.nature }),
        detail: refusal.detail ?? `refused with HTTP ${answer.status}`,
      };
    },
    async poll(reference) {
      const answer = await request(`/actes/${encodeURIComponent(reference)}/retour`);
      if (answer.status === 200) return toReply(answer.body);
      if (answer.status === 202) return undefined;
      throw new PrefectureUnavailableError(`the préfecture does not know ${reference} (HTTP ${answer.status})`);
    },
  };
}

export function toReply(xml: Uint8Array): PrefectureReply {
  const message = parseReturn(xml);
  return message.kind === 'ARActe'
    ? { status: 'acknowledged', idActe: message.idActe, receivedOn: message.dateReception }
    : { status: 'refused', nature: message.nature, detail: message.detail };
}
