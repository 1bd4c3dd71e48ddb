/** A letter of the préfecture as the API shows it with its délibération. */
import type { SessionState } from '#domain/session';
import { EXPECTED, type LetterKind, type LetterRecord } from '#ports/letters';

/** What a letter of the préfecture is, in French as the acts say it. */
const LETTER_LABELS: Readonly<Record<LetterKind, string>> = {
  courrier: 'Courrier simple',
  pieces: 'Demande de pièces complémentaires',
  observations: "Lettre d'observations",
  defere: 'Déféré au tribunal administratif',
};

/** A letter of the préfecture: what it says, its documents (API paths), what it expects, and the answer. */
export function letterView(state: SessionState, number: string, letter: LetterRecord) {
  const base = `/assemblies/${state.assembly.siren}/sessions/${state.sessionId}/items/${number}/letters/${encodeURIComponent(letter.id)}`;
  const { answer } = letter;
  return {
    id: letter.id,
    kind: letter.kind,
    label: LETTER_LABELS[letter.kind],
    date: letter.date,
    detail: letter.detail ?? null,
    receivedAt: letter.receivedAt,
    acknowledgedAt: letter.acknowledgedAt ?? null,
    documents: letter.documents.map((d) => ({ name: d.name, path: `${base}/documents/${encodeURIComponent(d.name)}` })),
    /** The answers it may take, while it has none. */
    expects: answer && !answer.refused ? [] : EXPECTED[letter.kind].answers,
    answerPath: `${base}/answer`,
    answer: answer
      ? {
          kind: answer.kind,
          status: answer.refused ? 'refused' : answer.acknowledgedOn ? 'acknowledged' : answer.sentAt ? 'sent' : 'requested',
          refusal: answer.refused?.detail ?? null,
          requestedAt: answer.requestedAt,
          sentAt: answer.sentAt ?? null,
          acknowledgedOn: answer.acknowledgedOn ?? null,
          files: answer.files,
        }
      : null,
  };
}
