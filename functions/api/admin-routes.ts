/**
 * The administrators' routes (role `admin`, scoped to collectivités like the secretariat's tokens):
 * the failure records and the depth of each dead-letter queue, the replay of one failure or of a
 * selection, and the rebuild of a séance from its facts.
 */
import * as z from 'zod';
import { rebuildSession } from '#admin/rebuild-session';
import { QUEUE_IDS, replayFailure, replayFailures, visibleTo, type ReplayDeps } from '#admin/replay-failures';
import { SessionId, Siren } from '#events/session-events';
import type { QueueId } from '#infra/topology';
import { FAILURE_STATUSES, type FailureRecord } from '#ports/failure-store';
import { ProjectionConflictError, type SessionStore } from '#ports/session-store';
import { inScope, type Principal } from '#runtime/access-tokens';
import { HttpError, json, type Response } from './http.ts';
import { invalid, keyOf, parseBody, type authorizer, type Event, type Params, type SessionParams } from './requests.ts';

export interface AdminDeps extends ReplayDeps {
  readonly sessions: SessionStore;
}

const Queue = z.enum(QUEUE_IDS as [QueueId, ...QueueId[]], { error: `must be one of ${QUEUE_IDS.join(', ')}` });

const FailureQuery = z.strictObject({
  status: z.enum(FAILURE_STATUSES, { error: `must be one of ${FAILURE_STATUSES.join(', ')}` }).optional(),
  queue: Queue.optional(),
  siren: Siren.optional(),
});

/** `{"all": true}`, or at least one of queue, séance, error class; at most `limit` messages a call. */
const ReplayRequest = z
  .strictObject({
    all: z.literal(true).optional(),
    queue: Queue.optional(),
    siren: Siren.optional(),
    sessionId: SessionId.optional(),
    errorClass: z.string().min(1).max(200).optional(),
    limit: z.number().int().min(1).max(100).default(25),
  })
  .refine((r) => r.all === true || r.queue || r.siren || r.errorClass, {
    message: 'say what to replay: "all": true, or a queue, a siren (with a sessionId or not), an errorClass',
  })
  .refine((r) => r.sessionId === undefined || r.siren !== undefined, { message: 'a sessionId goes with its siren', path: ['siren'] });

const RebuildRequest = z.strictObject({ dryRun: z.boolean().default(false) });

/** A failure as the list shows it: everything but the message's body. */
const summary = ({ body: _body, ...rest }: FailureRecord) => rest;

export function adminRoutes(deps: AdminDeps, authorized: ReturnType<typeof authorizer>) {
  const admin = <P extends Params>(route: (event: Event, principal: Principal, params: P) => Promise<Response>) =>
    authorized<P>(async (event, principal, params) => {
      if (principal.role !== 'admin')
        throw new HttpError(403, 'forbidden', `the ${principal.role} role has no access to the administration routes`);
      return route(event, principal, params);
    });

  const deadLetters = async () =>
    Object.fromEntries(await Promise.all(QUEUE_IDS.map(async (queue) => [queue, { depth: await deps.deadLetters.depth(queue) }])));

  const body = <S extends z.ZodType>(event: Event, schema: S, expected: string): z.infer<S> => {
    const parsed = schema.safeParse(event.body ? parseBody(event, expected) : {});
    if (!parsed.success)
      throw new HttpError(400, 'invalid_body', 'the body breaks its schema', {
        violations: parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || '(body)', message: issue.message })),
      });
    return parsed.data;
  };

  return [
    {
      method: 'GET' as const,
      path: '/admin/failures',
      handler: admin(async (event, principal) => {
        const query = FailureQuery.safeParse(event.queryStringParameters ?? {});
        if (!query.success) throw invalid('invalid_query', query.error, 'query');
        const { status, queue, siren } = query.data;
        if (siren !== undefined && !inScope(principal, siren))
          throw new HttpError(403, 'forbidden', `this token does not act for the collectivité ${siren}`);
        const found = await deps.failures.list({ ...(status && { status }), ...(queue && { queue }) });
        const visible = found.filter((f) => visibleTo(principal, f.concerns) && (siren === undefined || f.concerns.siren === siren));
        return json(200, { failures: visible.map(summary), deadLetters: await deadLetters() });
      }),
    },
    {
      method: 'GET' as const,
      path: '/admin/failures/{id}',
      handler: admin<Params & { id: string }>(async (_, principal, { id }) => {
        const failure = await deps.failures.get(id);
        if (!failure || !visibleTo(principal, failure.concerns)) throw new HttpError(404, 'not_found', `no failure ${id} is recorded`);
        return json(200, failure);
      }),
    },
    {
      method: 'POST' as const,
      path: '/admin/failures/{id}/replay',
      handler: admin<Params & { id: string }>(async (_, principal, { id }) => {
        const result = await replayFailure(id, principal, deps);
        if ('replayed' in result) return json(200, { replayed: [result.replayed] });
        if (result.refused === 'not_found') throw new HttpError(404, 'not_found', `no failure ${id} is recorded`);
        if (result.refused === 'not_replayable')
          throw new HttpError(
            409,
            'not_replayable',
            `failure ${id} waits for a person at the préfecture side, not for a replay: its record closes once the préfecture side moves on`,
          );
        throw new HttpError(
          409,
          'not_in_dead_letter_queue',
          `the message of failure ${id} is not in its dead-letter queue: replayed already, or still being retried`,
        );
      }),
    },
    {
      method: 'POST' as const,
      path: '/admin/replay',
      handler: admin(async (event, principal) => {
        const {
          all: _all,
          limit,
          ...selection
        } = body(event, ReplayRequest, '{"all": true} or {"queue", "siren", "sessionId", "errorClass"}');
        // As for the list: a collectivité outside the token's scope is refused, not answered with nothing moved.
        if (selection.siren !== undefined && !inScope(principal, selection.siren))
          throw new HttpError(403, 'forbidden', `this token does not act for the collectivité ${selection.siren}`);
        const result = await replayFailures(selection, principal, deps, limit);
        return json(200, { ...result, deadLetters: await deadLetters() });
      }),
    },
    {
      method: 'POST' as const,
      path: '/admin/assemblies/{siren}/sessions/{sessionId}/rebuild',
      handler: admin<SessionParams>(async (event, _, params) => {
        const { dryRun } = body(event, RebuildRequest, '{"dryRun": true} or nothing');
        if ((await deps.sessions.log(keyOf(params))).length === 0)
          throw new HttpError(404, 'not_found', `no event was recorded for séance ${params.sessionId} of the collectivité ${params.siren}`);
        try {
          const { facts, differences, rewritten } = await rebuildSession(keyOf(params), deps.sessions, { rewrite: !dryRun });
          return json(200, { siren: params.siren, sessionId: params.sessionId, facts, differences, rewritten });
        } catch (error) {
          if (error instanceof ProjectionConflictError) throw new HttpError(409, 'conflict', `${error.message}; rebuild again`);
          throw error;
        }
      }),
    },
  ];
}
