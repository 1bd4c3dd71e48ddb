/**
 * A délibération: its vote (as a tally), the outcome and its wording shown before it is confirmed
 * (with the casting vote asked for on a tie), the signature, the certified extract (previewed, and
 * downloaded as PDF or stamped copy), the transmission to the préfecture, and the publication.
 */
import { useState } from 'preact/hooks';
import { Breadcrumb } from '../breadcrumb.tsx';
import { applyEvent } from '#domain/session';
import type { SessionEvent } from '#events/session-events';
import type { ActStatus } from '#acts/act-status';
import { Annexes, Extract, Transmission, type AnnexView, type ExtractView, type TransmissionView } from '../act-panels.tsx';
import { Letters, type LetterView } from '../dialogue.tsx';
import { refusalText } from '../checks.ts';
import { TextField, Warning } from '../fields.tsx';
import { enter, newEventId } from '../outbox.ts';
import { Publication, type PublicationView } from '../publication.tsx';
import { QuorumPanel } from '../quorum-panel.tsx';
import { VoteForm } from '../vote-form.tsx';
import { ElectionForm } from '../election-form.tsx';
import { POLL_MS, useSeance } from '../seance-data.ts';
import { WaitingSteps } from '../steps.tsx';
import { useApi } from '../use-api.ts';
import { frenchDate } from './seance.tsx';

interface ItemView {
  readonly number: string;
  readonly label: string | null;
  readonly title: string;
  readonly actesId: string;
  /** The nature of the act (`DE`…). */
  readonly nature: string;
  readonly status: ActStatus;
  readonly statusLabel: string;
  /** The act's dates as one line ("Transmis en préfecture le … — publié le … — exécutoire le …"), once acknowledged. */
  readonly statusLine: string | null;
  readonly quorum: {
    inOffice: number;
    required: number;
    present: number;
    represented: number;
    voting: number;
    reached: boolean;
    rule: string;
  };
  readonly vote: { pour: number; contre: number; abstention: number; exprimes: number } | null;
  readonly outcome: { adopted: boolean; wording: string; text: string } | null;
  readonly attendance: { readonly withdrawn: readonly { name: string; reason: string }[] };
  readonly election: {
    readonly secret: boolean;
    readonly rounds: readonly {
      ballots: number;
      blank: number;
      null: number;
      exprimes: number;
      absoluteMajority?: number;
      votes: readonly { candidate: { id: string; name: string }; votes: number }[];
    }[];
  } | null;
  readonly signature: { signedBy: { name: string }; signedAt: string } | null;
  readonly extract: ExtractView | null;
  readonly transmission: TransmissionView | null;
  readonly annexes: readonly AnnexView[];
  readonly letters: readonly LetterView[];
  readonly publication: PublicationView | null;
}

export function Item({ siren, sessionId, number }: { siren: string; sessionId: string; number: string }) {
  const { path, waiting, state } = useSeance(siren, sessionId);
  const itemPath = `${path}/items/${encodeURIComponent(number)}`;
  const item = useApi<ItemView>(itemPath, POLL_MS);
  const view = item.data;
  const itemState = state?.items.find((i) => i.number === number);
  return (
    <>
      <Breadcrumb
        trail={[{ label: sessionId, href: `#/seances/${siren}/${encodeURIComponent(sessionId)}` }, { label: view?.label ?? number }]}
      />
      <h1>{view ? `${view.label ?? view.number} — ${view.title}` : `Point ${number}`}</h1>
      <Warning text={item.error} />
      <WaitingSteps waiting={waiting} />
      {view && (
        <p>
          Statut : <strong data-testid="item-status">{view.statusLabel}</strong> — IDActe <code>{view.actesId}</code>
        </p>
      )}
      {state && itemState?.status === 'pending' && (
        <>
          <QuorumPanel state={state} number={number} />
          {itemState.kind === 'election' ? <ElectionForm state={state} number={number} /> : <VoteForm state={state} number={number} />}
        </>
      )}
      {view && view.attendance.withdrawn.length > 0 && (
        <ul data-testid="withdrawn">
          {view.attendance.withdrawn.map((w) => (
            <li key={w.name}>
              {w.name} s'est retiré(e) pour ce point ({WITHDRAWALS[w.reason] ?? w.reason}) et ne prend pas part au vote.
            </li>
          ))}
        </ul>
      )}
      {view?.election && <Rounds election={view.election} />}
      {view?.outcome && (
        <p class="fr-text--lead" data-testid="outcome">
          {view.vote ? `Pour ${view.vote.pour}, contre ${view.vote.contre}, abstention ${view.vote.abstention} : ` : ''}
          {view.outcome.text}
        </p>
      )}
      {state && itemState?.status === 'voted' && <SignForm state={state} number={number} />}
      {view?.signature && (
        <p>
          Signée par {view.signature.signedBy.name} le {frenchDate(view.signature.signedAt.slice(0, 10))}.
        </p>
      )}
      {view && view.annexes.length > 0 && <Annexes annexes={view.annexes} />}
      {view?.extract && <Extract extract={view.extract} actesId={view.actesId} />}
      {view?.transmission && <Transmission transmission={view.transmission} path={itemPath} onChange={item.reload} />}
      {view && view.letters.length > 0 && <Letters letters={view.letters} siren={siren} nature={view.nature} onChange={item.reload} />}
      {view && (view.publication || view.transmission?.status === 'acknowledged') && (
        <Publication path={itemPath} publication={view.publication} statusLine={view.statusLine} onPublished={item.reload} />
      )}
    </>
  );
}

