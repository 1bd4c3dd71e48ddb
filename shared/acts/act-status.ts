/**
 * Where a délibération stands, from the agenda to the préfecture's answer: one status read the same
 * way in the API, the command line and the console. The séance knows the vote and the signature; the
 * act store knows the extract, the transmission and the publication, which take over once they exist.
 */
import type { ItemState } from '#domain/session';
import type { ExtractRecord, TransmissionRecord } from '#ports/act-store';
import type { PublicationClaim } from '#ports/publications';

export const ACT_STATUSES = [
  'pending',
  'voted',
  'signed',
  'certified',
  'transmitted',
  'acknowledged',
  'published',
  'refused',
  'cancelled',
] as const;
export type ActStatus = (typeof ACT_STATUSES)[number];

/** As a secretariat says it of a délibération. */
export const ACT_STATUS_LABELS: Readonly<Record<ActStatus, string>> = {
  pending: 'à voter',
  voted: 'votée',
  signed: 'signée',
  certified: 'certifiée',
  transmitted: 'transmise',
  acknowledged: 'acquittée',
  published: 'publiée',
  refused: 'refusée',
  cancelled: 'transmission annulée',
};

const BY_TRANSMISSION: Readonly<Record<TransmissionRecord['status'], ActStatus>> = {
  queued: 'certified',
  sent: 'transmitted',
  acknowledged: 'acknowledged',
  refused: 'refused',
  cancelled: 'cancelled',
};

/** Where an act stands once its transmission exists: what the transmission's own status means. */
export const transmissionActStatus = (transmission: Pick<TransmissionRecord, 'status'>): ActStatus => BY_TRANSMISSION[transmission.status];

export function actStatus(
  item: Pick<ItemState, 'status'>,
  extract?: ExtractRecord,
  transmission?: TransmissionRecord,
  publication?: PublicationClaim,
): ActStatus {
  if (publication) return 'published';
  if (transmission) return transmissionActStatus(transmission);
  if (extract) return 'certified';
  return item.status;
}
