/**
 * The quorum of the item about to be voted, as the séance will stand once the steps entered are
 * applied: always in view, in words and in colour (the words alone say it).
 */
import { attendanceAt, quorumAt, type SessionState } from '#domain/session-state';

/** The quorum of `number` when given (an item's own page), else of the next item to be voted. */
export function QuorumPanel({ state, number }: { state: SessionState; number?: string }) {
  const next = state.items.find((i) => (number === undefined ? i.status === 'pending' : i.number === number));
  if (!next) return null;
  const q = quorumAt(state, next, attendanceAt(state, next.number));
  const counts: [string, number][] = [
    ['En exercice', q.inOffice],
    ['Requis', q.required],
    ['Présents', q.present],
    ['Représentés', q.represented],
    ['Votants', q.voting],
  ];
  return (
    <section class="registre-quorum fr-py-2w" aria-labelledby="quorum-title" data-testid="quorum">
      <h2 id="quorum-title" class="fr-h6 fr-mb-1w">
        Quorum pour le point {next.label ?? next.number}
      </h2>
      <p class="fr-mb-1w" role="status">
        <span class={`fr-badge ${q.reached ? 'fr-badge--success' : 'fr-badge--error'} fr-mr-2w`}>
          {q.reached ? 'Quorum atteint' : 'Quorum non atteint'}
        </span>
        {counts.map(([label, value]) => (
          <span key={label} class="fr-mr-2w">
            {label} : <strong>{value}</strong>
          </span>
        ))}
        <span class="fr-text--xs">({q.rule})</span>
      </p>
    </section>
  );
}
