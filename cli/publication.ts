/**
 * Publication on the collectivité's site, once the préfecture has acknowledged the act (CGCT
 * L2131-1), and the open data of the published délibérations (SCDL « Délibérations »):
 *   registre publish --siren S --session SÉANCE --item NUMÉRO [--no-wait]
 *   registre open-data --siren S [--year AAAA] [--output FICHIER]
 */
import { writeFileSync } from 'node:fs';
import { isValidSiren } from '#events/vocabulary';
import { frenchDate, parisDate } from '#extract/french';
import {
  call,
  CliError,
  download,
  itemPath,
  refusalError,
  resolvePublicTarget,
  sessionPath,
  type ApiTarget,
  type PublicTarget,
} from './api-client.ts';
import { formatRefusal, type ItemView } from './format.ts';

/** A délibération: its collectivité, its séance and its number. */
export interface ItemRef {
  readonly siren: string;
  readonly sessionId: string;
  readonly number: string;
}

/** The API's answer to a publication request: under way, or done before. */
export type PublicationAnswer =
  | { readonly actesId: string; readonly status: 'requested' }
  | { readonly actesId: string; readonly status: 'published'; readonly publishedAt: string };

/** How long `publish` waits for the publication, and how often it looks. */
const WAIT_MS = 30_000;
const POLL_MS = 500;

/**
 * The délibération `publish` is about: --siren, --session and --item, or, as `item` takes them,
 * the SIREN, the séance and the number one after the other.
 */
export function itemRef(
  flags: { siren: string | undefined; session: string | undefined; item: string | undefined },
  args: readonly string[],
  command = 'publish',
): ItemRef {
  const [siren = flags.siren, sessionId = flags.session, number = flags.item] = args;
  if (siren === undefined || sessionId === undefined || number === undefined)
    throw new CliError(`${command} demande la délibération : --siren SIREN --session SÉANCE --item NUMÉRO`);
  return { siren, sessionId, number };
}

/** One line for the request's answer. */
export function formatPublicationAnswer(answer: PublicationAnswer): string {
  return answer.status === 'published'
    ? `déjà publiée le ${frenchDate(parisDate(new Date(answer.publishedAt)))} : ${answer.actesId}`
    : `publication demandée : ${answer.actesId}`;
}

/** A published act: its dates as one line ("Transmis en préfecture le … — publié le … — exécutoire le …"), then its page. */
export function formatPublished(item: ItemView): string[] {
  const publication = item.publication;
  if (!publication) return [];
  const dates =
    item.statusLine ??
    `Publié le ${frenchDate(parisDate(new Date(publication.publishedAt)))} — exécutoire le ${frenchDate(publication.executoireOn)}`;
  return [dates, `page publique : ${publication.url ?? "l'adresse du site public n'est pas configurée"}`];
}

/**
 * Asks for the act's publication and, with `wait`, follows the délibération until it is published
 * (30 s at most), reporting each line. Resolves with what --json prints: the API's answer, or the
 * délibération's status and publication once waited for.
 */
export async function publish(
  target: ApiTarget,
  ref: ItemRef,
  { wait, report, timeoutMs = WAIT_MS }: { wait: boolean; report: (line: string) => void; timeoutMs?: number },
): Promise<unknown> {
  const path = itemPath(sessionPath(ref.siren, ref.sessionId), ref.number);
  const posted = await call(target, 'POST', `${path}/publication`);
  if (posted.status === 409) throw await notPublishable(target, path, posted.body);
  if (posted.status !== 200 && posted.status !== 202) throw refusalError(posted.status, posted.body);
  const answer = posted.body as PublicationAnswer;
  report(formatPublicationAnswer(answer));
  if (!wait) return answer;

  const started = Date.now();
  for (;;) {
    const found = await call(target, 'GET', path);
    if (found.status !== 200) throw refusalError(found.status, found.body);
    const item = found.body as ItemView;
    if (item.publication) {
      for (const line of formatPublished(item)) report(line);
      const { actesId, status, statusLabel, statusLine, publication } = item;
      return { actesId, status, statusLabel, statusLine, publication };
    }
    if (Date.now() - started >= timeoutMs)
      throw new CliError(
        `la publication n'est pas faite au bout de ${Math.round(timeoutMs / 1000)} s ; suivez-la avec "registre item ${ref.siren} ${ref.sessionId} ${ref.number}"`,
      );
    await new Promise((done) => setTimeout(done, POLL_MS));
  }
}

/** `registre publish`: a line for the request, then, waited for, the act's dates and public page; or, with --json, one answer. */
export async function publishCommand(target: ApiTarget, ref: ItemRef, { wait, json }: { wait: boolean; json: boolean }): Promise<number> {
  const result = await publish(target, ref, { wait, report: json ? () => {} : (line) => void write(`${line}\n`) });
  if (json) await write(`${JSON.stringify(result, null, 2)}\n`);
  return 0;
}

/** A 409: the act is not acknowledged; the délibération's status, when it can be read, says where it stands. */
async function notPublishable(target: ApiTarget, path: string, body: unknown): Promise<CliError> {
  const found = await call(target, 'GET', path).catch(() => undefined);
  const label = found?.status === 200 ? (found.body as Partial<ItemView>).statusLabel : undefined;
  return new CliError(`${formatRefusal(409, body)}${label ? ` (statut : ${label})` : ''}`, body);
}

/** The published délibérations of a collectivité as the SCDL CSV, a year's or all of them. */
export async function openData(
  target: PublicTarget,
  { siren, year }: { siren: string | undefined; year: string | undefined },
): Promise<Buffer> {
  if (siren === undefined) throw new CliError('open-data demande la collectivité : --siren SIREN');
  if (!isValidSiren(siren)) throw new CliError(`--siren attend un SIREN (9 chiffres, clé de contrôle valide), pas "${siren}"`);
  if (year !== undefined && !/^\d{4}$/.test(year)) throw new CliError(`--year attend une année sur quatre chiffres (2025), pas "${year}"`);
  const query = new URLSearchParams({ siren, ...(year !== undefined && { year }) });
  const found = await download(target, `/open-data/deliberations.csv?${query}`);
  if (!Buffer.isBuffer(found)) throw refusalError(found.status, found.body);
  return found;
}

/** `registre open-data`: the CSV as it comes, on standard output or in --output. A token is not needed. */
export async function openDataCommand(
  flags: { url?: string | undefined; token?: string | undefined; dir: string },
  { siren, year, output }: { siren: string | undefined; year: string | undefined; output: string | undefined },
): Promise<number> {
  const csv = await openData(resolvePublicTarget(flags), { siren, year });
  if (output === undefined) await write(csv);
  else {
    writeFileSync(output, csv);
    await write(`${output} écrit (${csv.length} octets)\n`);
  }
  return 0;
}

/** Written out before the process exits, however long the CSV. */
const write = (data: string | Buffer) => new Promise<void>((done) => process.stdout.write(data, () => done()));
