/**
 * Requests per délibération: what the pipeline made (counted by `request-counter.ts`) against the
 * fewest the design needs, argued call by call below. Empty receives are left out of both: the event
 * source mapping polls an empty queue whether or not there are délibérations (a fixed cost, not one
 * per délibération).
 */
import { topology } from '#infra/topology';
import type { Usage } from './request-counter.ts';

export interface SeanceShape {
  /** Events of one séance: opening, rolls, votes, closing, signatures. */
  readonly events: number;
  /** Its délibérations, each signed, certified, transmitted and acknowledged at once. */
  readonly deliberations: number;
}

/**
 * The fewest calls a séance of this shape needs, by function, its events posted one at a time as the
 * console posts them (so each is a batch of its own on the FIFO queue):
 * - api, per event: read the projection (to check the event against the séance), one conditional
 *   append to the log, one send to the FIFO queue — 3;
 * - session-events, per event: read the projection, write it back, record the event's outcome in the
 *   log — 3; per act: claim its number (the conditional write that keeps a number unique to its
 *   collectivité) and send its certification — 2; per séance: list it when it opens and when it
 *   closes — 2;
 * - certify-act, per act: read the séance, write the PDF, the HTML and the text (one put per
 *   rendering), record the extract, create the transmission, send it — 7;
 * - transmit-act, per act: take the transmission (a conditional update that returns it), read the
 *   séance and the extract record, get the PDF, put the archive, take the next envelope serial, record
 *   it sent, then the préfecture's answer: the stamped copy's three renderings and one update
 *   recording the answer with the copy — 11;
 * - the event source mappings: one receive and one delete per batch, at the topology's batch sizes.
 */
export function minimumRequests(shape: SeanceShape): Record<string, number> {
  const { events, deliberations: acts } = shape;
  const batches = (n: number, size: number) => Math.ceil(n / size);
  const size = (queue: 'certifyAct' | 'transmitAct') => topology.functions[queue].trigger.batchSize;
  return {
    api: 3 * events,
    sessionEvents: 3 * events + 2 * acts + 2,
    certifyAct: 7 * acts,
    transmitAct: 11 * acts,
    'event source': 2 * (events + batches(acts, size('certifyAct')) + batches(acts, size('transmitAct'))),
  };
}

/** The calls made, by caller, empty receives left out. */
export function actualRequests(usage: Usage): Record<string, number> {
  const byCaller: Record<string, number> = {};
  for (const callers of Object.values(usage.calls))
    for (const [caller, figures] of Object.entries(callers)) byCaller[caller] = (byCaller[caller] ?? 0) + figures.calls - figures.empty;
  return byCaller;
}

export const sum = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);
