/**
 * The classification each collectivité's préfecture sent (RetourClassification), kept with the date
 * it was fetched, and the version the préfecture last said was current (an ARActe's
 * ClassificationDateVersionEnCours): when that is newer, the classification is fetched again.
 */
/** A préfecture's classification, flattened: every matière by its dotted code ("7.1", "7.1.2"). */
export interface Classification {
  /** DateClassification, YYYY-MM-DD: the version the acts refer to (ClassificationDateVersion). */
  readonly date: string;
  readonly natures: readonly {
    readonly code: number;
    readonly abbreviation: string;
    readonly label: string;
    /** The piece types (TypePJ) a document of this nature may bear. */
    readonly pieceTypes: readonly { readonly code: string; readonly label: string }[];
  }[];
  readonly matieres: readonly { readonly code: string; readonly label: string }[];
}

export interface KeptClassification {
  readonly siren: string;
  readonly classification: Classification;
  readonly fetchedAt: string;
  /** The version the préfecture said was current, when newer than the one kept. */
  readonly announced?: string;
}

export interface ClassificationStore {
  getClassification(siren: string): Promise<KeptClassification | undefined>;
  /** Keeps a classification fetched, replacing the one kept. */
  putClassification(kept: KeptClassification): Promise<void>;
  /** Records the version the préfecture says is current, when it is not the one kept. */
  announceClassification(siren: string, date: string): Promise<void>;
}
