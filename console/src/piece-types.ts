/**
 * The piece types (@CTES TypePJ) a secretariat chooses from for an annex or a piece: those the
 * préfecture's classification allows for the nature of the act, once Registre keeps it — the API
 * refuses any other — else a common list.
 */
import { useApi } from './use-api.ts';

export interface PieceType {
  readonly code: string;
  readonly label: string;
}

const COMMON: readonly PieceType[] = [
  { code: '22_AN', label: 'Annexe' },
  { code: '75_PL', label: 'Plan' },
  { code: '99_BU', label: 'Budget' },
  { code: '99_CO', label: 'Convention' },
  { code: '99_AU', label: 'Autre document' },
];

interface ClassificationView {
  readonly date: string;
  readonly natures: readonly { readonly abbreviation: string; readonly pieceTypes: readonly PieceType[] }[];
}

/** The types for a nature of act (`DE`, `BF`…) of this collectivité, and the date of the classification they come from. */
export function usePieceTypes(siren: string, nature: string): { readonly types: readonly PieceType[]; readonly date?: string } {
  const classification = useApi<ClassificationView>(/^\d{9}$/.test(siren) ? `/assemblies/${siren}/classification` : undefined);
  const kept = classification.data;
  const allowed = kept?.natures.find((n) => n.abbreviation === nature)?.pieceTypes;
  return allowed && allowed.length > 0 ? { types: allowed, date: kept.date } : { types: COMMON };
}

/** The type an annex or a piece takes unless the secretariat chooses another: an annex (22_AN) when allowed. */
export const defaultPieceType = (types: readonly PieceType[]) => types.find((t) => t.code === '22_AN')?.code ?? types[0]?.code ?? '99_AU';
