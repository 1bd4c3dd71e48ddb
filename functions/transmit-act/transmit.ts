/**
 * Pushes a queued act to the préfecture. One worker at a time holds the transmission (a lease as
 * long as the function's timeout), so a request delivered twice is not sent twice. For the @CTES
 * connector the archive is built once and kept, so a retry sends the same bytes under the same name.
 * The submission ends `sent` with the reference to poll, or `refused` with the reason; an answer that
 * comes at once is applied at once, a later one is polled on a schedule. The préfecture unreachable,
 * the lease is given back and the error goes up: the queue tries again later. A request finding the
 * act held by another attempt fails too, so that an attempt that died holding it is followed by another.
 */
import { buildArchive, type ArchiveInput } from '#actes/actes-archive';
import { ANNEX_FORMATS, readAnnexes } from '#acts/annexes';
import { classificationDateFor } from '#acts/classification-refresh';
import { sending } from '#acts/outgoing-archive';
import { applyReply, type ReplyDeps } from '#acts/acknowledge';
import { archiveKey, loadAct, type Act } from '#acts/act-documents';
import type { TransmissionRecord } from '#ports/act-store';
import type { FailureStore } from '#ports/failure-store';
import type { PrefectureConnector } from '#ports/prefecture';
import { count } from '#runtime/observability';
import type { EnvelopeSettings } from '#runtime/prefecture-settings';

export interface TransmitDeps extends ReplyDeps {
  /** Where what needs a person is recorded (a transmission cancelled closes its record). */
  readonly failures: Pick<FailureStore, 'record' | 'close'>;
  readonly connector: PrefectureConnector;
  readonly envelope: EnvelopeSettings;
  /** How long one attempt may hold the transmission: the function's timeout. */
  readonly leaseSeconds?: number;
}

export type TransmitOutcome = 'sent' | 'acknowledged' | 'refused' | 'cancelled' | 'unchanged';

export async function transmitAct(actesId: string, deps: TransmitDeps): Promise<TransmitOutcome> {
  const { acts } = deps;
  const now = deps.now();
  const until = new Date(now.getTime() + (deps.leaseSeconds ?? 60) * 1000).toISOString();
  // Only a queued transmission can be leased: one sent, answered, or held by another worker is left
  // alone. The record comes back as the lease found it, with what an earlier attempt stored (its archive).
  const transmission = await acts.leaseTransmission(actesId, now.toISOString(), until);
  if (!transmission) {
    // Still queued, so another attempt holds it — or held it and died (a crash, a timeout): ask again once its lease runs out.
    if ((await acts.getTransmission(actesId))?.status === 'queued')
      throw new Error(`the transmission of ${actesId} is held by another attempt; asked again once its lease runs out`);
    return 'unchanged';
  }
  try {
    return await submit(transmission, deps);
  } catch (error) {
    await acts.releaseTransmission(actesId, until);
    throw error;
  }
}

async function submit(transmission: TransmissionRecord, deps: TransmitDeps): Promise<TransmitOutcome> {
  const { acts, documents, connector } = deps;
  const { actesId } = transmission;
  const act = await loadAct(deps.sessions, { siren: transmission.siren, sessionId: transmission.sessionId }, transmission.item);
  const extract = await acts.getExtract(actesId);
  const pdf = extract && (await documents.get(extract.documents.pdf));
  if (!act || !pdf) throw new Error(`act ${actesId} has no séance item or no extract to transmit`);

  const annexes = (await readAnnexes(transmission.siren, act.item.annexes ?? [], documents)).map((annex) => ({
    type: annex.type,
    extension: ANNEX_FORMATS[annex.mediaType].extension,
    bytes: annex.bytes,
  }));
  const matieres = (act.item.matiere ?? '').split('.').filter(Boolean).map(Number);
  if (matieres.length < 2)
    return refuse(
      actesId,
      { nature: 'local', detail: 'the délibération has no @CTES classification (matiere, e.g. "7.1"): nothing was sent' },
      deps,
    );

  // The préfecture's classification, fetched with the collectivité's first act: the version the act refers to.
  const classificationDate = await classificationDateFor(act.state.assembly, deps);
  // An earlier attempt may have sent it and died before recording it: the préfecture side says so.
  const held = (transmission.attempts ?? 1) > 1 ? await connector.lookup?.(actesId) : undefined;
  const result =
    held ??
    (await connector.submit({
      actesId,
      nature: act.item.nature,
      numeroInterne: act.item.number,
      decisionDate: act.state.date,
      objet: act.item.title,
      matieres,
      pdf: pdf.bytes,
      annexes,
      ...(connector.sendsArchive && {
        archive: await archiveOf(act, transmission, { pdf: pdf.bytes, annexes }, { matieres, classificationDate }, deps),
      }),
    }));
  if (result.status === 'refused' && result.duplicate && (transmission.attempts ?? 1) > 1)
    // An earlier attempt may have created it before its answer was lost: not a refusal to record.
    throw new Error(
      `${connector.name} already holds ${actesId}, perhaps from an earlier attempt: check there before recording anything (${result.detail})`,
    );
  if (result.status === 'refused') return refuse(actesId, result, deps);
  const recorded = await acts.updateTransmission(actesId, ['queued'], {
    status: 'sent',
    sentAt: deps.now().toISOString(),
    reference: result.reference,
    connector: connector.name,
  });
  // Once the préfecture took it in and that is recorded; a refusal of the submission is counted as a refusal.
  if (recorded) count('ActsTransmitted');
  if (!result.reply) return 'sent';
  const sent = { ...transmission, status: 'sent' as const };
  const applied = await applyReply(actesId, result.reply, deps, recorded ? { transmission: sent, act } : undefined);
  return applied === 'unchanged' ? 'sent' : applied;
}

/** A refusal — the préfecture's, or ours when there is nothing to send — is recorded as any answer is. */
function refuse(actesId: string, anomaly: { nature?: string; detail: string }, deps: TransmitDeps): Promise<TransmitOutcome> {
  return applyReply(actesId, { status: 'refused', detail: anomaly.detail, ...(anomaly.nature && { nature: anomaly.nature }) }, deps);
}

/** The archive kept from an earlier attempt, or a new one (named after today, with the next envelope serial). */
async function archiveOf(
  act: Act,
  transmission: TransmissionRecord,
  files: Pick<ArchiveInput, 'pdf' | 'annexes'>,
  { matieres, classificationDate }: { matieres: number[]; classificationDate: string },
  deps: TransmitDeps,
) {
  const kept = transmission.archive && (await deps.documents.get(transmission.archive.key));
  if (transmission.archive && kept) return { name: transmission.archive.name, bytes: kept.bytes };
  const { assembly } = act.state;
  const built = await buildArchive({
    actesId: transmission.actesId,
    nature: act.item.nature,
    acte: {
      date: act.state.date,
      numeroInterne: act.item.number,
      matieres,
      objet: act.item.title,
      classificationDate,
    },
    ...files,
    ...(await sending(assembly, deps)),
  });
  const key = archiveKey(act, built.name);
  await deps.documents.put(key, built.bytes, 'application/gzip');
  await deps.acts.updateTransmission(transmission.actesId, ['queued'], { archive: { key, name: built.name } });
  return built;
}
