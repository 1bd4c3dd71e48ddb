/**
 * The work of `transmit-act`, the one function that speaks to the préfecture: the act to push (from
 * `certify-act`), the answer to a préfecture's letter and the cancellation of a transmission (both
 * asked for by the secretariat through the API), each by the act's @CTES IDActe; and the
 * préfecture's classification of a collectivité, asked for again.
 */
import * as z from 'zod';

export const TransmissionRequest = z.strictObject({
  type: z.literal('TransmissionRequested'),
  version: z.literal(1),
  actesId: z.string().min(1),
});

export const LetterAnswerRequest = z.strictObject({
  type: z.literal('LetterAnswerRequested'),
  version: z.literal(1),
  actesId: z.string().min(1),
  /** The letter answered, by the connector's id. */
  letterId: z.string().min(1).max(200),
});

export const CancellationRequest = z.strictObject({
  type: z.literal('CancellationRequested'),
  version: z.literal(1),
  actesId: z.string().min(1),
});

/** The préfecture's classification asked for again, for a collectivité (its envelope needs where it is). */
export const ClassificationRequest = z.strictObject({
  type: z.literal('ClassificationRequested'),
  version: z.literal(1),
  siren: z.string().regex(/^\d{9}$/),
  departement: z.string().min(1).max(3),
  arrondissement: z.string().optional(),
});

export const TransmissionQueueMessage = z.discriminatedUnion('type', [
  TransmissionRequest,
  LetterAnswerRequest,
  CancellationRequest,
  ClassificationRequest,
]);

export type TransmissionRequest = z.infer<typeof TransmissionRequest>;
export type LetterAnswerRequest = z.infer<typeof LetterAnswerRequest>;
export type CancellationRequest = z.infer<typeof CancellationRequest>;
export type ClassificationRequest = z.infer<typeof ClassificationRequest>;
export type TransmissionQueueMessage = z.infer<typeof TransmissionQueueMessage>;
