/**
 * The work `session-events` hands to `certify-act` when an adopted délibération is signed: enough to
 * find the act again, nothing that could drift from the séance's projection.
 */
import * as z from 'zod';
import { ItemNumber, SessionId, Siren } from '#events/session-events';

export const CertificationRequest = z.strictObject({
  type: z.literal('CertificationRequested'),
  version: z.literal(2),
  /** The séance: its collectivité and its id. */
  siren: Siren,
  sessionId: SessionId,
  item: ItemNumber,
  /** The @CTES IDActe: certification and transmission happen once per act, keyed by it. */
  actesId: z.string(),
  /** The ActSigned event that asked for it. */
  eventId: z.string(),
});

export type CertificationRequest = z.infer<typeof CertificationRequest>;

/**
 * The secretariat's publication of an acknowledged act (CGCT L2131-1), which the API hands to
 * `certify-act`: the function that renders documents publishes them too.
 */
export const PublicationRequest = z.strictObject({
  type: z.literal('PublicationRequested'),
  version: z.literal(1),
  actesId: z.string(),
});

export type PublicationRequest = z.infer<typeof PublicationRequest>;

/** What the certification queue carries. */
export const CertificationQueueMessage = z.discriminatedUnion('type', [CertificationRequest, PublicationRequest]);

export type CertificationQueueMessage = z.infer<typeof CertificationQueueMessage>;
