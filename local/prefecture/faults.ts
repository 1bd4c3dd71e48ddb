/**
 * The faults the préfecture simulator can be told to play, and who may tell it: a schema for what
 * `PUT /_faults` accepts (a value of the wrong kind is a 400 naming the field), and the bearer
 * token it requires (the local stack's admin token).
 */
import { timingSafeEqual } from 'node:crypto';
import * as z from 'zod';

export const Faults = z.strictObject({
  /** Share of requests (0–1) answered 503 at random. */
  errorRate: z.number().min(0).max(1),
  latencyMs: z.int().min(0).max(60_000),
  /** Every request to the act endpoints answered 503. */
  down: z.boolean(),
  /** Seconds before an acknowledgement is given: the act is answered 202 (pending) until then. */
  ackDelaySeconds: z.int().min(0).max(86_400),
  /** Every act received is refused with this AnomalieActe (the préfecture's own reason). */
  refuse: z.strictObject({ nature: z.string().regex(/^\d{3}$/, 'must be 3 digits'), detail: z.string().min(1).max(500) }).nullable(),
  /** Every answer and cancellation of the collectivité is refused with this reason (S²LOW's KO, an @CTES anomaly). */
  refuseMessages: z.string().min(1).max(500).nullable(),
  /** Every S²LOW transaction reports this status (e.g. "17", en attente d'être postée) instead of its own. */
  s2lowStatus: z
    .string()
    .regex(/^-?\d{1,2}$/, 'must be an S²LOW status id, e.g. "17"')
    .nullable(),
});

export type Faults = z.infer<typeof Faults>;

export const NO_FAULTS: Faults = {
  errorRate: 0,
  latencyMs: 0,
  down: false,
  ackDelaySeconds: 0,
  refuse: null,
  refuseMessages: null,
  s2lowStatus: null,
};

export type FaultsChange = { ok: true; change: Partial<Faults> } | { ok: false; status: number; body: Record<string, unknown> };

/** Reads a change of faults from a request's authorization header and body. */
export function readFaultsChange(authorization: string | undefined, body: string, token: string | undefined): FaultsChange {
  const bearer = /^Bearer\s+(\S+)$/i.exec(authorization ?? '')?.[1];
  if (token === undefined || bearer === undefined || !sameText(bearer, token))
    return {
      ok: false,
      status: 401,
      body: { error: 'unauthorized', detail: 'faults are set with the local admin token (Authorization: Bearer …)' },
    };
  let value: unknown;
  try {
    value = JSON.parse(body || '{}');
  } catch {
    return { ok: false, status: 400, body: { error: 'invalid_json', detail: 'the body must be a JSON object of faults' } };
  }
  const parsed = Faults.partial().safeParse(value);
  if (!parsed.success)
    return {
      ok: false,
      status: 400,
      body: {
        error: 'invalid_faults',
        violations: parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', message: issue.message })),
      },
    };
  return { ok: true, change: parsed.data };
}

const sameText = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));
