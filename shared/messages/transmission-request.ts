/** The work `certify-act` hands to `transmit-act`: the act to push, by its @CTES IDActe. */
import * as z from 'zod';

export const TransmissionRequest = z.strictObject({
  type: z.literal('TransmissionRequested'),
  version: z.literal(1),
  actesId: z.string().min(1),
});

export type TransmissionRequest = z.infer<typeof TransmissionRequest>;
