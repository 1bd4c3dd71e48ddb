/**
 * The administrators' page: the failure records with their reasons and the dead-letter queues'
 * depths, the replay of one failure or of all (call after call, with its progress), and the rebuild
 * of a séance from its facts.
 */
import { useState } from 'preact/hooks';
import { call, sessionPath } from '../api.ts';
import { SelectField, TextField } from '../fields.tsx';
import { describe, useApi } from '../use-api.ts';

interface Failure {
  readonly id: string;
  readonly queue: string;
  readonly kind: 'error' | 'poison' | 'attention';
  readonly status: 'open' | 'replayed' | 'resolved';
  readonly error: { name: string; message: string };
  readonly attempts: number;
  readonly lastFailedAt: string;
  readonly concerns: { siren?: string; sessionId?: string; eventId?: string; item?: string; actesId?: string };
}
type Depths = Record<string, { depth: number }>;

const QUEUES: Readonly<Record<string, string>> = {
  sessionEvents: 'événements de séance',
  certification: 'certification',
  transmissions: 'transmissions',
};
const STATUSES: Readonly<Record<Failure['status'], string>> = { open: 'ouvert', replayed: 'rejoué', resolved: 'résolu' };

const about = (c: Failure['concerns']) =>
  [c.siren && c.sessionId ? `séance ${c.siren}/${c.sessionId}` : c.siren, c.item && `point ${c.item}`, c.actesId && `acte ${c.actesId}`]
    .filter(Boolean)
    .join(', ') || 'message illisible';

