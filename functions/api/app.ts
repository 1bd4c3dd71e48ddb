/**
 * The HTTP API as one Lambda behind API Gateway (payload format 2.0): routes, bearer-token check,
 * and errors turned into JSON answers — a stack trace never leaves the function. The public site's
 * routes (`public-routes.ts`) are the only ones without a token.
 */
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import middy from '@middy/core';
import httpRouter from '@middy/http-router';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { actOf, documentFilename, FORMATS, type Act, type Format } from '#acts/act-documents';
import { Siren } from '#events/session-events';
import { TRANSMISSION_STATUSES, type ActStore } from '#ports/act-store';
import type { DocumentStore } from '#ports/document-store';
import type { MessageQueue } from '#ports/message-queue';
import type { PublicationRequest } from '#messages/certification-request';
import { inScope } from '#runtime/access-tokens';
import { logger } from '#runtime/logger';
import { observed } from '#runtime/observability';
import { acceptEvents, type AcceptEventsDeps } from './accept-events.ts';
import { adminRoutes, type AdminDeps } from './admin-routes.ts';
import { annexRoutes } from './annex-routes.ts';
import { classificationRoutes } from './classification-routes.ts';
import { dialogueRoutes, type DialogueApiDeps } from './dialogue-routes.ts';
import { linkAnswer } from './document-links.ts';
import { HttpError, json, type Response } from './http.ts';
import { publicRoutes, type PublicDeps } from './public-routes.ts';
import {
  authorizer,
  invalid,
  keyOf,
  parseBody,
  type Event,
  type TokenCheck,
  type ItemParams,
  type Params,
  type SessionParams,
} from './requests.ts';
import { assembliesView, eventsView, itemView, sessionsView, sessionView, transmissionView } from './views.ts';

export interface ApiDeps extends AcceptEventsDeps, AdminDeps, PublicDeps, DialogueApiDeps {
  readonly acts: ActStore;
  readonly documents: DocumentStore;
  /** The certification queue, where a publication the secretariat asks for goes (`certify-act` renders it). */
  readonly publications: MessageQueue;
  /** Checks the bearer tokens (`tokenVerifier`). */
  readonly verifyToken: TokenCheck;
}

export function makeApiHandler(deps: ApiDeps) {
  return middy<Event, Response, Error, Context>()
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(observed())
    .use({ onError: answerError })
    .handler(httpRouter<Event, Response>({ routes: apiRoutes(deps) }));
}

