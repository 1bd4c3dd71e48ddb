/**
 * The HTTP API as one Lambda behind API Gateway (payload format 2.0): routes, bearer-token check,
 * and errors turned into JSON answers — a stack trace never leaves the function.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpRouter from '@middy/http-router';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import type { SessionEvent } from '#events/session-events';
import { inScope, verifyToken, type Principal } from '#runtime/access-tokens';
import { logger } from '#runtime/logger';
import { acceptEvents, type AcceptEventsDeps } from './accept-events.ts';
import { HttpError, json, type Response } from './http.ts';
import { eventsView, itemView, sessionView } from './views.ts';

export interface ApiDeps extends AcceptEventsDeps {
  readonly tokenSecret: string;
}

type Event = APIGatewayProxyEventV2;

export function makeApiHandler(deps: ApiDeps) {
  const { store } = deps;

  /** A route that needs a valid bearer token; the session's assembly must be in its scope. */
  const authorized =
    (route: (event: Event, principal: Principal, params: Record<string, string>) => Promise<Response>) =>
    async (event: Event): Promise<Response> => {
      const principal = await authenticate(event, deps.tokenSecret);
      return route(event, principal, (event.pathParameters ?? {}) as Record<string, string>);
    };

  async function openedSession(sessionId: string, principal: Principal) {
    const { state } = await store.load(sessionId);
    if (!state) throw new HttpError(404, 'not_found', `no séance ${sessionId} has been opened`);
    if (!inScope(principal, state.assembly.siren))
      throw new HttpError(403, 'forbidden', `this token does not act for the assembly ${state.assembly.siren}`);
    return state;
  }

  const routes = [
    { method: 'GET' as const, path: '/health', handler: async () => json(200, { status: 'ok' }) },
    {
      method: 'POST' as const,
      path: '/sessions/{sessionId}/events',
      handler: authorized(async (event, principal, { sessionId }) => acceptEvents(sessionId!, parseBody(event), principal, deps)),
    },
    {
      method: 'GET' as const,
      path: '/sessions/{sessionId}',
      handler: authorized(async (_, principal, { sessionId }) => json(200, sessionView(await openedSession(sessionId!, principal)))),
    },
    {
      method: 'GET' as const,
      path: '/sessions/{sessionId}/events',
      handler: authorized(async (_, principal, { sessionId }) => {
        const log = await store.events(sessionId!);
        const opening = log.find((entry) => entry.event.type === 'SessionOpened')?.event;
        if (log.length === 0) throw new HttpError(404, 'not_found', `no event was recorded for séance ${sessionId}`);
        if (opening?.type === 'SessionOpened' && !inScope(principal, opening.payload.assembly.siren))
          throw new HttpError(403, 'forbidden', `this token does not act for the assembly ${opening.payload.assembly.siren}`);
        return json(200, { sessionId, events: eventsView(log) });
      }),
    },
    {
      method: 'GET' as const,
      path: '/sessions/{sessionId}/items/{number}',
      handler: authorized(async (_, principal, { sessionId, number }) => {
        const state = await openedSession(sessionId!, principal);
        const item = state.items.find((i) => i.number === number);
        if (!item) throw new HttpError(404, 'not_found', `délibération ${number} is not on the agenda of séance ${sessionId}`);
        const opening = (await store.find(sessionId!, [state.openingEventId])).get(state.openingEventId)?.event;
        return json(200, itemView(state, item, agendaTexts(opening, item.number)));
      }),
    },
  ];

  return middy<Event, Response, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({ onError: answerError })
    .handler(httpRouter<Event, Response>({ routes }));
}

async function authenticate(event: Event, secret: string): Promise<Principal> {
  const match = /^Bearer\s+(\S+)$/i.exec(event.headers?.authorization ?? '');
  if (!match) throw new HttpError(401, 'unauthorized', 'an "Authorization: Bearer <token>" header is required');
  const principal = await verifyToken(secret, match[1]!);
  if (!principal) throw new HttpError(401, 'unauthorized', 'the bearer token is not valid');
  return principal;
}

function parseBody(event: Event): unknown {
  const text = event.isBase64Encoded && event.body ? Buffer.from(event.body, 'base64').toString('utf8') : (event.body ?? '');
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'invalid_json', 'the body must be JSON: one event or {"events": [...]}');
  }
}

function agendaTexts(opening: SessionEvent | undefined, number: string) {
  const item = opening?.type === 'SessionOpened' ? opening.payload.items.find((i) => i.number === number) : undefined;
  return { visas: item?.visas, expose: item?.expose, decision: item?.decision };
}

/** Known refusals become their JSON answer; anything else is logged and answered 500 with the request id only. */
async function answerError(request: middy.Request<Event, Response, Error, Context>): Promise<void> {
  const error = request.error;
  if (error instanceof HttpError) {
    request.response = json(error.statusCode, error.body);
    return;
  }
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  if (status === 404) {
    request.response = json(404, {
      error: 'not_found',
      message: `no route for ${request.event.requestContext?.http?.method} ${request.event.rawPath}`,
    });
    return;
  }
  logger.error('request failed', { error });
  request.response = json(500, {
    error: 'internal',
    message: 'the request could not be completed',
    requestId: request.context.awsRequestId,
  });
}
