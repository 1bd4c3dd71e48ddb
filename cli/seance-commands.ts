/** `registre send` and `registre extract`: events posted from a file, an extract downloaded. Each returns what to print. */
import { writeFileSync } from 'node:fs';
import { call, CliError, download, itemPath, refusalError, sessionPath, type ApiTarget } from './api-client.ts';

/** Posts one event or `{"events": [...]}` to the séance they name, of `siren` or of their opening's collectivité. */
export async function sendCommand(
  target: ApiTarget,
  text: string,
  source: string,
  { json, siren }: { json: boolean; siren: string | undefined },
): Promise<string> {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new CliError(`${source} n'est pas du JSON : un événement ou {"events": [...]} est attendu`);
  }
  type Sent = { sessionId?: unknown; type?: unknown; payload?: { assembly?: { siren?: unknown } } };
  const events = (body as { events?: Sent[] }).events ?? [body as Sent];
  const sessionId = events[0]?.sessionId;
  if (typeof sessionId !== 'string') throw new CliError(`${source} : le premier événement n'a pas de sessionId`);
  const collectivite = siren ?? events.find((e) => e.type === 'SessionOpened')?.payload?.assembly?.siren;
  if (typeof collectivite !== 'string') throw new CliError(`${source} n'ouvre pas de séance : donnez la collectivité avec --siren`);
  const answer = await call(target, 'POST', `${sessionPath(collectivite, sessionId)}/events`, body);
  if (answer.status !== 202) throw refusalError(answer.status, answer.body);
  if (json) return JSON.stringify(answer.body, null, 2);
  const { accepted, duplicates } = answer.body as { accepted: string[]; duplicates: string[] };
  return `${accepted.length} événement(s) accepté(s) pour la séance ${sessionId}${duplicates.length ? `, ${duplicates.length} déjà enregistré(s)` : ''}`;
}

/** Downloads an extract: text to standard output, any other format (or `--out`) to a file. */
export async function extractCommand(
  target: ApiTarget,
  { session, sessionId, number }: { session: string; sessionId: string; number: string },
  options: { format: string; stamped: boolean; out: string | undefined },
): Promise<string> {
  const { format, stamped } = options;
  if (!['pdf', 'txt', 'html'].includes(format)) throw new CliError(`--format vaut pdf, txt ou html, pas "${format}"`);
  const found = await download(target, `${itemPath(session, number)}/extract/${format}${stamped ? '?stamped=true' : ''}`);
  if (!Buffer.isBuffer(found)) throw refusalError(found.status, found.body);
  if (format === 'txt' && !options.out) return found.toString('utf8').trimEnd();
  const out = options.out ?? `${sessionId}-${number}${stamped ? '-tamponne' : ''}.${format}`;
  writeFileSync(out, found);
  return `${out} écrit (${found.length} octets)`;
}
