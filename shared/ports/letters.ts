/**
 * The préfecture's letters about a transmitted act, and the collectivité's answers: a courrier simple,
 * a demande de pièces complémentaires (the delay of the contrôle de légalité is suspended until the
 * pieces come), a lettre d'observations (recours gracieux), the information of a déféré to the
 * tribunal administratif. Each is kept with its documents against the act, once, whatever the
 * number of polls that brought it.
 */
export const LETTER_KINDS = ['courrier', 'pieces', 'observations', 'defere'] as const;
export type LetterKind = (typeof LETTER_KINDS)[number];

/** How the collectivité answers: with its letter (and pieces), refusing (3-3, 4-3), or only acknowledging (3-2, 4-2). */
export type AnswerKind = 'reponse' | 'refus' | 'accuse';

/** A letter as a connector hands it over, not read yet. */
export interface IncomingLetter {
  /** The connector's own id of the letter: S²LOW's transaction, or the name of the @CTES archive. */
  readonly id: string;
  readonly kind: LetterKind;
  readonly actesId: string;
  /** DateCourrierPref, or the DateDepot of a déféré. */
  readonly date: string;
  /** What the préfecture asks or objects: DescriptionPieces, Motif, NatureIllegalite. */
  readonly detail?: string;
  readonly documents: readonly { readonly name: string; readonly bytes: Uint8Array }[];
}

/** A letter the préfecture side lists but that cannot be read (an archive that breaks the norm, a download that failed): left unread. */
export interface UnreadableLetter {
  readonly id: string;
  readonly unreadable: string;
}

/** A file kept in the document store, as a letter or an answer lists it. */
export interface KeptFile {
  readonly name: string;
  readonly key: string;
}

/** The collectivité's answer to a letter: asked for by the secretariat, then sent, then acknowledged. */
export interface LetterAnswer {
  readonly kind: Exclude<AnswerKind, 'accuse'>;
  readonly requestedAt: string;
  /** The collectivité's letter first, then the pieces: each an uploaded file (its SHA-256) with its piece type. */
  readonly files: readonly { readonly file: string; readonly type: string }[];
  readonly sentAt?: string;
  /** How the préfecture side knows the answer (S²LOW's transaction, the @CTES message). */
  readonly reference?: string;
  /** The préfecture's acknowledgement of the answer (3-5, 4-5), its DateReception. */
  readonly acknowledgedOn?: string;
  /** Until when one attempt holds the sending: two deliveries of the request send it once. */
  readonly sendingUntil?: string;
  /** The préfecture side refused it (S²LOW's KO, an anomaly): a new answer may be asked for. */
  readonly refused?: { readonly at: string; readonly detail: string };
}

export interface LetterRecord {
  readonly actesId: string;
  readonly siren: string;
  readonly sessionId: string;
  readonly item: string;
  readonly connector: string;
  readonly id: string;
  readonly kind: LetterKind;
  readonly date: string;
  readonly detail?: string;
  readonly receivedAt: string;
  readonly documents: readonly KeptFile[];
  /** When Registre sent the acknowledgement the protocol requires on receipt (3-2, 4-2). */
  readonly acknowledgedAt?: string;
  readonly answer?: LetterAnswer;
}

export interface LetterStore {
  /** Keeps a letter received; false when it was kept already (the first one stays). */
  createLetter(letter: LetterRecord): Promise<boolean>;
  getLetter(actesId: string, id: string): Promise<LetterRecord | undefined>;
  /** The letters of an act, oldest first. */
  listLetters(actesId: string): Promise<LetterRecord[]>;
  /** Records the acknowledgement sent on receipt. */
  markLetterAcknowledged(actesId: string, id: string, at: string): Promise<void>;
  /** Records the answer asked for, only when the letter has none yet (or one refused); false when it has one. */
  requestAnswer(actesId: string, id: string, answer: LetterAnswer): Promise<boolean>;
  /** Takes the sending of the answer for one attempt until `until`; false when it is sent, refused, or held by another. */
  claimAnswer(actesId: string, id: string, now: string, until: string): Promise<boolean>;
  /** Records that the préfecture side refused the answer. */
  recordAnswerRefused(actesId: string, id: string, refused: { readonly at: string; readonly detail: string }): Promise<void>;
  /** Records the answer sent (and its acknowledgement when it came at once). */
  recordAnswerSent(actesId: string, id: string, sent: Pick<LetterAnswer, 'sentAt' | 'reference' | 'acknowledgedOn'>): Promise<void>;
}

/** What the protocol expects of the collectivité for each kind of letter. */
export const EXPECTED: Readonly<Record<LetterKind, { readonly acknowledge: boolean; readonly answers: readonly AnswerKind[] }>> = {
  // A courrier simple may be answered; nothing has to be sent back.
  courrier: { acknowledge: false, answers: ['reponse'] },
  // The pieces, or a refusal giving the reasons (the delay of the contrôle runs again either way).
  pieces: { acknowledge: true, answers: ['reponse', 'refus'] },
  // The recours gracieux: an answer, or a rejection.
  observations: { acknowledge: true, answers: ['reponse', 'refus'] },
  // The information that the préfet seized the tribunal administratif: nothing to answer here.
  defere: { acknowledge: false, answers: [] },
};
