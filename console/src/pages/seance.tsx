/**
 * The live séance: its quorum for the next item (always in view), the roll call, the agenda with
 * where each délibération stands, the steps waiting in the browser, the log, and the closing.
 */
import { useState } from 'preact/hooks';
import { Breadcrumb } from '../breadcrumb.tsx';
import { TextField, Warning } from '../fields.tsx';
import type { SessionEvent } from '#events/session-events';
import { check, refusalText } from '../checks.ts';
import { enter, newEventId } from '../outbox.ts';
import { QuorumPanel } from '../quorum-panel.tsx';
import { RollCall } from '../roll-call.tsx';
import { useSeance } from '../seance-data.ts';
import { StepLog, WaitingSteps } from '../steps.tsx';

export function Seance({ siren, sessionId }: { siren: string; sessionId: string }) {
  const { seance, log, waiting, state } = useSeance(siren, sessionId);
  const view = seance.data;
  return (
    <>
      <Breadcrumb trail={[{ label: sessionId }]} />
      <h1>{view ? `${view.assembly.body} — séance du ${frenchDate(view.date)}` : `Séance ${sessionId}`}</h1>
      <Warning text={seance.error} />
      <WaitingSteps waiting={waiting} />
      {!state && !seance.error && <p>La séance n'est pas encore ouverte : son ouverture est en cours d'envoi ou de traitement.</p>}
      {state && view && (
        <>
          <p>
            {view.assembly.name} — {view.place ?? ''} — ouverte à {view.openedAt}
            {view.closedAt ? `, levée à ${view.closedAt}` : ''} — présidée par {view.president.name}
          </p>
          <QuorumPanel state={state} />
          <h2>Ordre du jour</h2>
          <div class="fr-table">
            <table>
              <caption>Délibérations</caption>
              <thead>
                <tr>
                  <th scope="col">Point</th>
                  <th scope="col">Objet</th>
                  <th scope="col">Statut</th>
                </tr>
              </thead>
              <tbody>
                {view.items.map((item) => (
                  <tr key={item.number}>
                    <td>
                      <a href={`#/seances/${siren}/${encodeURIComponent(sessionId)}/points/${encodeURIComponent(item.number)}`}>
                        {item.label ?? item.number}
                      </a>
                    </td>
                    <td>{item.title}</td>
                    <td>
                      {item.statusLabel}
                      {item.outcome ? ` — ${item.outcome.wording}` : ''}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {state.status === 'open' && <RollCall state={state} />}
          {state.status === 'open' && <CloseSeance state={state} />}
        </>
      )}
      {log.data && <StepLog rows={log.data.events} />}
    </>
  );
}

function CloseSeance({ state }: { state: NonNullable<ReturnType<typeof useSeance>['state']> }) {
  const [at, setAt] = useState('');
  const [error, setError] = useState<string | undefined>();
  async function close(e: Event) {
    e.preventDefault();
    const event: SessionEvent = {
      eventId: newEventId(state.sessionId),
      type: 'SessionClosed',
      sessionId: state.sessionId,
      occurredAt: new Date().toISOString(),
      payload: { at },
    };
    if (!/^\d\d:\d\d$/.test(at)) return setError("l'heure de levée est attendue, par exemple 18:07");
    const refused = check(state, event);
    if (refused) return setError(refusalText(refused));
    setError(undefined);
    await enter({ siren: state.assembly.siren, sessionId: state.sessionId, label: 'levée de la séance', events: [event] });
  }
  return (
    <form onSubmit={close} class="fr-mt-4w" aria-labelledby="close-title">
      <h2 id="close-title">Lever la séance</h2>
      <TextField id="closed-at" type="time" label="Heure de levée" value={at} onInput={setAt} error={error} />
      <button class="fr-btn fr-btn--secondary" type="submit">
        Lever la séance
      </button>
    </form>
  );
}

export const frenchDate = (date: string) => new Date(`${date}T12:00:00`).toLocaleDateString('fr-FR', { dateStyle: 'long' });
