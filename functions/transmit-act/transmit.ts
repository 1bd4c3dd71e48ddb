/**
 * Pushes a queued act to the préfecture: builds its @CTES archive once (stored, so a retry sends the
 * same bytes under the same name), submits it through the connector, and records `sent` with the
 * reference to poll — or `refused` with the reason. An answer that comes at once is applied at once;
 * a later one is polled on a schedule. The préfecture unreachable: the error goes up, and the queue
 * tries again later.
 */
import { buildArchive } from '#actes/actes-archive';
import { applyReply, type ReplyDeps } from '#acts/acknowledge';
import { archiveKey, loadAct } from '#acts/act-documents';
import type { PrefectureConnector } from '#ports/prefecture';
import type { EnvelopeSettings } from '#runtime/prefecture-settings';

export interface TransmitDeps extends ReplyDeps {
  readonly connector: PrefectureConnector;
  readonly envelope: EnvelopeSettings;
}

export type TransmitOutcome = 'sent' | 'acknowledged' | 'refused' | 'unchanged';

/** The date in France, YYYY-MM-DD: envelopes are named after the day they leave. */
const parisDate = (date: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris' }).format(date);

export async function transmitAct(actesId: string, deps: TransmitDeps): Promise<TransmitOutcome> {
  const { acts, documents } = deps;
  const transmission = await acts.getTransmission(actesId);
  if (transmission?.status !== 'queued') return 'unchanged';
  const act = await loadAct(deps.sessions, transmission.sessionId, transmission.item);
  const extract = await acts.getExtract(actesId);
  const pdf = extract && (await documents.get(extract.documents.pdf));
  if (!act || !pdf) throw new Error(`act ${actesId} has no séance item or no extract to transmit`);

  const matieres = (act.item.matiere ?? '').split('.').filter(Boolean).map(Number);
  if (matieres.length < 2) {
    const anomaly = { nature: 'local', detail: 'the délibération has no @CTES classification (matiere, e.g. "7.1"): nothing was sent' };
    await acts.updateTransmission(actesId, ['queued'], { status: 'refused', anomaly });
    return 'refused';
  }
  const acte = {
    date: act.state.date,
    numeroInterne: act.item.number,
    matieres,
    objet: act.item.title,
    classificationDate: deps.envelope.classificationDate,
  };

  let archive = transmission.archive && (await documents.get(transmission.archive.key));
  let archiveName = transmission.archive?.name;
  if (!archive || !archiveName) {
    const { assembly } = act.state;
    const built = await buildArchive({
      actesId,
      nature: act.item.nature,
      acte,
      envelope: {
        siren: assembly.siren,
        departement: assembly.departement,
        arrondissement: assembly.arrondissement ?? deps.envelope.defaultArrondissement,
        natureCollectivite: deps.envelope.natureCollectivite,
        returnEmails: deps.envelope.returnEmails,
      },
      pdf: pdf.bytes,
      sentOn: parisDate(deps.now()),
      serial: await acts.nextEnvelopeSerial(assembly.siren),
      operator: deps.envelope.operator,
    });
    const key = archiveKey(act, built.name);
    await documents.put(key, built.bytes, 'application/gzip');
    await acts.updateTransmission(actesId, ['queued'], { archive: { key, name: built.name } });
    archive = { bytes: built.bytes, contentType: 'application/gzip' };
    archiveName = built.name;
  }

  const result = await deps.connector.submit({
    actesId,
    nature: act.item.nature,
    numeroInterne: act.item.number,
    decisionDate: act.state.date,
    objet: act.item.title,
    matieres,
    pdf: pdf.bytes,
    archive: { name: archiveName, bytes: archive.bytes },
  });
  if (result.status === 'refused') {
    const anomaly = { detail: result.detail, ...(result.nature && { nature: result.nature }) };
    await acts.updateTransmission(actesId, ['queued'], { status: 'refused', anomaly });
    return 'refused';
  }
  await acts.updateTransmission(actesId, ['queued'], { status: 'sent', sentAt: deps.now().toISOString(), reference: result.reference });
  if (!result.reply) return 'sent';
  const applied = await applyReply(actesId, result.reply, deps);
  return applied === 'unchanged' ? 'sent' : applied;
}
