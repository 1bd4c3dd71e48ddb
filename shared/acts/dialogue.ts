/**
 * What the collectivité sends the préfecture after a transmission: the acknowledgement a letter
 * requires on receipt (3-2, 4-2), the secretariat's answer to a letter (2-2, 3-3, 3-4, 4-3, 4-4) with
 * its files, and the cancellation of the transmission (6-1). Each is one @CTES message, in an archive
 * for the connectors that send archives, named as the norm names them: `<IDActe>-3-4_0.xml`, its
 * files `<TypePJ>-<IDActe>-3-4_1.pdf`, `…_2.pdf`.
 */
import { LETTER_CODES, letterFileName, letterXml, type LetterMessageName } from '#actes/letter-messages';
import type { ActStore, TransmissionRecord } from '#ports/act-store';
import type { DocumentStore } from '#ports/document-store';
import type { FailureStore } from '#ports/failure-store';
import type { AnswerKind, LetterKind, LetterRecord } from '#ports/letters';
import type { PrefectureConnector, SentMessage } from '#ports/prefecture';
import type { SessionStore } from '#ports/session-store';
import { count } from '#runtime/observability';
import type { EnvelopeSettings } from '#runtime/prefecture-settings';
import { loadAct } from './act-documents.ts';
import { ANNEX_FORMATS, readAnnexes } from './annexes.ts';
import { outgoingArchive } from './outgoing-archive.ts';
import { closeAttention } from './prefecture-status.ts';

export interface DialogueDeps {
  readonly sessions: SessionStore;
  readonly failures: Pick<FailureStore, 'record' | 'close'>;
  readonly acts: ActStore;
  readonly documents: DocumentStore;
  readonly connector: PrefectureConnector;
  readonly envelope: EnvelopeSettings;
  readonly now: () => Date;
  /** How long one attempt may hold a sending: the function's timeout. */
  readonly leaseSeconds?: number;
}

/** The @CTES message each answer to each kind of letter is. */
const ANSWER_MESSAGES: Readonly<Record<LetterKind, Partial<Record<AnswerKind, LetterMessageName>>>> = {
  courrier: { reponse: 'ReponseCourrierSimple' },
  pieces: { accuse: 'ARDemandePieceComplementaire', refus: 'RefusPieceComplementaire', reponse: 'PieceComplementaire' },
  observations: { accuse: 'ARLettreObservations', refus: 'RejetLettreObservations', reponse: 'ReponseLettreObservations' },
  defere: {},
};

interface Outgoing {
  readonly transmission: TransmissionRecord;
  readonly name: LetterMessageName;
  readonly answer: AnswerKind | 'annulation';
  readonly letter?: LetterRecord;
  readonly files: readonly { readonly type: string; readonly extension: string; readonly bytes: Uint8Array }[];
}

/** Sends one message of the dialogue through the connector, in its archive when the connector sends archives. */
async function send(outgoing: Outgoing, deps: DialogueDeps): Promise<SentMessage> {
  const { transmission, name, letter } = outgoing;
  const { actesId } = transmission;
  const code = LETTER_CODES[name];
  const files = outgoing.files.map((file, index) => ({
    name: `${file.type}-${letterFileName(actesId, code, index + 1, file.extension)}`,
    type: file.type,
    bytes: file.bytes,
  }));
  const message = letterXml({ name, idActe: actesId, date: letter?.date ?? '', documents: files.map((f) => f.name) });
  const archive = deps.connector.sendsArchive
    ? await outgoingArchive(await collectiviteOf(transmission, deps), { name: letterFileName(actesId, code), bytes: message }, files, deps)
    : undefined;
  return deps.connector.send({
    actesId,
    answer: outgoing.answer,
    ...(letter && { letter: { id: letter.id, kind: letter.kind } }),
    ...(transmission.reference && { reference: transmission.reference }),
    files,
    ...(archive && { archive }),
  });
}

/** The act's collectivité, as the envelope of a message about it says it. */
async function collectiviteOf(transmission: TransmissionRecord, deps: DialogueDeps) {
  const act = await loadAct(deps.sessions, { siren: transmission.siren, sessionId: transmission.sessionId }, transmission.item);
  if (!act) throw new Error(`act ${transmission.actesId} has no séance item to write its envelope from`);
  return act.state.assembly;
}

