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
