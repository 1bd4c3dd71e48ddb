/**
 * What the public site and the open data show of a collectivité: its published acts (CGCT L2131-1)
 * and the lists of the délibérations its séances examined (L2121-25). Only what is published is here.
 */
import type { AssemblyKind, NatureAbbreviation } from '#events/vocabulary';

/** An act as it was published: denormalised, so that a public page or the open data read one partition. */
export interface PublishedAct {
  /** @CTES IDActe, e.g. "035-223500018-20250320-AD_2025_0043-DE". */
  readonly actesId: string;
  readonly siren: string;
  readonly sessionId: string;
  /** The item's number in the séance (NumeroInterne). */
  readonly item: string;
  /** As the act prints its number, e.g. "AD 2025 0043". */
  readonly label: string;
  readonly title: string;
  /** The date of the séance, YYYY-MM-DD. */
  readonly decisionDate: string;
  readonly nature: NatureAbbreviation;
  /** @CTES classification code, e.g. "7.1.2". */
  readonly matiere?: string;
  readonly adopted: boolean;
  /** What the act says after "la délibération est", e.g. "adoptée à l'unanimité". */
  readonly outcome: string;
  /** The counts of a délibération's vote; absent for an election. */
  readonly vote?: {
    /** Members in office (SCDL VOTE_EFFECTIF). */
    readonly inOffice: number;
    readonly pour: number;
    readonly contre: number;
    readonly abstention: number;
  };
  readonly budget?: { readonly year: string; readonly name: string };
  /** Its kind says which article publishes it: L2131-1 (communes, and EPCI by L5211-3), L3131-1, L4141-1. */
  readonly assembly: { readonly name: string; readonly siret?: string; readonly departement: string; readonly kind?: AssemblyKind };
  /** ARActe DateReception, YYYY-MM-DD; absent for an act not subject to transmission. */
  readonly receivedOn?: string;
  /** When it was published, ISO 8601. */
  readonly publishedAt: string;
  /** The day it came into force, YYYY-MM-DD (L2131-1): the later of its publication and its reception. */
  readonly executoireOn: string;
  /** Keys of the published documents, under `public/documents/`. */
  readonly documents: { readonly pdf: string; readonly html: string; readonly txt: string };
  /** SHA-256 of the published PDF, hex. */
  readonly sha256: string;
}

/** A délibération on the published list of a séance (L2121-25). */
export interface ListedDeliberation {
  readonly number: string;
  readonly label: string;
  readonly title: string;
  readonly adopted: boolean;
  /** e.g. "adoptée à l'unanimité", "rejetée", "élection". */
  readonly outcome: string;
  /** Its IDActe once the act itself is published. */
  readonly publishedAs?: string;
}

/** The list of the délibérations a closed séance examined, published once it closed (L2121-25). */
export interface PublishedSeance {
  readonly siren: string;
  readonly sessionId: string;
  readonly assemblyName: string;
  /** The séance's date, YYYY-MM-DD. */
  readonly date: string;
  /** When the séance's closing was recorded, and its list published with it, ISO 8601. */
  readonly publishedAt: string;
  readonly deliberations: readonly ListedDeliberation[];
}

/** An act's publication as recorded once, before its documents: its date never changes after (L2131-1). */
export interface PublicationClaim {
  readonly actesId: string;
  readonly siren: string;
  readonly publishedAt: string;
  readonly executoireOn: string;
  readonly receivedOn?: string;
}

/** Dates as YYYY-MM-DD, both included; either may be left open. */
export interface PublishedRange {
  readonly from?: string;
  readonly to?: string;
}

/**
 * Where publications are kept. A publication is never removed nor changed: an act is superseded only
 * by the publication of the act withdrawing it.
 */
export interface PublicationStore {
  /** Records the publication once; returns the one that holds (the first, when another was recorded before). */
  claimPublication(claim: PublicationClaim): Promise<PublicationClaim>;
  /** Lists a published act on its collectivité's site, once its documents are stored; false when it was listed already. */
  putPublished(act: PublishedAct): Promise<boolean>;
  getPublished(siren: string, actesId: string): Promise<PublishedAct | undefined>;
  /** A collectivité's published acts decided within `range`, oldest first. */
  listPublished(siren: string, range?: PublishedRange): Promise<PublishedAct[]>;
}