/** The acknowledgement a letter requires on receipt (ARDemandePieceComplementaire, ARLettreObservations). */
export async function acknowledgeLetter(transmission: TransmissionRecord, letter: LetterRecord, deps: DialogueDeps): Promise<void> {
  const name = ANSWER_MESSAGES[letter.kind].accuse;
  if (!name || letter.acknowledgedAt) return;
  await send({ transmission, name, answer: 'accuse', letter, files: [] }, deps);
  await deps.acts.markLetterAcknowledged(letter.actesId, letter.id, deps.now().toISOString());
}

/** Until when an attempt holds a sending, from now: the function's timeout. */
const leaseUntil = (deps: DialogueDeps) => new Date(deps.now().getTime() + (deps.leaseSeconds ?? 60) * 1000).toISOString();

/**
 * Sends the answer the secretariat asked for, once: one attempt holds it at a time (a request
 * delivered twice sends it once; one found held by another attempt is tried again later, in case
 * that attempt died). Refused by the préfecture side, it is recorded so, and may be asked for anew.
 */
export async function answerLetter(actesId: string, letterId: string, deps: DialogueDeps): Promise<'sent' | 'refused' | 'unchanged'> {
  const [transmission, letter] = await Promise.all([deps.acts.getTransmission(actesId), deps.acts.getLetter(actesId, letterId)]);
  const answer = letter?.answer;
  if (!transmission || !letter || !answer || answer.sentAt || answer.refused) return 'unchanged';
  if (!(await deps.acts.claimAnswer(actesId, letterId, deps.now().toISOString(), leaseUntil(deps))))
    throw new Error(`the answer to letter ${letterId} of ${actesId} is being sent by another attempt; asked again once its lease runs out`);
  const name = ANSWER_MESSAGES[letter.kind][answer.kind];
  if (!name) throw new Error(`a ${letter.kind} letter has no ${answer.kind} answer`);
  const files = await readAnnexes(
    transmission.siren,
    answer.files.map((f) => ({ ...f, title: '' })),
    deps.documents,
  );
  const sent = await send(
    {
      transmission,
      name,
      answer: answer.kind,
      letter,
      files: files.map((f) => ({ type: f.type, extension: ANNEX_FORMATS[f.mediaType].extension, bytes: f.bytes })),
    },
    deps,
  );
  if (sent.status === 'refused') {
    await deps.acts.recordAnswerRefused(actesId, letterId, { at: deps.now().toISOString(), detail: sent.detail });
    return 'refused';
  }
  await deps.acts.recordAnswerSent(actesId, letterId, {
    sentAt: deps.now().toISOString(),
    reference: sent.reference,
    ...(sent.acknowledgedOn && { acknowledgedOn: sent.acknowledgedOn }),
  });
  count('LettersAnswered');
  return 'sent';
}

/**
 * Sends the cancellation the secretariat asked for, once (as the answers); once the préfecture side
 * took it, the transmission is cancelled; refused, the refusal is kept and it may be asked for again.
 */
export async function cancelTransmission(actesId: string, deps: DialogueDeps): Promise<'cancelled' | 'refused' | 'unchanged'> {
  const transmission = await deps.acts.getTransmission(actesId);
  const cancellation = transmission?.cancellation;
  if (!transmission || !cancellation?.requestedAt || cancellation.refused || transmission.status !== 'acknowledged') return 'unchanged';
  if (!(await deps.acts.claimCancellation(actesId, deps.now().toISOString(), leaseUntil(deps))))
    throw new Error(`the cancellation of ${actesId} is being sent by another attempt; asked again once its lease runs out`);
  const sent = await send({ transmission, name: 'Annulation', answer: 'annulation', files: [] }, deps);
  const { sendingUntil: _sending, ...asked } = cancellation;
  if (sent.status === 'refused') {
    await deps.acts.updateTransmission(actesId, ['acknowledged'], {
      cancellation: { ...asked, refused: { at: deps.now().toISOString(), detail: sent.detail } },
    });
    return 'refused';
  }
  const moved = await deps.acts.updateTransmission(actesId, ['acknowledged'], {
    status: 'cancelled',
    cancelledAt: deps.now().toISOString(),
    cancellation: { ...asked, ...(sent.acknowledgedOn && { receivedOn: sent.acknowledgedOn }) },
  });
  if (moved) {
    count('ActsCancelled');
    await closeAttention(transmission, deps);
  }
  return moved ? 'cancelled' : 'unchanged';
}
