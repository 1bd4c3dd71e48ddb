/**
 * The S²LOW API of a tiers de télétransmission (Libriciel): `actes_transac_create.php` creates the
 * transaction (answer `OK\n<id>` or `KO\n<message>`), `actes_transac_get_status.php` tells its status
 * (`OK\n<status>\n<return flow>`, each status read by `s2low-statuses.ts`). S²LOW authenticates with a
 * TLS client certificate, and with HTTP Basic login and password when one certificate serves several
 * accounts. It expects form text in ISO-8859-1.
 */
import { request as httpsRequest } from 'node:https';
import { request as httpRequest } from 'node:http';
import { randomBytes } from 'node:crypto';
import { documentFileName, mainTypology } from '#actes/actes-archive';
import { mediaTypeOfExtension } from '#acts/annexes';
import { parseClassificationAnswer } from '#actes/classification-xml';
import { letterOrUnreadable } from '#actes/letter-archive';
import { NATURES } from '#domain/act-identity';
import { parseReturn } from '#actes/actes-xml';
import { PrefectureUnavailableError, replyOf, type PrefectureConnector, type PrefectureReply } from '#ports/prefecture';
import { S2LOW_STATUSES, s2lowReply } from './s2low-statuses.ts';

export interface S2lowSettings {
  readonly url: string;
  readonly login?: string;
  readonly password?: string;
  /** PEM client certificate and key (and its passphrase), and the CA that signed the server's certificate. */
  readonly cert?: string;
  readonly key?: string;
  readonly passphrase?: string;
  readonly ca?: string;
  readonly timeoutMs?: number;
}

/** S²LOW's answer when it holds an act with this number already. */
const DUPLICATE = /même numéro interne existe déjà/;

