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
 * The fewest calls a séance of this shape needs, by function:
 * - api, per event: read the projection (to check the event against the séance), one conditional
 *   append to the log, one send to the FIFO queue — 3;
 * - session-events, per event: record its outcome in the log; per batch of the séance's events (at
 *   most `batchSize` a batch): read the projection and write it back once; per act: one certification
 *   message;
 * - certify-act, per act: read the séance, write the PDF, the HTML and the text (one put per
 *   rendering), record the extract, create the transmission, send it — 7;
 * - transmit-act, per act: take the transmission (a conditional update that returns it), read the
 *   séance and the extract record, get the PDF, put the archive, take the next envelope serial, then
 *   the préfecture's answer: the stamped copy's three renderings and one update recording the answer
 *   with the copy — 11;
 * - the event source mappings: one receive and one delete per batch, at the topology's batch sizes.
 */
export function minimumRequests(shape: SeanceShape): Record<string, number> {
  const { events, deliberations: acts } = shape;
  const batches = (n: number, size: number) => Math.ceil(n / size);
  const size = (queue: 'sessionEvents' | 'certifyAct' | 'transmitAct') => topology.functions[queue].trigger.batchSize;
  return {
    api: 3 * events,
    sessionEvents: events + 2 * batches(events, size('sessionEvents')) + acts,
    certifyAct: 7 * acts,
    transmitAct: 11 * acts,
    'event source': 2 * (batches(events, size('sessionEvents')) + batches(acts, size('certifyAct')) + acts),
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