/** The routes of the API, each a method, a path template and its handler: what docs/openapi.yaml describes. */
export function apiRoutes(deps: ApiDeps) {
  const { sessions, acts } = deps;

  const authorized = authorizer(deps.verifyToken);

  async function openedSession(params: SessionParams) {
    const { state } = await sessions.load(keyOf(params));
    if (!state) throw new HttpError(404, 'not_found', `no séance ${params.sessionId} of the collectivité ${params.siren} has been opened`);
    return state;
  }

  const noItem = ({ sessionId, number }: ItemParams) =>
    new HttpError(404, 'not_found', `délibération ${number} is not on the agenda of séance ${sessionId}`);

  async function act(params: ItemParams): Promise<Act> {
    const found = await actOf(sessions, await openedSession(params), params.number);
    if (!found) throw noItem(params);
    return found;
  }

  /** An item of the projection: enough to know its act, without its texts. */
  async function itemOf(params: ItemParams) {
    const item = (await openedSession(params)).items.find((i) => i.number === params.number);
    if (!item) throw noItem(params);
    return item;
  }

  const SESSION = '/assemblies/{siren}/sessions/{sessionId}';
  return [
    { method: 'GET' as const, path: '/health', handler: async () => json(200, { status: 'ok' }) },
    {
      method: 'GET' as const,
      path: '/assemblies',
      handler: authorized(async (_, principal) => {
        const assemblies = await sessions.index.assemblies();
        return json(200, assembliesView(assemblies.filter((assembly) => inScope(principal, assembly.siren))));
      }),
    },
    {
      method: 'GET' as const,
      path: '/assemblies/{siren}/sessions',
      handler: authorized<Params & { siren: string }>(async (event, _, { siren }) => {
        const query = SessionsQuery.safeParse(event.queryStringParameters ?? {});
        if (!query.success) throw invalid('invalid_query', query.error, 'query');
        return json(200, sessionsView(siren, await sessions.index.sessions(siren, query.data)));
      }),
    },
    {
      method: 'POST' as const,
      path: `${SESSION}/events`,
      handler: authorized<SessionParams>(async (event, principal, params) =>
        acceptEvents(keyOf(params), parseBody(event), principal, deps),
      ),
    },
    {
      method: 'GET' as const,
      path: SESSION,
      handler: authorized<SessionParams>(async (_, __, params) => {
        const state = await openedSession(params);
        const signed = state.items.filter((item) => item.status === 'signed').map((item) => item.actesId);
        const found = await Promise.all(signed.map((actesId) => acts.getTransmission(actesId)));
        return json(200, sessionView(state, new Map(found.filter((t) => t !== undefined).map((t) => [t.actesId, t]))));
      }),
    },
    {
      method: 'GET' as const,
      path: `${SESSION}/events`,
      handler: authorized<SessionParams>(async (event, __, params) => {
        const query = LogQuery.safeParse(event.queryStringParameters ?? {});
        if (!query.success) throw invalid('invalid_query', query.error, 'query');
        const log = await sessions.log(keyOf(params));
        if (log.length === 0)
          throw new HttpError(404, 'not_found', `no event was recorded for séance ${params.sessionId} of the collectivité ${params.siren}`);
        // With include=events, the events themselves: what the console folds through the rules in the page.
        const bodies =
          query.data.include === 'events'
            ? await sessions.find(
                keyOf(params),
                log.map((entry) => entry.eventId),
              )
            : undefined;
        return json(200, { siren: params.siren, sessionId: params.sessionId, events: eventsView(log, bodies) });
      }),
    },
    {
      method: 'GET' as const,
      path: `${SESSION}/items/{number}`,
      handler: authorized<ItemParams>(async (_, __, params) => {
        const { state, item, texts } = await act(params);
        const [extract, transmission, publication, letters] = await Promise.all([
          acts.getExtract(item.actesId),
          acts.getTransmission(item.actesId),
          acts.getPublished(params.siren, item.actesId),
          acts.listLetters(item.actesId),
        ]);
        return json(200, itemView(state, item, texts, { extract, transmission, publication, letters, publicSiteUrl: deps.publicSiteUrl }));
      }),
    },
    {
      method: 'POST' as const,
      path: `${SESSION}/items/{number}/publication`,
      handler: authorized<ItemParams>(async (_, principal, params) => {
        if (principal.role !== 'secretariat')
          throw new HttpError(403, 'forbidden', `the ${principal.role} role does not publish acts; the secretariat does`);
        const item = await itemOf(params);
        const [transmission, publication] = await Promise.all([
          acts.getTransmission(item.actesId),
          acts.getPublished(params.siren, item.actesId),
        ]);
        if (publication) return json(200, { actesId: item.actesId, status: 'published', publishedAt: publication.publishedAt });
        // Registre publishes the copy stamped by the préfecture: an act is published once acknowledged.
        if (transmission?.status !== 'acknowledged')
          throw new HttpError(
            409,
            'not_acknowledged',
            `délibération ${item.number} is not acknowledged by the préfecture yet (${transmission?.status ?? 'not transmitted'}): it is published once acknowledged`,
          );
        const request: PublicationRequest = { type: 'PublicationRequested', version: 1, actesId: item.actesId };
        await deps.publications.send([{ body: JSON.stringify(request) }]);
        return json(202, { actesId: item.actesId, status: 'requested' });
      }),
    },
    {
      method: 'GET' as const,
      path: `${SESSION}/items/{number}/extract/{format}`,
      handler: authorized<ItemParams & { format: Format }>(async (event, _, params) => {
        // The projection says which act it is; its texts are not needed to serve a document.
        const item = await itemOf(params);
        const query = DocumentQuery.safeParse(event.queryStringParameters ?? {});
        if (!query.success) throw invalid('invalid_query', query.error, 'query');
        const { format } = params;
        const stamped = query.data.stamped === 'true';
        const extract = await acts.getExtract(item.actesId);
        const key = stamped ? extract?.stamped?.[format] : extract?.documents[format];
        if (!key) throw new HttpError(404, 'not_found', `délibération ${item.number} has no ${stamped ? 'stamped ' : ''}extract yet`);
        return linkAnswer(event, deps.documents, key, {
          filename: documentFilename(item.actesId, stamped, format),
          contentType: FORMATS[format],
          download: query.data.download === 'true',
        });
      }),
    },
    {
      method: 'GET' as const,
      path: '/transmissions',
      handler: authorized(async (event, principal) => {
        const query = TransmissionQuery.safeParse(event.queryStringParameters ?? {});
        if (!query.success) throw invalid('invalid_query', query.error, 'query');
        const { status, siren } = query.data;
        if (siren !== undefined && !inScope(principal, siren))
          throw new HttpError(403, 'forbidden', `this token does not act for the collectivité ${siren}`);
        const statuses = status ? [status] : TRANSMISSION_STATUSES;
        const found = (await Promise.all(statuses.map((s) => acts.listTransmissions(s)))).flat();
        const visible = found
          .filter((t) => inScope(principal, t.siren) && (siren === undefined || t.siren === siren))
          .sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
        return json(200, { transmissions: visible.map(transmissionView) });
      }),
    },
    ...annexRoutes(deps, authorized),
    ...dialogueRoutes(deps, authorized, itemOf),
    ...classificationRoutes(deps, authorized),
    ...adminRoutes(deps, authorized),
    ...publicRoutes(deps),
  ];
}

const SessionDate = z.iso.date({ error: 'must be a date as YYYY-MM-DD' }).optional();
/** The dates of the séances listed, both included. */
const SessionsQuery = z.strictObject({ from: SessionDate, to: SessionDate });

const TrueOrFalse = z.enum(['true', 'false'], { error: 'must be "true" or "false"' }).optional();
const DocumentQuery = z.strictObject({ stamped: TrueOrFalse, download: TrueOrFalse });

const LogQuery = z.strictObject({ include: z.literal('events', { error: 'must be "events"' }).optional() });

const TransmissionQuery = z.object({
  status: z.enum(TRANSMISSION_STATUSES, { error: `must be one of ${TRANSMISSION_STATUSES.join(', ')}` }).optional(),
  siren: Siren.optional(),
});

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
      message: `no route for ${request.event.requestContext?.http?.method} ${String(request.event.rawPath).slice(0, 200)}`,
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
