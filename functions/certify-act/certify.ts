/**
 * Certifies an adopted and signed délibération: renders its extract once (PDF, HTML, text) into the
 * bucket with the PDF's SHA-256 in the table, creates its transmission once per IDActe, and queues
 * it. Run again for the same act, it finds what it did and only queues a transmission still queued.
 */
import { actOf } from '#acts/act-documents';
import { storeExtract } from '#acts/store-extract';
import { makesAnAct } from '#domain/session-state';
import { publishAct, type PublishOutcome } from '#acts/publish-act';
import type { CertificationQueueMessage, CertificationRequest } from '#messages/certification-request';
import type { TransmissionRequest } from '#messages/transmission-request';
import type { ActStore } from '#ports/act-store';
import type { DocumentStore } from '#ports/document-store';
import type { MessageQueue } from '#ports/message-queue';
import type { SessionStore } from '#ports/session-store';
import { count } from '#runtime/observability';

export interface CertifyDeps {
  readonly sessions: SessionStore;
  readonly acts: ActStore;
  readonly documents: DocumentStore;
  readonly transmissions: MessageQueue;
  /** Name of the préfecture connector the transmission will go through. */
  readonly connector: string;
  readonly now: () => Date;
}

export type CertifyOutcome = 'queued' | 'already transmitted' | 'not certifiable';

/** The séance projection does not show the signature yet; the queue will bring the request back. */
export class ProjectionBehindError extends Error {
  constructor(request: CertificationRequest) {
    super(`séance ${request.sessionId} does not show délibération ${request.item} signed yet`);
    this.name = 'ProjectionBehindError';
  }
}

/**
 * session-events hands the request on just before it moves the projection (so that a crash never
 * loses it): the signature may show a few milliseconds later. Re-read, soon then less often, for about
 * five seconds, then let SQS retry. The act's texts are read once the signature shows.
 */
async function signedAct(request: CertificationRequest, sessions: SessionStore, attempts = 24) {
  for (let attempt = 1, pauseMs = 20; ; attempt++, pauseMs = Math.min(pauseMs * 2, 250)) {
    const { state } = await sessions.load({ siren: request.siren, sessionId: request.sessionId });
    if (state?.items.find((item) => item.number === request.item)?.signature) {
      const act = await actOf(sessions, state, request.item);
      if (act) return act;
    }
    if (attempt >= attempts) throw new ProjectionBehindError(request);
    await new Promise((done) => setTimeout(done, pauseMs));
  }
}

export async function certifyAct(request: CertificationRequest, deps: CertifyDeps): Promise<CertifyOutcome> {
  const act = await signedAct(request, deps.sessions);
  if (!makesAnAct(act.item.vote) || act.item.actesId !== request.actesId) return 'not certifiable';
  const now = deps.now().toISOString();
  const common = { actesId: request.actesId, sessionId: request.sessionId, item: request.item, siren: act.state.assembly.siren };

  if (!(await deps.acts.getExtract(request.actesId))) {
    const stored = await storeExtract(act, deps.documents);
    // Counted by the attempt whose record stays: of two at once, one; a retry finds it and counts nothing.
    if (await deps.acts.createExtract({ ...common, documents: stored.keys, sha256: stored.sha256, renderedAt: now }))
      count('ActsCertified');
  }
  const created = await deps.acts.createTransmission({
    ...common,
    status: 'queued',
    connector: deps.connector,
    queuedAt: now,
    requestedAt: now,
  });
  const status = created ? 'queued' : (await deps.acts.getTransmission(request.actesId))?.status;
  if (status !== 'queued') return 'already transmitted';
  const message: TransmissionRequest = { type: 'TransmissionRequested', version: 1, actesId: request.actesId };
  await deps.transmissions.send([{ body: JSON.stringify(message) }]);
  return 'queued';
}

/** What certify-act does with a message of its queue: certify an act, or publish one (CGCT L2131-1). */
export const certificationWork =
  (deps: CertifyDeps) =>
  (message: CertificationQueueMessage): Promise<CertifyOutcome | PublishOutcome> =>
    message.type === 'PublicationRequested' ? publishAct(message.actesId, deps) : certifyAct(message, deps);
