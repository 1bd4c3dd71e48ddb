/**
 * The vote of a délibération: a tally (pour, contre, abstention, blancs et nuls, NPPV) by show of
 * hands or secret ballot, or a roll call — one choice per voter, a proxy holder voting for their
 * mandant on a row of its own. The legal engine decides it in the page: the outcome and its wording
 * are shown before the vote is confirmed, the casting vote is asked for on a tie, and a refusal
 * (more votes than votants, say) is said with its article.
 */
import { useState } from 'preact/hooks';
import { attendanceOf, displayName } from '#domain/attendance';
import { applyEvent, type SessionState } from '#domain/session';
import { isElection, rollAt } from '#domain/session-state';
import { outcomeText } from '#domain/vote';
import type { SessionEvent } from '#events/session-events';
import { refusalText } from './checks.ts';
import { Radios, TextField } from './fields.tsx';
import { enter, newEventId } from './outbox.ts';

type Choice = 'pour' | 'contre' | 'abstention' | 'nppv';
type Method = 'show_of_hands' | 'secret' | 'roll_call';
type Tally = { pour: string; contre: string; abstention: string; blankOrNull: string; nppv: string };

const METHODS: readonly [Method, string][] = [
  ['show_of_hands', 'à main levée'],
  ['roll_call', 'par appel nominal'],
  ['secret', 'au scrutin secret'],
];
const TALLY: readonly [keyof Tally, string][] = [
  ['pour', 'Pour'],
  ['contre', 'Contre'],
  ['abstention', 'Abstention'],
  ['blankOrNull', 'Blancs et nuls'],
  ['nppv', 'Ne prend pas part au vote'],
];
const CHOICES: readonly [Choice, string][] = [
  ['pour', 'pour'],
  ['contre', 'contre'],
  ['abstention', 'abstention'],
  ['nppv', 'ne prend pas part au vote'],
];

/** A voter of the roll call: a member present, or a holder voting for the member they represent. */
interface Voter {
  readonly key: string;
  readonly memberId: string;
  readonly forMember?: string;
  readonly label: string;
}

