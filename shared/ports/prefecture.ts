/**
 * The way to the préfecture's contrôle de légalité: push an act, then learn what became of it.
 * Two implementations: the @CTES archive pushed to an endpoint, and the S²LOW API of a tiers de
 * télétransmission.
 */
import type { ReturnMessage } from '#actes/actes-xml';
import type { NatureAbbreviation } from '#events/vocabulary';
import type { PrefectureStatus } from './act-store.ts';
import type { ClassificationAnswer } from '#actes/classification-xml';
import type { AnswerKind, IncomingLetter, LetterKind, UnreadableLetter } from './letters.ts';

export type { PrefectureStatus } from './act-store.ts';

export interface Submission {
  readonly actesId: string;
  readonly nature: NatureAbbreviation;
  readonly numeroInterne: string;
  readonly decisionDate: string;
  readonly objet: string;
  readonly matieres: readonly number[];
  readonly pdf: Uint8Array;
  /** The annexes, in their order: piece type (TypePJ), file extension, bytes. */
  readonly annexes: readonly { readonly type: string; readonly extension: string; readonly bytes: Uint8Array }[];
  /** The @CTES archive (envelope, message, document) and its file name, for the connectors that send one. */
  readonly archive?: { readonly name: string; readonly bytes: Uint8Array };
}

/** What the préfecture said of an act, when it has said something. */
export type PrefectureReply =
  | {
      readonly status: 'acknowledged';
      readonly idActe: string;
      readonly receivedOn: string;
      /** ClassificationDateVersionEnCours: the version of the classification the préfecture holds current. */
      readonly classificationDate?: string;
      readonly reported?: PrefectureStatus;
    }
  | { readonly status: 'refused'; readonly nature?: string; readonly detail: string; readonly reported?: PrefectureStatus }
  /** The transmission was cancelled (S²LOW status 0, or the préfecture's ARAnnulation). */
  | { readonly status: 'cancelled'; readonly detail: string; readonly reported?: PrefectureStatus }
  /** Still in the préfecture side's hands, in this state. */
  | { readonly status: 'waiting'; readonly reported: PrefectureStatus };

/** A message of the collectivité in the dialogue that follows a transmission, ready to send. */
export interface OutgoingMessage {
  readonly actesId: string;
  /** What it is: an answer to a letter (or its acknowledgement), or the cancellation of the transmission. */
  readonly answer: AnswerKind | 'annulation';
  /** The letter answered, as the connector knows it. */
  readonly letter?: { readonly id: string; readonly kind: LetterKind };
  /** The transmission's reference on the préfecture side (S²LOW's transaction of the act). */
  readonly reference?: string;
  /** Its files, the collectivité's letter first, each with its piece type and @CTES name. */
  readonly files: readonly { readonly name: string; readonly type: string; readonly bytes: Uint8Array }[];
  /** The @CTES archive (envelope, message, files), for the connectors that send one. */
  readonly archive?: { readonly name: string; readonly bytes: Uint8Array };
}

export type SentMessage =
  | {
      readonly status: 'sent';
      /** How the préfecture side knows the message. */
      readonly reference: string;
      /** The préfecture's acknowledgement when it came at once (ARAnnulation, ARPieceComplementaire…): its DateReception. */
      readonly acknowledgedOn?: string;
    }
  /** The préfecture side refused the message itself (S²LOW's KO, an anomaly): sending it again would not do. */
  | { readonly status: 'refused'; readonly detail: string };

/** A request for the préfecture's classification (DemandeClassification, 7-1). */
export interface ClassificationRequest {
  readonly siren: string;
  /** The date of the classification held, if one is. */
  readonly held?: string;
  /** A newer version the préfecture announced (an ARActe's ClassificationDateVersionEnCours). */
  readonly wanted?: string;
  /** The @CTES archive of the request, for the connectors that send one. */
  readonly archive?: { readonly name: string; readonly bytes: Uint8Array };
}

export type SubmitResult =
  /** Accepted for processing; `reference` finds it again; the reply is there when it came at once. */
  | { readonly status: 'submitted'; readonly reference: string; readonly reply?: PrefectureReply }
  /** `duplicate`: the préfecture side already holds this act — maybe from an attempt whose answer was lost. */
  | { readonly status: 'refused'; readonly nature?: string; readonly detail: string; readonly duplicate?: boolean };

export interface PrefectureConnector {
  readonly name: 'actes' | 's2low';
  /** Whether it sends the @CTES archive (the S²LOW API builds its own from a form). */
  readonly sendsArchive: boolean;
  /** Throws when the préfecture side cannot be reached (or answers 5xx): the queue retries later. */
  submit(submission: Submission): Promise<SubmitResult>;
  /** Undefined, or `waiting` with the state it is in, while the acknowledgement is still awaited. */
  poll(reference: string): Promise<PrefectureReply | undefined>;
  /**
   * The act as the préfecture side holds it, if it does: asked before sending again after an
   * attempt that may have sent it before dying, so that an act is sent once. Connectors without a
   * lookup by IDActe (S²LOW refuses the same number instead) leave it out.
   */
  lookup?(actesId: string): Promise<Extract<SubmitResult, { status: 'submitted' }> | undefined>;
  /** The préfecture's letters not read yet, with their documents; one that cannot be read is said so, and does not hold the others back. */
  letters(): Promise<(IncomingLetter | UnreadableLetter)[]>;
  /** Tells the préfecture side a letter is received and kept: it is not handed over again. */
  markRead(letter: IncomingLetter): Promise<void>;
  /** Sends an answer, an acknowledgement or a cancellation; throws when the préfecture side cannot take it now, answers `refused` when it refuses it. */
  send(message: OutgoingMessage): Promise<SentMessage>;
  /** The préfecture's classification, or that the one held is current. */
  classification(request: ClassificationRequest): Promise<ClassificationAnswer>;
  /**
   * Whether the classification it hands over is a copy kept on the way (S²LOW keeps the préfecture's
   * last one) rather than the préfecture's own answer: a newer version announced stays wanted then.
   */
  readonly classificationFromCopy: boolean;
}

/** The préfecture side could not be reached or failed; the same submission may be retried. */
export class PrefectureUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PrefectureUnavailableError';
  }
}

/** What an ARActe or an AnomalieActe says, as a reply. */
export function replyOf(message: ReturnMessage): PrefectureReply {
  return message.kind === 'ARActe'
    ? {
        status: 'acknowledged',
        idActe: message.idActe,
        receivedOn: message.dateReception,
        ...(message.classificationDateEnCours && { classificationDate: message.classificationDateEnCours }),
      }
    : { status: 'refused', nature: message.nature, detail: message.detail };
}
