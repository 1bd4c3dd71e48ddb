/**
 * The national levels of the @CTES classification (nomenclature des actes): the nine matières and
 * their sous-matières. Each préfecture sends its own tree (RetourClassification) whose levels 3 to 5
 * are local, but levels 1 and 2 are the same everywhere, and they are what the SCDL « Délibérations »
 * open data names (DELIB_MATIERE_CODE, DELIB_MATIERE_NOM).
 */
import data from './classification.json' with { type: 'json' };

/** A level-2 entry of the classification, with the label of the matière it belongs to. */
export interface Matiere {
  /** The level-1 and level-2 codes, e.g. "7.1". */
  readonly code: string;
  /** The level-1 label, e.g. "Finances locales". */
  readonly label1: string;
  /** The level-2 label, e.g. "Décisions budgétaires". */
  readonly label2: string;
}

/** A level-1 matière of the classification and its level-2 sous-matières. */
export interface MatiereLevel1 {
  /** "1" to "9". */
  readonly code: string;
  readonly label: string;
  readonly matieres: readonly { readonly code: string; readonly label: string }[];
}

/** The national levels 1 and 2, in the order of the nomenclature. */
export const CLASSIFICATION: readonly MatiereLevel1[] = data;

const byCode = new Map<string, Matiere>(
  CLASSIFICATION.flatMap((level1) =>
    level1.matieres.map((level2) => [level2.code, { code: level2.code, label1: level1.label, label2: level2.label }]),
  ),
);

/**
 * The level-2 entry of an @CTES classification code: "7.1" and "7.1.2" both give 7.1 « Décisions
 * budgétaires », since levels 3 to 5 are the préfecture's own. Undefined for a code outside the
 * national levels (or one with no level 2).
 */
export function matiereOf(code: string): Matiere | undefined {
  const [level1, level2] = code.trim().split('.');
  if (level1 === undefined || level2 === undefined) return undefined;
  return byCode.get(`${level1}.${level2}`);
}

const scdlLabel = (label: string) => label.toLocaleLowerCase('fr').replace(/[,()]/g, ' ').replace(/\s+/g, ' ').trim();

/**
 * The SCDL DELIB_MATIERE_NOM of a classification code: both labels in lowercase with their accents,
 * without commas or parentheses, joined by a slash ("finances locales/décisions budgétaires"), as the
 * « Délibérations » schema describes the name taken from the @CTES nomenclature. Undefined when the
 * code is not in the national levels.
 */
export function scdlMatiereName(code: string): string | undefined {
  const matiere = matiereOf(code);
  return matiere && `${scdlLabel(matiere.label1)}/${scdlLabel(matiere.label2)}`;
}