const WITHDRAWALS: Readonly<Record<string, string>> = {
  interest: 'intéressé à l’affaire, CGCT L2131-11',
  representative: 'représentant de l’organisme concerné, CGCT L2131-11',
  compte_administratif: 'vote du compte administratif, CGCT L2121-14',
};

/** The rounds of an election, one row a round, as the procès-verbal of the bureau sets them out. */
function Rounds({ election }: { election: NonNullable<ItemView['election']> }) {
  const candidates = [...new Map(election.rounds.flatMap((r) => r.votes.map((v) => [v.candidate.id, v.candidate] as const))).values()];
  return (
    <div class="fr-table fr-table--bordered" data-testid="rounds">
      <table>
        <caption>Tours de scrutin{election.secret ? ' (scrutin secret)' : ''}</caption>
        <thead>
          <tr>
            <th scope="col">Tour</th>
            <th scope="col">Votants</th>
            <th scope="col">Blancs</th>
            <th scope="col">Nuls</th>
            <th scope="col">Exprimés</th>
            <th scope="col">Majorité absolue</th>
            {candidates.map((c) => (
              <th scope="col" key={c.id}>
                {c.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {election.rounds.map((round, index) => (
            <tr key={index}>
              <th scope="row">{index + 1}</th>
              <td>{round.ballots}</td>
              <td>{round.blank}</td>
              <td>{round.null}</td>
              <td>{round.exprimes}</td>
              <td>{round.absoluteMajority ?? 'majorité relative'}</td>
              {candidates.map((c) => (
                <td key={c.id}>{round.votes.find((v) => v.candidate.id === c.id)?.votes ?? 0}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function SignForm({ state, number }: { state: NonNullable<ReturnType<typeof useSeance>['state']>; number: string }) {
  const [signedBy, setSignedBy] = useState(state.president);
  const [signedAt, setSignedAt] = useState(state.date);
  const [place, setPlace] = useState('');
  const [error, setError] = useState<string | undefined>();
  async function sign(e: Event) {
    e.preventDefault();
    const event: SessionEvent = {
      eventId: newEventId(state.sessionId),
      type: 'ActSigned',
      sessionId: state.sessionId,
      occurredAt: new Date().toISOString(),
      payload: { item: number, signedBy, signedAt, ...(place.trim() && { place: place.trim() }) },
    };
    const result = applyEvent(state, event);
    if (!result.ok) return setError(refusalText(result.error));
    setError(undefined);
    await enter({ siren: state.assembly.siren, sessionId: state.sessionId, label: `signature du point ${number}`, events: [event] });
  }
  return (
    <form onSubmit={sign} aria-labelledby="sign-title">
      <h2 id="sign-title">Signature</h2>
      <div class="fr-select-group">
        <label class="fr-label" for="signed-by">
          Signataire
        </label>
        <select class="fr-select" id="signed-by" value={signedBy} onChange={(e) => setSignedBy(e.currentTarget.value)}>
          {state.members.map((m) => (
            <option key={m.id} value={m.id}>
              {m.civility} {m.name}
            </option>
          ))}
        </select>
      </div>
      <TextField id="signed-at" type="date" label="Date de signature" value={signedAt} onInput={setSignedAt} error={error} />
      <TextField id="signed-place" label="Lieu de signature (facultatif)" value={place} onInput={setPlace} />
      <button class="fr-btn" type="submit">
        Signer l'acte
      </button>
    </form>
  );
}
