/**
 * The classification this simulated préfecture sends (RetourClassification): the national levels 1
 * and 2 that every préfecture shares, a few level-3 matières of its own, and the natures of acts
 * with the piece types each allows — its own list, in the spirit of the ones S²LOW and Pastell use.
 * It answers a DemandeClassification (7-1) posted as any message, and S²LOW's
 * `actes_classification_fetch.php`.
 */
import { CLASSIFICATION } from '#actes/classification';
import { reponseSansChangementXml, retourClassificationXml, type Classification } from '#actes/classification-xml';
import { parseXml } from '#actes/actes-xml';
import type { OpenedArchive } from './check-archive.ts';
import type { Answer } from './dialogue.ts';
import type { XsdValidator } from './xsd.ts';

const LOCAL_LEVEL_3 = [
  { code: '7.1.1', label: 'Budget primitif' },
  { code: '7.1.2', label: 'Décision modificative' },
  { code: '7.1.3', label: 'Compte administratif' },
  { code: '8.1.1', label: 'Collèges' },
];

const COMMON = [
  { code: '22_AN', label: 'Annexe' },
  { code: '75_PL', label: 'Plan' },
  { code: '99_AU', label: 'Autre document' },
  { code: '99_SE', label: 'Fichier de signature électronique' },
];

export function simulatorClassification(date: string): Classification {
  return {
    date,
    natures: [
      { code: 1, abbreviation: 'DE', label: 'Délibérations', pieceTypes: [{ code: '99_DE', label: 'Délibération' }, ...COMMON] },
      {
        code: 2,
        abbreviation: 'AR',
        label: 'Actes réglementaires',
        pieceTypes: [{ code: '99_AR', label: 'Arrêté réglementaire' }, ...COMMON],
      },
      { code: 3, abbreviation: 'AI', label: 'Actes individuels', pieceTypes: [{ code: '99_AI', label: 'Arrêté individuel' }, ...COMMON] },
      {
        code: 4,
        abbreviation: 'CC',
        label: 'Contrats, conventions et avenants',
        pieceTypes: [{ code: '99_DC', label: 'Contrat' }, { code: '99_CO', label: 'Convention' }, ...COMMON],
      },
      {
        code: 5,
        abbreviation: 'BF',
        label: 'Documents budgétaires et financiers',
        pieceTypes: [{ code: '99_BU', label: 'Budget' }, ...COMMON],
      },
      { code: 6, abbreviation: 'AU', label: 'Autres', pieceTypes: COMMON },
    ],
    matieres: [...CLASSIFICATION.flatMap((level1) => [{ code: level1.code, label: level1.label }, ...level1.matieres]), ...LOCAL_LEVEL_3],
  };
}

/** The answer to a DemandeClassification: the classification, or that the one held is current (7-3). */
export async function answerClassification(
  opened: OpenedArchive,
  form: string,
  context: { readonly xsd: XsdValidator; readonly date: string },
): Promise<Answer> {
  const file = opened.files.find((f) => f.name === form);
  if (!file) return { status: 400, json: { error: 'anomalie_message', detail: `${form}, listed by the envelope, is not in the archive` } };
  const errors = await context.xsd(form, file.bytes);
  if (errors.length > 0) return { status: 400, json: { error: 'anomalie_message', detail: `${form}: ${errors.join('; ')}` } };
  const held = (parseXml(file.bytes).DemandeClassification as { DateClassification?: unknown } | undefined)?.DateClassification;
  return { status: 200, xml: classificationMessage(held === undefined ? undefined : String(held), context.date) };
}

/** What the préfecture answers to a collectivité holding the version `held`. */
export function classificationMessage(held: string | undefined, date: string): Buffer {
  return held === date ? reponseSansChangementXml(date) : retourClassificationXml(simulatorClassification(date));
}
