/**
 * The HTTP API as one Lambda behind API Gateway (payload format 2.0): routes, bearer-token check,
 * and errors turned into JSON answers — a stack trace never leaves the function.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpRouter from '@middy/http-router';
import type { APIGatewayProxyEventV2, Context } from 'aws-lambda';
import { actOf, FORMATS, type Act, type Format } from '#acts/act-documents';
import { TRANSMISSION_STATUSES, type ActStore, type TransmissionStatus } from '#ports/act-store';
import type { DocumentStore } from '#ports/document-store';
import { inScope, verifyToken, type Principal } from '#runtime/access-tokens';
import { logger } from '#runtime/logger';
import { acceptEvents, type AcceptEventsDeps } from './accept-events.ts';
import { HttpError, json, type Response } from './http.ts';
import { eventsView, itemView, sessionView, transmissionView } from './views.ts';

export interface ApiDeps extends AcceptEventsDeps {
  readonly acts: ActStore;
  readonly documents: DocumentStore;
  readonly tokenSecret: string;
}

type Event = APIGatewayProxyEventV2;
type Params = Record<string, string>;

export function makeApiHandler(deps: ApiDeps) {
  return middy<Event, Response, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use({ onError: answerError })
    .handler(httpRouter<Event, Response>({ routes: apiRoutes(deps) }));
}

/** The routes of the API, each a method, a path template and its handler: what docs/openapi.yaml describes. */
export function apiRoutes(deps: ApiDeps) {
  const { sessions, acts } = deps;

  /** A route that needs a valid bearer token. */
  const authorized =
    (route: (event: Event, principal: Principal, params: Params) => Promise<Response>) =>
    async (event: Event): Promise<Response> =>
      route(event, await authenticate(event, deps.tokenSecret), (event.pathParameters ?? {}) as Params);

  const forbidden = (siren: string) => new HttpError(403, 'forbidden', `this token does not act for the assembly ${siren}`);

  async function openedSession(sessionId: string, principal: Principal) {
    const { state } = await sessions.load(sessionId);
    if (!state) throw new HttpError(404, 'not_found', `no séance ${sessionId} has been opened`);
    if (!inScope(principal, state.assembly.siren)) throw forbidden(state.assembly.siren);
    return state;
  }

  const noItem = ({ sessionId, number }: Params) =>
    new HttpError(404, 'not_found', `délibération ${number} is not on the agenda of séance ${sessionId}`);

  async function act(params: Params, principal: Principal): Promise<Act> {
    const found = await actOf(sessions, await openedSession(params.sessionId!, principal), params.number!);
    if (!found) throw noItem(params);
    return found;
  }

  return [
    { method: 'GET' as const, path: '/health', handler: async () => json(200, { status: 'ok' }) },
    {
      method: 'POST' as const,
      path: '/sessions/{sessionId}/events',
      handler: authorized(async (event, principal, { sessionId }) => acceptEvents(sessionId!, parseBody(event), principal, deps)),
    },
    {
      method: 'GET' as const,
      path: '/sessions/{sessionId}',
      handler: authorized(async (_, principal, { sessionId }) => {
        const state = await openedSession(sessionId!, principal);
        const signed = state.items.filter((item) => item.status === 'signed').map((item) => item.actesId);
        const found = await Promise.all(signed.map((actesId) => acts.getTransmission(actesId)));
        return json(200, sessionView(state, new Map(found.filter((t) => t !== undefined).map((t) => [t.actesId, t]))));
      }),
    },
    {
      method: 'GET' as const,
      path: '/sessions/{sessionId}/events',
      handler: authorized(async (_, principal, { sessionId }) => {
        const log = await sessions.events(sessionId!);
        if (log.length === 0) throw new HttpError(404, 'not_found', `no event was recorded for séance ${sessionId}`);
        const opening = log.find((entry) => entry.event.type === 'SessionOpened' && entry.status !== 'rejected')?.event;
        if (opening?.type === 'SessionOpened' && !inScope(principal, opening.payload.assembly.siren))
          throw forbidden(opening.payload.assembly.siren);
        return json(200, { sessionId, events: eventsView(log) });
      }),
    },
    {
      method: 'GET' as const,
      path: '/sessions/{sessionId}/items/{number}',
      handler: authorized(async (_, principal, params) => {
        const { state, item, texts } = await act(params, principal);
        const [extract, transmission] = await Promise.all([acts.getExtract(item.actesId), acts.getTransmission(item.actesId)]);
        return json(200, itemView(state, item, texts, extract, transmission));
      }),
    },
    {
      method: 'GET' as const,
      path: '/sessions/{sessionId}/items/{number}/extract/{format}',
      handler: authorized(async (event, principal, params) => {
        // The projection says which act it is; its texts are not needed to serve a document.
        const item = (await openedSession(params.sessionId!, principal)).items.find((i) => i.number === params.number);
        if (!item) throw noItem(params);
        const format = params.format as Format;
        if (!Object.hasOwn(FORMATS, format))
          throw new HttpError(400, 'invalid_format', `format must be one of ${Object.keys(FORMATS).join(', ')}`);
        const stamped = event.queryStringParameters?.stamped === 'true';
        const extract = await acts.getExtract(item.actesId);
        const key = stamped ? extract?.stamped?.[format] : extract?.documents[format];
        const document = key ? await deps.documents.get(key) : undefined;
        if (!document) throw new HttpError(404, 'not_found', `délibération ${item.number} has no ${stamped ? 'stamped ' : ''}extract yet`);
        const filename = `${item.actesId}${stamped ? '-tamponne' : ''}.${format}`;
        return {
          statusCode: 200,
          headers: { 'content-type': FORMATS[format], 'content-disposition': `inline; filename="${filename}"` },
          body: document.bytes.toString('base64'),
          isBase64Encoded: true,
        };
      }),
    },
    {
      method: 'GET' as const,
      path: '/transmissions',
      handler: authorized(async (event, principal) => {
        const status = event.queryStringParameters?.status;
        if (status !== undefined && !TRANSMISSION_STATUSES.includes(status as TransmissionStatus))
          throw new HttpError(400, 'invalid_status', `status must be one of ${TRANSMISSION_STATUSES.join(', ')}`);
        const statuses = status ? [status as TransmissionStatus] : TRANSMISSION_STATUSES;
        const found = (await Promise.all(statuses.map((s) => acts.listTransmissions(s)))).flat();
        const visible = found.filter((t) => inScope(principal, t.siren)).sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
        return json(200, { transmissions: visible.map(transmissionView) });
      }),
    },
  ];
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

/** Known refusals become their JSON answer; anything else is logged and answered 500 with the request id only. */
async function answerError(request: middy.Request<Event, Response, Error, Context>): Promise<void> {
  const error = request.error;
  if (error instanceof HttpError) {
    request.response = json(error.statusCode, error.body);
    return;
  }
  if ((error as { statusCode?: unknown } | null)?.statusCode === 404) {
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
