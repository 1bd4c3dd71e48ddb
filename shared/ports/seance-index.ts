/**
 * The séances a collectivité held, and the collectivités that held any: what the secretariat's
 * console lists. The séance store keys each séance by its id, so nothing lists them there; this
 * index is written by the consumer as séances open and close, from the projection it committed.
 */
import { displayName } from '#domain/attendance';
import type { SessionState } from '#domain/session';
import type { AssemblyKind } from '#events/vocabulary';

/** A collectivité as its latest séance named it. */
export interface AssemblyListing {
  readonly siren: string;
  readonly name: string;
  readonly kind: AssemblyKind;
  readonly departement: string;
}

/** A séance as a list shows it. */
export interface SessionListing {
  readonly sessionId: string;
  readonly date: string;
  readonly assemblyName: string;
  readonly kind: AssemblyKind;
  readonly status: SessionState['status'];
  /** The number of items on its agenda. */
  readonly items: number;
  /** As the acts name the president, e.g. "M. LE MOAL". */
  readonly president: string;
}

/** Dates as YYYY-MM-DD, both included; either may be left open. */
export interface DateRange {
  readonly from?: string;
  readonly to?: string;
}

export interface SeanceIndex {
  /**
   * Lists the séance as this projection has it, and its collectivité. Idempotent, and a projection
   * older than the one listed (a late or repeated write) changes nothing.
   */
  record(state: SessionState): Promise<void>;
  /** Every collectivité that has a séance listed. */
  assemblies(): Promise<AssemblyListing[]>;
  /** The séances of a collectivité held within `range`, newest first. */
  sessions(siren: string, range: DateRange): Promise<SessionListing[]>;
}

export const assemblyListingOf = ({ assembly }: SessionState): AssemblyListing => ({
  siren: assembly.siren,
  name: assembly.name,
  kind: assembly.kind,
  departement: assembly.departement,
});

export const sessionListingOf = (state: SessionState): SessionListing => ({
  sessionId: state.sessionId,
  date: state.date,
  assemblyName: state.assembly.name,
  kind: state.assembly.kind,
  status: state.status,
  items: state.items.length,
  president: displayName(state.members, state.president),
});
