/**
 * Reading a request: the bearer token, the path parameters as the contract spells them, the JSON
 * body within Lambda's payload limit. Each refusal is an HttpError naming what is wrong.
 */
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import * as z from 'zod';
import { FORMATS, type Format } from '#acts/act-documents';
import { ItemNumber, SessionId, Siren } from '#events/session-events';
import type { SessionKey } from '#ports/session-store';
import { inScope, type Principal, type Verification } from '#runtime/access-tokens';
import { HttpError, type Response } from './http.ts';

export type Event = APIGatewayProxyEventV2;

/** The path parameters of the routes, as the contract spells them. */
const PathParameters = z.object({
  siren: Siren.optional(),
  sessionId: SessionId.optional(),
  number: ItemNumber.optional(),
  format: z.enum(Object.keys(FORMATS) as [Format, ...Format[]], { error: `must be one of ${Object.keys(FORMATS).join(', ')}` }).optional(),
  /** An annex: the SHA-256 of its file. */
  file: z
    .string()
    .regex(/^[0-9a-f]{64}$/, 'must be the SHA-256 of an uploaded file: 64 lowercase hexadecimal digits')
    .optional(),
  /** A letter of the préfecture, by the connector's id (S²LOW's transaction, the @CTES archive's name). */
  letterId: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,200}$/, 'must be a letter id: 1–200 of A–Z, a–z, 0–9, ".", "_", "-"')
    .optional(),
  /** A document of a letter, by its @CTES file name. */
  name: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,200}$/, 'must be a file name: 1–200 of A–Z, a–z, 0–9, ".", "_", "-"')
    .optional(),
  /** A failure record's id: 24 hexadecimal digits. */
  id: z
    .string()
    .regex(/^[0-9a-f]{24}$/, 'must be a failure id: 24 hexadecimal digits')
    .optional(),
});
export type Params = z.infer<typeof PathParameters>;
export type SessionParams = Params & { siren: string; sessionId: string };
export type ItemParams = SessionParams & { number: string };

export const keyOf = ({ siren, sessionId }: SessionParams): SessionKey => ({ siren, sessionId });

/**
 * A request body refused above this size: Lambda takes at most 6 MB of payload, the whole API
 * Gateway event with the body escaped in it, so a margin is kept for the rest of the event.
 */
export const MAX_BODY_BYTES = 5_000_000;

/**
 * Routes that need a valid bearer token and well-formed path parameters; a route under
 * /assemblies/{siren} needs a token acting for that collectivité.
 */
export const authorizer =
  (verify: TokenCheck) =>
  <P extends Params>(route: (event: Event, principal: Principal, params: P) => Promise<Response>) =>
  async (event: Event): Promise<Response> => {
    const principal = await authenticate(event, verify);
    const params = pathParameters(event);
    if (params.siren !== undefined && !inScope(principal, params.siren))
      throw new HttpError(403, 'forbidden', `this token does not act for the collectivité ${params.siren}`);
    return route(event, principal, params as P);
  };

/** The path parameters, or a 400 naming each one that breaks its pattern. */
function pathParameters(event: Event): Params {
  const parsed = PathParameters.safeParse(event.pathParameters ?? {});
  if (!parsed.success) throw invalid('invalid_path', parsed.error, 'path');
  return parsed.data;
}

export function invalid(kind: string, error: z.ZodError, where: string): HttpError {
  return new HttpError(400, kind, `the ${where} parameters break their patterns`, {
    violations: error.issues.map((issue) => ({ field: `${where}.${issue.path.join('.')}`, message: issue.message })),
  });
}

/** What checks a bearer token: `tokenVerifier` of shared/runtime/access-tokens.ts. */
export type TokenCheck = (token: string) => Promise<Verification>;

/**
 * The bearer's principal. On AWS the HTTP API's JWT authorizer has already checked the token; the
 * function checks it again, the same way locally and on AWS, and reads the role and scope from it.
 */
async function authenticate(event: Event, verify: TokenCheck): Promise<Principal> {
  const match = /^Bearer\s+(\S+)$/i.exec(event.headers?.authorization ?? '');
  if (!match) throw new HttpError(401, 'unauthorized', 'an "Authorization: Bearer <token>" header is required');
  const verification = await verify(match[1]!);
  if ('refused' in verification) throw new HttpError(401, 'unauthorized', verification.refused);
  return verification.principal;
}

/** The JSON body; `expected` says what it should hold, for the refusal. */
export function parseBody(event: Event, expected = 'one event or {"events": [...]}'): unknown {
  const size = event.body ? Buffer.byteLength(event.body, event.isBase64Encoded ? 'base64' : 'utf8') : 0;
  if (size > MAX_BODY_BYTES)
    throw new HttpError(413, 'payload_too_large', `the body is ${size} bytes; a request carries at most ${MAX_BODY_BYTES} bytes`);
  const text = event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : (event.body ?? '');
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_json', `the body must be JSON: ${expected}`);
  }
}
