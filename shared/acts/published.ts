/**
 * What the public site shows (CGCT L2131-1, L2121-25): a published act, denormalised from its séance,
 * and the list of the délibérations a closed séance examined.
 */
import type { SessionState } from '#domain/session';
import { isElection, type VoteRecord } from '#domain/session-state';
import { outcomeText } from '#domain/vote';
import type { PublicationClaim, PublishedAct, PublishedSeance } from '#ports/publications';
import type { Act } from './act-documents.ts';

/** Whether the vote made the act, and what the act says of it: "adoptée à l'unanimité", "rejetée", or who was elected. */
export function outcomeOf(vote: VoteRecord): { adopted: boolean; outcome: string } {
  if (isElection(vote)) return { adopted: true, outcome: vote.election.statement };
  return { adopted: vote.outcome.adopted, outcome: outcomeText(vote.outcome) };
}

/** The act as the public site and the open data show it. */
export function publishedActOf(
  act: Act,
  claim: PublicationClaim,
  stored: { keys: PublishedAct['documents']; sha256: string },
): PublishedAct {
  const { state, item } = act;
  const vote = item.vote!;
  const { assembly } = state;
  return {
    actesId: item.actesId,
    siren: assembly.siren,
    sessionId: state.sessionId,
    item: item.number,
    label: item.label ?? item.number,
    title: item.title,
    decisionDate: state.date,
    nature: item.nature,
    ...(item.matiere && { matiere: item.matiere }),
    ...outcomeOf(vote),
    ...(!isElection(vote) && {
      vote: { inOffice: vote.quorum.inOffice, pour: vote.count.pour, contre: vote.count.contre, abstention: vote.count.abstention },
    }),
    ...(item.budget && { budget: item.budget }),
    assembly: {
      name: assembly.name,
      departement: assembly.departement,
      kind: assembly.kind,
      ...(assembly.siret && { siret: assembly.siret }),
    },
    ...(claim.receivedOn && { receivedOn: claim.receivedOn }),
    publishedAt: claim.publishedAt,
    executoireOn: claim.executoireOn,
    documents: stored.keys,
    sha256: stored.sha256,
  };
}

/**
 * The list of the délibérations a closed séance examined, adopted and rejected (L2121-25), published
 * when its closing was recorded (`publishedAt`); `published` are its acts published so far, linked from the list.
 */
export function publishedSeanceOf(state: SessionState, publishedAt: string, published: readonly PublishedAct[]): PublishedSeance {
  const publishedIds = new Set(published.map((act) => act.actesId));
  return {
    siren: state.assembly.siren,
    sessionId: state.sessionId,
    assemblyName: state.assembly.name,
    date: state.date,
    publishedAt,
    deliberations: state.items.flatMap((item) =>
      item.vote
        ? [
            {
              number: item.number,
              label: item.label ?? item.number,
              title: item.title,
              ...outcomeOf(item.vote),
              ...(publishedIds.has(item.actesId) && { publishedAs: item.actesId }),
            },
          ]
        : [],
    ),
  };
}
