/** The CLI's way to the API: URL and token from flags, else from the local stack's `stack.json`. */
import { formatRefusal } from './format.ts';
import { freshLocalToken, readStackFile, secondsLeft } from './token.ts';

/** A failure the user can act on: one line (or one per problem), and the API's answer when there was one. */
export class CliError extends Error {
  readonly answer: unknown;

  constructor(message: string, answer?: unknown) {
    super(message);
    this.name = 'CliError';
    this.answer = answer;
  }
}

/** A refusal, carrying for --json the API's body, or what came instead of it. */
export function refusalError(status: number, body: unknown): CliError {
  const isObject = typeof body === 'object' && body !== null && !Array.isArray(body);
  return new CliError(formatRefusal(status, body), isObject && status !== 200 ? body : { error: 'unexpected_answer', status, body });
}

/** The API path of a séance: its collectivité's SIREN and its id. */
export const sessionPath = (siren: string, sessionId: string) =>
  `/assemblies/${encodeURIComponent(siren)}/sessions/${encodeURIComponent(sessionId)}`;

/** The API path of a délibération of a séance. */
export const itemPath = (session: string, number: string) => `${session}/items/${encodeURIComponent(number)}`;

export interface ApiTarget {
  readonly url: string;
  readonly token: string;
}

/** A token of stack.json this close to its end is replaced: the demo and a replay take a minute or so. */
const MARGIN_SECONDS = 300;

/**
 * The API and the token: flags, then REGISTRE_URL / REGISTRE_TOKEN, then the local stack's token of
 * `role` — minted afresh from the stack's issuer key when the one in stack.json has expired.
 */
export async function resolveTarget(
  flags: { url?: string | undefined; token?: string | undefined; dir: string },
  role: 'secretariat' | 'admin' = 'secretariat',
): Promise<ApiTarget> {
  const stack = readStackFile(flags.dir);
  const url = (flags.url ?? process.env.REGISTRE_URL ?? stack?.apiUrl)?.replace(/\/$/, '');
  let token = flags.token ?? process.env.REGISTRE_TOKEN;
  // The local stack's own token, when the API is the local stack's.
  if (token === undefined && stack && url === stack.apiUrl.replace(/\/$/, '')) {
    token = stack.tokens?.[role];
    if (token === undefined || secondsLeft(token) < MARGIN_SECONDS) token = (await freshLocalToken(flags.dir, stack, role)) ?? token;
  }
  if (!url || !token) throw new CliError(`aucune API à qui parler : lancez-en une avec "npm start", ou donnez --url et --token`);
  return { url, token };
}

/**
 * The API for its public routes (the open data), which need no token: its address as above; a token
 * given with --token or REGISTRE_TOKEN goes along, harmless there.
 */
export function resolvePublicTarget(flags: { url?: string | undefined; token?: string | undefined; dir: string }): PublicTarget {
  const url = (flags.url ?? process.env.REGISTRE_URL ?? readStackFile(flags.dir)?.apiUrl)?.replace(/\/$/, '');
  if (!url) throw new CliError(`aucune API à qui parler : lancez-en une avec "npm start", ou donnez --url`);
  const token = flags.token ?? process.env.REGISTRE_TOKEN;
  return { url, ...(token !== undefined && { token }) };
}

/** An API target whose token may be absent: public routes. */
export interface PublicTarget {
  readonly url: string;
  readonly token?: string;
}

export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
}

/** A request to the API: a body of bytes goes as it is (a file), any other as JSON. */
export async function call(target: ApiTarget, method: 'GET' | 'POST', path: string, body?: unknown): Promise<ApiAnswer> {
  let response: Response;
  const bytes = body instanceof Uint8Array;
  try {
    response = await fetch(`${target.url}${path}`, {
      method,
      headers: {
        authorization: `Bearer ${target.token}`,
        ...(body !== undefined && { 'content-type': bytes ? 'application/octet-stream' : 'application/json' }),
      },
      ...(body !== undefined && { body: bytes ? body : JSON.stringify(body) }),
    });
  } catch {
    throw new CliError(unreachable(target));
  }
  const text = await response.text();
  return { status: response.status, body: parseAnswer(text) };
}

const unreachable = (target: PublicTarget) => `l'API ne répond pas à ${target.url} : "npm start" tourne-t-il ?`;

/** JSON when the answer is JSON; otherwise its text as it is (a proxy's error page, say). */
function parseAnswer(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** A document as bytes (an extract), or the answer to show as a refusal. */
export async function download(target: PublicTarget, path: string): Promise<Buffer | ApiAnswer> {
  let response: Response;
  try {
    response = await fetch(`${target.url}${path}`, { headers: target.token ? { authorization: `Bearer ${target.token}` } : {} });
  } catch {
    throw new CliError(unreachable(target));
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  return response.status === 200 ? bytes : { status: response.status, body: parseAnswer(bytes.toString('utf8')) };
}
