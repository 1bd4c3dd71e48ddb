/** The séances of the collectivités the signed-in user acts for, newest first, and the way to open a new one. */
import { useEffect, useState } from 'preact/hooks';
import { call } from '../api.ts';
import { describe, useApi } from '../use-api.ts';

interface AssemblyRow {
  readonly siren: string;
  readonly name: string;
}
interface SessionRow {
  readonly sessionId: string;
  readonly date: string;
  readonly assemblyName: string;
  readonly status: 'open' | 'closed';
  readonly items: number;
}

export function Seances() {
  const assemblies = useApi<{ assemblies: AssemblyRow[] }>('/assemblies');
  const [rows, setRows] = useState<(SessionRow & { siren: string })[] | undefined>();
  const [error, setError] = useState<string | undefined>();
  useEffect(() => {
    if (!assemblies.data) return;
    Promise.all(
      assemblies.data.assemblies.map(async ({ siren }) =>
        (await call<{ sessions: SessionRow[] }>('GET', `/assemblies/${siren}/sessions`)).sessions.map((s) => ({ ...s, siren })),
      ),
    ).then(
      (found) => setRows(found.flat().sort((a, b) => b.date.localeCompare(a.date))),
      (failure: unknown) => setError(describe(failure)),
    );
  }, [assemblies.data]);
  const shown = error ?? assemblies.error;
  return (
    <>
      <h1>Séances</h1>
      <p>
        <a class="fr-btn" href="#/nouvelle-seance">
          Ouvrir une séance
        </a>
      </p>
      {shown && (
        <div class="fr-alert fr-alert--error fr-mb-3w" role="alert">
          <p>{shown}</p>
        </div>
      )}
      {rows && rows.length === 0 && <p>Aucune séance pour l'instant.</p>}
      {rows && rows.length > 0 && (
        <div class="fr-table">
          <table>
            <caption>Séances de mes collectivités</caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Assemblée</th>
                <th scope="col">Séance</th>
                <th scope="col">Points</th>
                <th scope="col">Statut</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr key={`${row.siren}/${row.sessionId}`}>
                  <td>{new Date(`${row.date}T12:00:00`).toLocaleDateString('fr-FR', { dateStyle: 'long' })}</td>
                  <td>{row.assemblyName}</td>
                  <td>
                    <a href={`#/seances/${row.siren}/${encodeURIComponent(row.sessionId)}`}>{row.sessionId}</a>
                  </td>
                  <td>{row.items}</td>
                  <td>
                    <p class={`fr-badge fr-badge--sm ${row.status === 'open' ? 'fr-badge--info' : 'fr-badge--success'}`}>
                      {row.status === 'open' ? 'ouverte' : 'levée'}
                    </p>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
