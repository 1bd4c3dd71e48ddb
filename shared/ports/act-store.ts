/**
 * What Registre keeps of an act once it is adopted and signed, keyed by its @CTES IDActe: its
 * certified extract (documents and PDF fingerprint), its transmission to the préfecture, the
 * préfecture's letters about it (`letters.ts`), and its publication (`publications.ts`).
 */

import type { ClassificationStore } from './classifications.ts';
import type { LetterStore } from './letters.ts';
import type { PublicationStore } from './publications.ts';

export interface ExtractRecord {
  readonly actesId: string;
  readonly sessionId: string;
  readonly item: string;
  readonly siren: string;
  /** Document keys by format. */
  readonly documents: { readonly pdf: string; readonly html: string; readonly txt: string };
  /** SHA-256 of the PDF, hex. */
  readonly sha256: string;
  readonly renderedAt: string;
  /** The copy stamped with the préfecture's acknowledgement, once there is one. */
  readonly stamped?: { readonly pdf: string; readonly html: string; readonly txt: string; readonly sha256: string };
}

export const TRANSMISSION_STATUSES = ['queued', 'sent', 'acknowledged', 'refused', 'cancelled'] as const;
export type TransmissionStatus = (typeof TRANSMISSION_STATUSES)[number];

export interface TransmissionRecord {
  readonly actesId: string;
  readonly sessionId: string;
  readonly item: string;
  readonly siren: string;
  readonly status: TransmissionStatus;
  readonly connector: string;
  readonly queuedAt: string;
  /** When its last transmission message was sent: at its certification, then at each request again. */
  readonly requestedAt?: string;
  /** How many times the schedule asked for it again, its earlier message having died. */
  readonly requeues?: number;
  /** Attempts at submitting it so far (leases taken). */
  readonly attempts?: number;
  readonly sentAt?: string;
  /** The archive sent, kept so that a retry sends the very same bytes. */
  readonly archive?: { readonly key: string; readonly name: string };
  /** How the préfecture side knows the act: IDActe for @CTES, the transaction id for S²LOW. */
  readonly reference?: string;
  readonly acknowledgedAt?: string;
  /** ARActe DateReception: the date printed as "Transmis en préfecture le". */
  readonly receivedOn?: string;
  readonly anomaly?: { readonly nature?: string; readonly detail: string };
  /** When the transmission was cancelled, and why. */
  readonly cancelledAt?: string;
  /**
   * The cancellation: asked for by the collectivité (`requestedAt`, then the préfecture's
   * ARAnnulation DateReception as `receivedOn`), or reported by the préfecture side (S²LOW's status 0).
   */
  readonly cancellation?: {
    readonly detail: string;
    readonly requestedAt?: string;
    readonly receivedOn?: string;
    /** Until when one attempt holds the sending of the Annulation. */
    readonly sendingUntil?: string;
    /** The préfecture side refused the Annulation (S²LOW's KO): it may be asked for again. */
    readonly refused?: { readonly at: string; readonly detail: string };
  };
  /** The last state the préfecture side reported (S²LOW's status), since when. */
  readonly reported?: PrefectureStatus & { readonly since: string };
}

/**
 * A state of the préfecture side that says more than "no answer yet": S²LOW's status of the
 * transaction, its label and what it means for the act. `attention` says what a person must do when
 * the act waits for one (a transaction to confirm or sign in S²LOW, an error to read).
 */
export interface PrefectureStatus {
  readonly code: string;
  readonly label: string;
  readonly meaning: string;
  readonly attention?: string;
}

/** A NumeroInterne of a collectivité. */
export interface ActNumber {
  readonly siren: string;
  readonly numero: string;
}

export interface ActStore extends PublicationStore, LetterStore, ClassificationStore {
  /**
   * Reserves a NumeroInterne of a collectivité for a séance: a number is unique per collectivité,
   * whatever the date (S²LOW refuses it a second time). Returns the séance holding it when another
   * one does; claiming one's own again is fine.
   */
  claim(number: ActNumber, sessionId: string): Promise<string | undefined>;
  /** The séance holding a number, if any. */
  holder(number: ActNumber): Promise<string | undefined>;
  /** The séance holding each of these numbers, if any, in their order: read together. */
  holders(numbers: readonly ActNumber[]): Promise<(string | undefined)[]>;
  /** Gives back a claim, only if this séance holds it. */
  release(number: ActNumber, sessionId: string): Promise<void>;

  getExtract(actesId: string): Promise<ExtractRecord | undefined>;
  /** Records an extract; false when the act has one already (the first one stays). */
  createExtract(extract: ExtractRecord): Promise<boolean>;
  recordStamped(actesId: string, stamped: NonNullable<ExtractRecord['stamped']>): Promise<void>;

  getTransmission(actesId: string): Promise<TransmissionRecord | undefined>;
  /** Creates the transmission once per IDActe; false when it exists already. */
  createTransmission(transmission: TransmissionRecord): Promise<boolean>;
  /**
   * Moves a transmission on, only from one of the statuses in `from`; false when it had moved already
   * (so a second acknowledgement changes nothing).
   */
  updateTransmission(actesId: string, from: readonly TransmissionStatus[], change: Partial<TransmissionRecord>): Promise<boolean>;
  /**
   * Takes a queued transmission for one worker until `until`, counting the attempt; returns it as it
   * stands then, or undefined when another worker holds it. A lease that has run out (its worker
   * died) can be taken again.
   */
  leaseTransmission(actesId: string, now: string, until: string): Promise<TransmissionRecord | undefined>;
  /**
   * Records that a queued transmission is asked for again now, only if its last request is still
   * `previousRequestedAt`: of two schedules at once, one sends the message.
   */
  markRequeued(actesId: string, previousRequestedAt: string, now: string): Promise<boolean>;
  /**
   * Takes the sending of an acknowledged transmission's asked cancellation for one attempt until
   * `until`; false when none is asked, it was refused, or another attempt holds it.
   */
  claimCancellation(actesId: string, now: string, until: string): Promise<boolean>;
  /** Gives a lease back early (the attempt failed and may be retried at once). */
  releaseTransmission(actesId: string, until: string): Promise<void>;
  /** Transmissions in a status, oldest first. */
  listTransmissions(status: TransmissionStatus): Promise<TransmissionRecord[]>;
  /** The next envelope serial of a collectivité (its @CTES envelope counter). */
  nextEnvelopeSerial(siren: string): Promise<number>;
}
