/** The CLI's way to the API: URL and token from flags, else from the local stack's `stack.json`. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export class CliError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliError';
  }
}

export interface ApiTarget {
  readonly url: string;
  readonly token: string;
}

export function resolveTarget(flags: { url?: string | undefined; token?: string | undefined; dir: string }): ApiTarget {
  const file = join(flags.dir, 'stack.json');
  const stack = existsSync(file)
    ? (JSON.parse(readFileSync(file, 'utf8')) as { apiUrl: string; tokens: { secretariat: string } })
    : undefined;
  const url = flags.url ?? process.env.REGISTRE_URL ?? stack?.apiUrl;
  const token = flags.token ?? process.env.REGISTRE_TOKEN ?? stack?.tokens.secretariat;
  if (!url || !token) throw new CliError(`no API to talk to: start one with "npm start", or pass --url and --token`);
  return { url: url.replace(/\/$/, ''), token };
}

export interface ApiAnswer {
  readonly status: number;
  readonly body: unknown;
}

export async function call(target: ApiTarget, method: 'GET' | 'POST', path: string, body?: unknown): Promise<ApiAnswer> {
  let response: Response;
  try {
    response = await fetch(`${target.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${target.token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  } catch {
    throw new CliError(`cannot reach the API at ${target.url}: is "npm start" running?`);
  }
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // a non-JSON answer is shown as it is
  }
  return { status: response.status, body: parsed };
}

/** A document as bytes (an extract), or the refusal as an error line. */
export async function download(target: ApiTarget, path: string): Promise<Buffer> {
  let response: Response;
  try {
    response = await fetch(`${target.url}${path}`, { headers: { authorization: `Bearer ${target.token}` } });
  } catch {
    throw new CliError(`cannot reach the API at ${target.url}: is "npm start" running?`);
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  if (response.status !== 200) {
    const body = JSON.parse(bytes.toString('utf8') || '{}') as { message?: string };
    throw new CliError(`refused (${response.status}): ${body.message ?? 'no document'}`);
  }
  return bytes;
}
