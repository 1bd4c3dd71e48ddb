/**
 * The classification a collectivité's acts refer to: the one its préfecture sent, fetched through the
 * connector (DemandeClassification, 7-1, with the date of the one held) and kept. It is fetched when
 * none is kept yet, when an ARActe said the préfecture holds a newer version current, and when the
 * secretariat asks for it. Until one is kept, the acts refer to the version the settings name.
 */
import { classificationFileName, demandeClassificationXml } from '#actes/classification-xml';
import type { ActStore } from '#ports/act-store';
import type { KeptClassification } from '#ports/classifications';
import type { PrefectureConnector } from '#ports/prefecture';
import type { EnvelopeSettings } from '#runtime/prefecture-settings';
import { outgoingArchive, type Collectivite } from './outgoing-archive.ts';

export interface ClassificationDeps {
  readonly acts: ActStore;
  readonly connector: PrefectureConnector;
  readonly envelope: EnvelopeSettings;
  readonly now: () => Date;
  readonly warn?: (message: string, details: Record<string, unknown>) => void;
}

/** Asks the préfecture for its classification and keeps it when it changed. */
export async function refreshClassification(collectivite: Collectivite, deps: ClassificationDeps): Promise<'changed' | 'unchanged'> {
  const { siren, departement } = collectivite;
  const kept = await deps.acts.getClassification(siren);
  const held = kept?.classification.date;
  const archive = deps.connector.sendsArchive
    ? await outgoingArchive(
        collectivite,
        { name: classificationFileName(departement, siren, '7-1'), bytes: demandeClassificationXml(held) },
        [],
        deps,
      )
    : undefined;
  const wanted = kept?.announced;
  const answer = await deps.connector.classification({
    siren,
    ...(held && { held }),
    ...(wanted && { wanted }),
    ...(archive && { archive }),
  });
  const fetchedAt = deps.now().toISOString();
  if (answer.status === 'unchanged' && !kept)
    throw new Error(`the préfecture says the classification of ${siren} is current, and none is held`);
  const classification = answer.status === 'changed' ? answer.classification : kept!.classification;
  // A version announced and not received through a copy (S²LOW's) stays wanted: the next act asks again.
  const still = wanted && wanted > classification.date && deps.connector.classificationFromCopy ? { announced: wanted } : {};
  await deps.acts.putClassification({ siren, classification, fetchedAt, ...still });
  return answer.status;
}

/**
 * The version date an act of this collectivité refers to (ClassificationDateVersion): the kept
 * classification's, fetched first when none is kept or a newer one was announced; the settings'
 * when the préfecture side cannot give one now.
 */
export async function classificationDateFor(collectivite: Collectivite, deps: ClassificationDeps): Promise<string> {
  let kept: KeptClassification | undefined = await deps.acts.getClassification(collectivite.siren);
  if (!kept || (kept.announced !== undefined && kept.announced > kept.classification.date)) {
    try {
      await refreshClassification(collectivite, deps);
      kept = await deps.acts.getClassification(collectivite.siren);
    } catch (error) {
      deps.warn?.('classification not available', {
        siren: collectivite.siren,
        error: error instanceof Error ? error.message : String(error),
      });
    }
  }
  return kept?.classification.date ?? deps.envelope.classificationDate;
}