/** S²LOW's answers when the account, not the act, is at fault. */
const ACCESS_REFUSED = /^(Échec de l'authentification|Accès refusé)/;

export function s2lowConnector(settings: S2lowSettings): PrefectureConnector {
  const base = settings.url.replace(/\/$/, '');

  return {
    name: 's2low',
    sendsArchive: false,
    classificationFromCopy: true,
    async submit(submission) {
      const fields: [string, string][] = [
        ['api', '1'],
        ['nature_code', String(NATURES[submission.nature].code)],
        ...submission.matieres.slice(0, 5).map((code, i): [string, string] => [`classif${i + 1}`, String(code)]),
        ['number', submission.numeroInterne],
        ['decision_date', submission.decisionDate],
        ['subject', submission.objet],
        ['document_papier', '0'],
        ['en_attente', '0'],
        ['type_acte', mainTypology(submission.nature)],
        ...submission.annexes.map((annex): [string, string] => ['type_pj[]', annex.type]),
      ];
      const file = {
        field: 'acte_pdf_file',
        name: documentFileName(submission.actesId, mainTypology(submission.nature)),
        type: 'application/pdf',
        bytes: submission.pdf,
      };
      const attachments = submission.annexes.map((annex, index) => ({
        field: 'acte_attachments[]',
        name: documentFileName(submission.actesId, annex.type, index + 2, annex.extension),
        type: mediaTypeOfExtension(annex.extension),
        bytes: annex.bytes,
      }));
      const form = multipart(fields, [file, ...attachments]);
      const answer = await send(settings, 'POST', `${base}/modules/actes/actes_transac_create.php`, form.body, {
        'content-type': form.contentType,
      });
      const [verdict, ...rest] = answer.split('\n');
      if (verdict?.trim() === 'OK') return { status: 'submitted', reference: rest[0]!.trim() };
      const detail = rest.join('\n').trim() || answer.trim();
      // Refused access is this deployment's problem (its account), not the act's: retried, not refused.
      if (ACCESS_REFUSED.test(detail)) throw new PrefectureUnavailableError(`S²LOW refused access: ${detail}`);
      return { status: 'refused', detail, ...(DUPLICATE.test(detail) && { duplicate: true }) };
    },
    async poll(reference) {
      const answer = await send(
        settings,
        'GET',
        `${base}/modules/actes/actes_transac_get_status.php?transaction=${encodeURIComponent(reference)}`,
      );
      const [verdict, status, ...rest] = answer.split('\n');
      if (verdict?.trim() !== 'OK') throw new PrefectureUnavailableError(`S²LOW status of ${reference}: ${answer.trim()}`);
      const code = status?.trim() ?? '';
      const reply = s2lowReply(code, rest.join('\n'));
      // Past status 4 the ARActe is no longer in the status answer; S²LOW still gives it on its own.
      if (reply.status !== 'waiting' || S2LOW_STATUSES[code]?.state !== 'acknowledged') return reply;
      const ar = await send(settings, 'GET', `${base}/modules/actes/actes_transac_get_ARActe.php?id=${encodeURIComponent(reference)}`);
      const { attention: _attention, ...reported } = reply.reported;
      return ar.includes('ARActe') ? { ...toReply(ar), reported } : reply;
    },
    async letters() {
      const listed = JSON.parse(await send(settings, 'GET', `${base}/modules/actes/api/list_document_prefecture.php`)) as {
        id: string;
      }[];
      return Promise.all(
        listed.map(({ id }) =>
          letterOrUnreadable(String(id), () =>
            exchange(settings, 'GET', `${base}/modules/actes/actes_transac_get_document.php?id=${encodeURIComponent(String(id))}`),
          ),
        ),
      );
    },
    async markRead(letter) {
      await send(
        settings,
        'GET',
        `${base}/modules/actes/api/document_prefecture_mark_as_read.php?transaction_id=${encodeURIComponent(letter.id)}`,
      );
    },
    async send(message) {
      // S²LOW acknowledges a letter itself once it is read: there is nothing more to send.
      if (message.answer === 'accuse') return { status: 'sent', reference: message.letter?.id ?? message.actesId };
      const [letter, ...pieces] = message.files;
      const form =
        message.answer === 'annulation'
          ? multipart(
              [
                ['api', '1'],
                ['id', message.reference ?? ''],
              ],
              [],
            )
          : multipart(
              [
                ['api', '1'],
                ['id', message.letter?.id ?? ''],
                // S²LOW's type_envoie: 3 a refusal (3-3, 4-3), 4 an answer (2-2, 3-4, 4-4).
                ['type_envoie', message.answer === 'refus' ? '3' : '4'],
                ['type_acte', letter?.type ?? '99_AU'],
                ...pieces.map((piece): [string, string] => ['type_pj[]', piece.type]),
              ],
              [
                ...(letter ? [{ field: 'acte_pdf_file', name: letter.name, type: 'application/pdf', bytes: letter.bytes }] : []),
                ...pieces.map((piece) => ({
                  field: 'acte_attachments[]',
                  name: piece.name,
                  type: mediaTypeOfExtension(piece.name.split('.').pop() ?? ''),
                  bytes: piece.bytes,
                })),
              ],
            );
      const path = message.answer === 'annulation' ? 'actes_transac_cancel.php' : 'actes_transac_reponse_create.php';
      const answer = await send(settings, 'POST', `${base}/modules/actes/${path}`, form.body, { 'content-type': form.contentType });
      const [verdict, ...rest] = answer.split('\n');
      if (verdict?.trim() === 'OK') return { status: 'sent', reference: rest[0]?.trim() || (message.letter?.id ?? message.actesId) };
      const detail = rest.join('\n').trim() || answer.trim();
      // Refused access is this deployment's problem (its account), not the message's: retried, not refused.
      if (ACCESS_REFUSED.test(detail)) throw new PrefectureUnavailableError(`S²LOW refused access: ${detail}`);
      return { status: 'refused', detail };
    },
    async classification(request) {
      // S²LOW keeps the préfecture's last classification for the account, and hands it over as the préfecture sent it.
      const answer = parseClassificationAnswer(
        await exchange(settings, 'GET', `${base}/modules/actes/actes_classification_fetch.php?api=1`),
      );
      return answer.status === 'changed' && answer.classification.date === request.held
        ? { status: 'unchanged', date: request.held }
        : answer;
    },
  };
}

function toReply(xml: string): PrefectureReply {
  return replyOf(parseReturn(Buffer.from(xml.slice(0, xml.lastIndexOf('>') + 1), 'latin1')));
}

/**
 * Form text in ISO-8859-1, as S²LOW reads it; a character Latin-1 lacks is written with its nearest
 * Latin-1 form (Œ → OE, ’ → ', — → -), else "?".
 */
export function toLatin1Text(text: string): Buffer {
  const nearest: Record<string, string> = {
    Œ: 'OE',
    œ: 'oe',
    '’': "'",
    '‘': "'",
    '“': '"',
    '”': '"',
    '–': '-',
    '—': '-',
    '…': '...',
    '€': 'EUR',
  };
  const mapped = [...text.normalize('NFC')].map((c) => (c.codePointAt(0)! <= 0xff ? c : (nearest[c] ?? '?'))).join('');
  return Buffer.from(mapped, 'latin1');
}

function multipart(fields: [string, string][], files: { field: string; name: string; type: string; bytes: Uint8Array }[]) {
  const boundary = `----registre${randomBytes(12).toString('hex')}`;
  const parts: Buffer[] = [];
  for (const [name, value] of fields)
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`, 'latin1'),
      toLatin1Text(value),
      Buffer.from('\r\n'),
    );
  for (const file of files)
    parts.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
        'latin1',
      ),
      Buffer.from(file.bytes),
      Buffer.from('\r\n'),
    );
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** An S²LOW answer as text (ISO-8859-1, as S²LOW writes it). */
async function send(
  settings: S2lowSettings,
  method: 'GET' | 'POST',
  url: string,
  body?: Buffer,
  headers: Record<string, string> = {},
): Promise<string> {
  return (await exchange(settings, method, url, body, headers)).toString('latin1');
}

/** How many redirections a request follows: S²LOW sends a letter's archive by one (to `actes_download_file.php`). */
const REDIRECTIONS = 3;

function exchange(
  settings: S2lowSettings,
  method: 'GET' | 'POST',
  url: string,
  body?: Buffer,
  headers: Record<string, string> = {},
  hops = 0,
): Promise<Buffer> {
  const target = new URL(url);
  const auth = settings.login
    ? { authorization: `Basic ${Buffer.from(`${settings.login}:${settings.password ?? ''}`).toString('base64')}` }
    : {};
  const tls =
    target.protocol === 'https:' ? { cert: settings.cert, key: settings.key, passphrase: settings.passphrase, ca: settings.ca } : {};
  const request = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      target,
      {
        method,
        headers: { ...headers, ...auth, ...(body && { 'content-length': String(body.length) }) },
        timeout: settings.timeoutMs ?? 20_000,
        ...tls,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const bytes = Buffer.concat(chunks);
          const status = response.statusCode ?? 500;
          const location = response.headers.location;
          if (status >= 300 && status < 400) {
            const next = location ? new URL(location, target) : undefined;
            // Followed on S²LOW's own server only, with the same certificate and account, as a GET.
            if (next && next.origin === target.origin && hops < REDIRECTIONS)
              resolve(exchange(settings, 'GET', next.href, undefined, {}, hops + 1));
            else reject(new PrefectureUnavailableError(`S²LOW answered ${status} to ${location ?? 'nowhere'}, which is not followed`));
          } else if (status >= 400)
            reject(new PrefectureUnavailableError(`S²LOW answered ${response.statusCode}: ${bytes.toString('latin1').slice(0, 200)}`));
          else resolve(bytes);
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', (error) => reject(new PrefectureUnavailableError(`S²LOW unreachable at ${target.origin}: ${error.message}`)));
    req.end(body);
  });
}
