/**
 * Publishing an act (CGCT L2131-1): since 1 July 2022 an act is published electronically, in full,
 * on the collectivité's website, and one transmitted to the préfecture is exécutoire once published
 * and received. Registre publishes an acknowledged act: it records the publication's date once, renders
 * the stamped copy with "Publié le … — exécutoire le …" under the bucket's public prefix, then lists
 * it on the public site. Run again, it finds the listing and changes nothing: a publication is never
 * withdrawn nor redated, only superseded by the publication of the act withdrawing it.
 */
import { executoireOn } from '#domain/publication';
import { parisDate } from '#extract/french';
import type { ActStore } from '#ports/act-store';
import type { DocumentStore } from '#ports/document-store';
import type { SessionStore } from '#ports/session-store';
import { count } from '#runtime/observability';
import { loadAct, type Act } from './act-documents.ts';
import { publishedActOf } from './published.ts';
import { storeExtract } from './store-extract.ts';

export interface PublishDeps {
  readonly sessions: SessionStore;
  readonly acts: ActStore;
  readonly documents: DocumentStore;
  readonly now: () => Date;
}

export type PublishOutcome = 'published' | 'already published' | 'not acknowledged';

/** Publishes an act the préfecture acknowledged; `not acknowledged` for any other (unknown, not yet received, refused). */
export async function publishAct(actesId: string, deps: PublishDeps): Promise<PublishOutcome> {
  const transmission = await deps.acts.getTransmission(actesId);
  if (transmission?.status !== 'acknowledged' || transmission.receivedOn === undefined) return 'not acknowledged';
  const act = await loadAct(deps.sessions, { siren: transmission.siren, sessionId: transmission.sessionId }, transmission.item);
  if (!act) throw new Error(`act ${actesId} has no séance ${transmission.sessionId} item ${transmission.item}`);
  return publish(act, transmission.receivedOn, deps);
}

/** Publishes an act received by the préfecture on `receivedOn` (YYYY-MM-DD), the act already read. */
export async function publish(act: Act, receivedOn: string, deps: PublishDeps): Promise<PublishOutcome> {
  const { siren } = act.state.assembly;
  const { actesId } = act.item;
  if (await deps.acts.getPublished(siren, actesId)) return 'already published';
  const now = deps.now();
  const claim = await deps.acts.claimPublication({
    actesId,
    siren,
    publishedAt: now.toISOString(),
    executoireOn: executoireOn(now, receivedOn),
    receivedOn,
  });
  const published = { on: parisDate(new Date(claim.publishedAt)), executoireOn: claim.executoireOn };
  const stored = await storeExtract(act, deps.documents, { receivedOn, actesId, published });
  // Counted by the attempt that lists it: of two at once, one.
  if (!(await deps.acts.putPublished(publishedActOf(act, claim, stored)))) return 'already published';
  count('ActsPublished');
  return 'published';
}