export function Admin() {
  const failures = useApi<{ failures: Failure[]; deadLetters: Depths }>('/admin/failures', 2_000);
  const [progress, setProgress] = useState<string | undefined>();
  const [error, setError] = useState<string | undefined>();

  async function replayOne(id: string) {
    try {
      await call('POST', `/admin/failures/${id}/replay`);
      setProgress('1 message rejoué.');
    } catch (failure) {
      setError(describe(failure));
    }
    failures.reload();
  }

  /** Everything, or what the filter chooses; call after call, each moving a bounded number, until the API has looked at all. */
  async function replay(selection: Record<string, string | boolean>) {
    setError(undefined);
    let moved = 0;
    try {
      for (let calls = 0; calls < 1000; calls++) {
        const answer = await call<{ replayed: unknown[]; complete: boolean; deadLetters: Depths }>('POST', '/admin/replay', {
          ...selection,
          limit: 25,
        });
        moved += answer.replayed.length;
        const waiting = Object.values(answer.deadLetters).reduce((sum, { depth }) => sum + depth, 0);
        setProgress(`${moved} message(s) rejoué(s), ${waiting} encore en file de rejet.`);
        if (answer.complete) break;
      }
    } catch (failure) {
      setError(describe(failure));
    }
    failures.reload();
  }

  return (
    <>
      <h1>Administration</h1>
      {(failures.error || error) && (
        <div class="fr-alert fr-alert--error fr-mb-2w" role="alert">
          <p>{error ?? failures.error}</p>
        </div>
      )}
      {failures.data && (
        <p>
          Files de rejet :{' '}
          {Object.entries(failures.data.deadLetters)
            .map(([queue, { depth }]) => `${QUEUES[queue] ?? queue} ${depth}`)
            .join(', ')}
        </p>
      )}
      <p>
        <button class="fr-btn" type="button" onClick={() => void replay({ all: true })}>
          Tout rejouer
        </button>
      </p>
      <ReplayFilter onReplay={(selection) => void replay(selection)} />
      <p role="status" aria-live="polite" data-testid="replay-progress">
        {progress}
      </p>
      {failures.data && (
        <div class="fr-table">
          <table>
            <caption>Échecs enregistrés</caption>
            <thead>
              <tr>
                <th scope="col">Statut</th>
                <th scope="col">File</th>
                <th scope="col">Concerne</th>
                <th scope="col">Motif</th>
                <th scope="col">Tentatives</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {failures.data.failures.map((f) => (
                <tr key={f.id} data-failure={f.id}>
                  <td>{STATUSES[f.status]}</td>
                  <td>{QUEUES[f.queue] ?? f.queue}</td>
                  <td>{about(f.concerns)}</td>
                  <td>
                    {f.error.name} : {f.error.message}
                  </td>
                  <td>{f.attempts}</td>
                  <td>
                    {f.kind === 'attention' && f.status !== 'resolved' && 'À traiter dans le tiers de télétransmission'}
                    {f.kind !== 'attention' && f.status !== 'resolved' && (
                      <button class="fr-btn fr-btn--sm fr-btn--secondary" type="button" onClick={() => void replayOne(f.id)}>
                        Rejouer <span class="fr-sr-only">l'échec {f.id}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Rebuild />
    </>
  );
}

function ReplayFilter({ onReplay }: { onReplay: (selection: Record<string, string>) => void }) {
  const [queue, setQueue] = useState('');
  const [siren, setSiren] = useState('');
  const [sessionId, setSessionId] = useState('');
  const [errorClass, setErrorClass] = useState('');
  const selection = Object.fromEntries(
    Object.entries({ queue, siren, sessionId, errorClass }).filter(([, value]) => value.trim() !== ''),
  ) as Record<string, string>;
  return (
    <form
      class="fr-mb-4w"
      aria-labelledby="filter-title"
      onSubmit={(e) => {
        e.preventDefault();
        onReplay(selection);
      }}
    >
      <h2 id="filter-title" class="fr-h6">
        Rejouer une sélection
      </h2>
      <SelectField
        id="filter-queue"
        label="File"
        value={queue}
        onChange={setQueue}
        empty="— toutes —"
        options={Object.entries(QUEUES).map(([value, label]) => ({ value, label }))}
      />
      <TextField id="filter-siren" label="SIREN (facultatif)" value={siren} onInput={setSiren} />
      <TextField id="filter-session" label="Séance (facultatif, avec le SIREN)" value={sessionId} onInput={setSessionId} />
      <TextField
        id="filter-error"
        label="Classe d'erreur (facultatif)"
        hint="Par exemple PrefectureUnavailableError"
        value={errorClass}
        onInput={setErrorClass}
      />
      <button class="fr-btn fr-btn--secondary" type="submit" disabled={Object.keys(selection).length === 0}>
        Rejouer la sélection
      </button>
    </form>
  );
}

function Rebuild() {
  const [siren, setSiren] = useState('');
  const [sessionId, setSessionId] = useState('');
  const [report, setReport] = useState<string | undefined>();
  async function rebuild(e: Event) {
    e.preventDefault();
    try {
      const answer = await call<{ facts: number; differences: string[]; rewritten: boolean }>(
        'POST',
        `/admin${sessionPath(siren, sessionId)}/rebuild`,
        {},
      );
      setReport(
        answer.differences.length === 0
          ? `Séance reconstruite à partir de ${answer.facts} faits : identique à la projection enregistrée.`
          : `${answer.differences.length} différence(s) (${answer.differences.join(', ')}) ; projection ${answer.rewritten ? 'remplacée' : 'inchangée'}.`,
      );
    } catch (failure) {
      setReport(describe(failure));
    }
  }
  return (
    <form onSubmit={rebuild} class="fr-mt-4w" aria-labelledby="rebuild-title">
      <h2 id="rebuild-title">Reconstruire une séance</h2>
      <TextField id="rebuild-siren" label="SIREN" value={siren} onInput={setSiren} />
      <TextField id="rebuild-session" label="Identifiant de la séance" value={sessionId} onInput={setSessionId} />
      <button class="fr-btn fr-btn--secondary" type="submit">
        Reconstruire
      </button>
      <p role="status">{report}</p>
    </form>
  );
}
