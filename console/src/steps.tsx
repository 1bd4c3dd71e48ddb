/**
 * The steps of a séance and where each stands: waiting in the browser ("en attente d'envoi"),
 * refused by the API (with its reasons, until dismissed), then as the log has them — en file,
 * appliqué, refusé with the reason.
 */
import { refusalText } from './checks.ts';
import { dismiss, type Pending } from './outbox.ts';
import type { LogRow } from './seance-data.ts';

const TYPE_LABELS: Readonly<Record<LogRow['type'], string>> = {
  SessionOpened: 'Ouverture de la séance',
  AttendanceRecorded: 'Appel',
  VoteCast: 'Vote',
  SessionClosed: 'Levée de la séance',
  ActSigned: 'Signature',
};
const STATUS: Readonly<Record<LogRow['status'], [string, string]>> = {
  queued: ['en file', 'fr-badge--info'],
  applied: ['appliqué', 'fr-badge--success'],
  rejected: ['refusé', 'fr-badge--error'],
};

export function WaitingSteps({ waiting: inView }: { waiting: readonly Pending[] }) {
  const waiting = inView.filter((step) => !step.sent);
  if (waiting.length === 0) return null;
  return (
    <div class="fr-callout fr-mb-3w" data-testid="waiting">
      <h2 class="fr-callout__title fr-h6">Étapes saisies sur ce poste</h2>
      <ul>
        {waiting.map((step) => (
          <li key={step.id}>
            {step.refusal ? (
              <>
                <strong>{step.label} : refusé par l'API</strong>
                <ul>
                  {(step.refusal.body.events ?? []).map((e) => (
                    <li key={`${e.index}-${e.code ?? ''}`}>
                      {typeof e.message === 'object'
                        ? refusalText({ message: e.message, rule: e.rule })
                        : (e.violations ?? []).map((v) => `${v.field} : ${v.message}`).join(' ; ')}
                    </li>
                  ))}
                  {!step.refusal.body.events && <li>{step.refusal.body.message ?? `refus ${step.refusal.status}`}</li>}
                </ul>
                <button class="fr-btn fr-btn--sm fr-btn--tertiary" type="button" onClick={() => void dismiss(step.id)}>
                  Retirer cette étape
                </button>
              </>
            ) : (
              <span class="registre-pending">{step.label} : en attente d'envoi</span>
            )}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function StepLog({ rows }: { rows: readonly LogRow[] }) {
  return (
    <div class="fr-table">
      <table>
        <caption>Journal de la séance</caption>
        <thead>
          <tr>
            <th scope="col">N°</th>
            <th scope="col">Étape</th>
            <th scope="col">État</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.eventId} data-event={row.eventId}>
              <td>{row.seq === null ? '—' : row.seq + 1}</td>
              <td>{TYPE_LABELS[row.type]}</td>
              <td>
                <span class={`fr-badge fr-badge--sm ${STATUS[row.status][1]}`}>{STATUS[row.status][0]}</span>
                {row.reason && <span class="fr-ml-1w">{refusalText(row.reason)}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
