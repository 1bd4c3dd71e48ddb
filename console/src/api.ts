/**
 * The console's way to the API: same origin (the local stack's console server and CloudFront both
 * put the API's paths beside the pages), the signed-in token, JSON both ways. A request that cannot
 * reach the API is an `Unreachable` error, kept apart from the API's refusals.
 */
import { sessionExpired, signedIn } from './session.ts';

export class Unreachable extends Error {
  constructor() {
    super("l'API ne répond pas");
    this.name = 'Unreachable';
  }
}

export class Refused extends Error {
  readonly status: number;
  readonly body: ApiError;
  constructor(status: number, body: ApiError) {
    super(body.message ?? `refusé (${status})`);
    this.name = 'Refused';
    this.status = status;
    this.body = body;
  }
}

/** The API's error body: a kind, a message, and the details of a refusal. */
export interface ApiError {
  readonly error?: string;
  readonly message?: string;
  readonly violations?: readonly { field: string; message: string }[];
  readonly events?: readonly RefusedEvent[];
}

export interface RefusedEvent {
  readonly index: number;
  readonly eventId?: string;
  readonly code?: string;
  readonly rule?: string;
  readonly field?: string;
  readonly memberId?: string;
  readonly message?: { readonly fr: string; readonly en: string } | string;
  readonly violations?: readonly { field: string; message: string }[];
}

export async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        ...(signedIn() && { authorization: `Bearer ${signedIn()!.token}` }),
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  } catch {
    throw new Unreachable();
  }
  // A proxy's answer when the API is down is not the API's.
  if (response.status === 502 || response.status === 504) throw new Unreachable();
  const answer = (await response.json().catch(() => ({}))) as T & ApiError;
  // The token expired, or is no longer the issuer's: the session ends, and the sign-in page says so.
  if (response.status === 401) sessionExpired();
  if (response.status >= 400) throw new Refused(response.status, answer);
  return answer;
}

/** A file of the collectivité uploaded as it is (an annex, a letter, a piece): its SHA-256, which an agenda or an answer names. */
export async function upload(siren: string, file: Blob): Promise<{ file: string; size: number; mediaType: string }> {
  let response: Response;
  try {
    response = await fetch(`/assemblies/${encodeURIComponent(siren)}/annexes`, {
      method: 'POST',
      headers: { ...(signedIn() && { authorization: `Bearer ${signedIn()!.token}` }), 'content-type': 'application/octet-stream' },
      body: file,
    });
  } catch {
    throw new Unreachable();
  }
  if (response.status === 502 || response.status === 504) throw new Unreachable();
  const answer = (await response.json().catch(() => ({}))) as { file: string; size: number; mediaType: string } & ApiError;
  if (response.status === 401) sessionExpired();
  if (response.status >= 400) throw new Refused(response.status, answer);
  return answer;
}

/**
 * A short-lived link to a document (the extract), read straight from the archive: the API answers
 * the link as JSON when asked, rather than redirecting to it. `download` asks the archive to have the
 * browser save it under its name.
 */
export async function documentLink(path: string, download = false): Promise<string> {
  const url = download ? `${path}${path.includes('?') ? '&' : '?'}download=true` : path;
  const response = await fetch(url, { headers: { authorization: `Bearer ${signedIn()?.token ?? ''}`, accept: 'application/json' } }).catch(
    () => {
      throw new Unreachable();
    },
  );
  if (response.status === 401) sessionExpired();
  if (!response.ok) throw new Refused(response.status, (await response.json().catch(() => ({}))) as ApiError);
  return ((await response.json()) as { url: string }).url;
}

export const sessionPath = (siren: string, sessionId: string) =>
  `/assemblies/${encodeURIComponent(siren)}/sessions/${encodeURIComponent(sessionId)}`;