export function VoteForm({ state, number }: { state: SessionState; number: string }) {
  const [method, setMethod] = useState<Method>('show_of_hands');
  const [tally, setTally] = useState<Tally>({ pour: '', contre: '', abstention: '', blankOrNull: '', nppv: '' });
  const [ballots, setBallots] = useState<Record<string, Choice>>({});
  const [presidentVote, setPresidentVote] = useState<Choice | ''>('');
  const [presidedBy, setPresidedBy] = useState('');
  const [confirming, setConfirming] = useState(false);
  const name = (id: string) => displayName(state.members, id);
  const attendance = attendanceOf(state.members, rollAt(state, number));
  const voters: Voter[] = [
    ...attendance.present.map((id) => ({ key: id, memberId: id, label: name(id) })),
    ...attendance.represented.map((r) => ({
      key: `${r.holderId}:${r.memberId}`,
      memberId: r.holderId,
      forMember: r.memberId,
      label: `${name(r.memberId)}, par ${name(r.holderId)}`,
    })),
  ];
  const counts = Object.fromEntries(TALLY.map(([k]) => [k, Number(tally[k] || '0')])) as Record<keyof Tally, number>;
  const payload =
    method === 'roll_call'
      ? {
          item: number,
          method,
          ballots: voters
            .filter((v) => ballots[v.key])
            .map((v) => ({ memberId: v.memberId, choice: ballots[v.key]!, ...(v.forMember && { forMember: v.forMember }) })),
        }
      : {
          item: number,
          method,
          tally: {
            pour: counts.pour,
            contre: counts.contre,
            abstention: counts.abstention,
            ...(counts.blankOrNull > 0 && { blankOrNull: counts.blankOrNull }),
            ...(counts.nppv > 0 && { nppv: counts.nppv }),
          },
          ...(presidentVote && method === 'show_of_hands' && { presidentVote }),
        };
  const event = {
    eventId: '',
    type: 'VoteCast',
    sessionId: state.sessionId,
    occurredAt: new Date().toISOString(),
    payload: { ...payload, ...(presidedBy && { presidedBy }) },
  } as SessionEvent;
  const tie = method === 'show_of_hands' && counts.pour === counts.contre && counts.pour > 0;
  const empty = method === 'roll_call' ? Object.keys(ballots).length === 0 : TALLY.every(([k]) => tally[k] === '');
  const result = applyEvent(state, event);
  const recorded = result.ok ? result.value.items.find((i) => i.number === number)?.vote : undefined;
  const outcome = recorded && !isElection(recorded) ? recorded : undefined;
  const change = () => setConfirming(false);

  async function confirm() {
    await enter({
      siren: state.assembly.siren,
      sessionId: state.sessionId,
      label: `vote du point ${number}`,
      events: [{ ...event, eventId: newEventId(state.sessionId) }],
    });
    setConfirming(false);
  }

  return (
    <form
      aria-labelledby="vote-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (result.ok) setConfirming(true);
      }}
    >
      <h2 id="vote-title">Vote</h2>
      <Radios name="method" legend="Mode de scrutin" options={METHODS} value={method} onChange={(value) => (setMethod(value), change())} />
      <PresidingField state={state} present={attendance.present} value={presidedBy} onChange={(id) => (setPresidedBy(id), change())} />
      {method === 'roll_call' ? (
        <div class="fr-table">
          <table>
            <caption>Appel nominal : {voters.length} votants</caption>
            <thead>
              <tr>
                <th scope="col">Votant</th>
                <th scope="col">Vote</th>
              </tr>
            </thead>
            <tbody>
              {voters.map((voter) => (
                <tr key={voter.key}>
                  <th scope="row">{voter.label}</th>
                  <td>
                    <Radios
                      name={`ballot-${voter.key}`}
                      label={`Vote de ${voter.label}`}
                      options={CHOICES}
                      value={ballots[voter.key]}
                      onChange={(choice) => (setBallots({ ...ballots, [voter.key]: choice }), change())}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <fieldset class="fr-fieldset">
          <legend class="fr-fieldset__legend">Décompte</legend>
          {TALLY.map(([key, label]) => (
            <div class="fr-fieldset__element fr-fieldset__element--inline" key={key}>
              <TextField
                id={`tally-${key}`}
                label={label}
                type="number"
                value={tally[key]}
                onInput={(value) => (setTally({ ...tally, [key]: value }), change())}
              />
            </div>
          ))}
        </fieldset>
      )}
      {tie && (
        <Radios
          name="president"
          legend="Partage des voix : vote de la présidence, dont la voix est prépondérante"
          options={CHOICES}
          value={presidentVote}
          onChange={(choice) => (setPresidentVote(choice), change())}
        />
      )}
      <p role="status" data-testid="vote-preview" class={result.ok || empty ? '' : 'fr-error-text'}>
        {empty
          ? ''
          : result.ok
            ? `Votants ${outcome?.quorum.voting ?? ''}, suffrages exprimés ${outcome?.count.exprimes ?? ''} — résultat : ${outcome ? outcomeText(outcome.outcome) : ''}`
            : refusalText(result.error)}
      </p>
      {!confirming && (
        <button class="fr-btn" type="submit" disabled={!result.ok}>
          Vérifier le vote
        </button>
      )}
      {confirming && outcome && (
        <div class="fr-callout">
          <p class="fr-callout__text">La délibération sera {outcomeText(outcome.outcome)}. Confirmer ?</p>
          <button class="fr-btn" type="button" onClick={() => void confirm()}>
            Confirmer le vote
          </button>
        </div>
      )}
    </form>
  );
}

/**
 * Who presides over this vote: the séance's president unless another member present is named — the
 * member the assembly elected for the compte administratif (CGCT L2121-14), or whoever replaces an
 * absent president.
 */
export function PresidingField(props: { state: SessionState; present: readonly string[]; value: string; onChange: (id: string) => void }) {
  const { state } = props;
  const name = (id: string) => displayName(state.members, id);
  return (
    <div class="fr-select-group">
      <label class="fr-label" for="presided-by">
        Présidence de ce vote
        <span class="fr-hint-text">Pour le compte administratif, le membre élu pour présider pendant le vote (CGCT L2121-14)</span>
      </label>
      <select class="fr-select" id="presided-by" value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)}>
        <option value="">{name(state.president)}, qui préside la séance</option>
        {props.present
          .filter((id) => id !== state.president)
          .map((id) => (
            <option key={id} value={id}>
              {name(id)}
            </option>
          ))}
      </select>
    </div>
  );
}
