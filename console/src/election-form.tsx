/**
 * An election or a nomination: the candidates (members in office), then each round as the bureau
 * counted it — ballots in the box, blank, null, and the votes of each candidate — up to the third.
 * The legal engine decides it in the page: who is elected and how ("Est élue … au deuxième tour de
 * scrutin avec 10 voix"), or what the rounds lack (the absolute majority not reached, a birth date for
 * a tie at the third round), before the result is confirmed (CGCT L2121-21, L2122-7).
 */
import { useState } from 'preact/hooks';
import { displayName, titulaires } from '#domain/attendance';
import { applyEvent, type SessionState } from '#domain/session';
import { attendanceAt, isElection } from '#domain/session-state';
import type { SessionEvent } from '#events/session-events';
import { refusalText } from './checks.ts';
import { TextField } from './fields.tsx';
import { enter, newEventId } from './outbox.ts';
import { PresidingField } from './vote-form.tsx';

interface RoundDraft {
  ballots: string;
  blank: string;
  null: string;
  votes: Record<string, string>;
}

const ORDINALS = ['Premier tour', 'Deuxième tour', 'Troisième tour'];
const emptyRound = (): RoundDraft => ({ ballots: '', blank: '0', null: '0', votes: {} });
const count = (text: string | undefined) => (text === undefined || text.trim() === '' ? 0 : Number(text));

export function ElectionForm({ state, number }: { state: SessionState; number: string }) {
  const item = state.items.find((i) => i.number === number)!;
  const [candidates, setCandidates] = useState<string[]>([]);
  const [birthDates, setBirthDates] = useState<Record<string, string>>({});
  const [rounds, setRounds] = useState<RoundDraft[]>([emptyRound()]);
  const [waived, setWaived] = useState(false);
  const [presidedBy, setPresidedBy] = useState('');
  const [confirming, setConfirming] = useState(false);
  const members = titulaires(state.members);
  const name = (id: string) => displayName(state.members, id);
  const change = () => setConfirming(false);
  const setRound = (index: number, round: RoundDraft) => (setRounds(rounds.map((r, i) => (i === index ? round : r))), change());
  const toggle = (id: string, on: boolean) => (setCandidates(on ? [...candidates, id] : candidates.filter((c) => c !== id)), change());

  const event = {
    eventId: '',
    type: 'VoteCast',
    sessionId: state.sessionId,
    occurredAt: new Date().toISOString(),
    payload: {
      item: number,
      method: waived ? 'show_of_hands' : 'secret',
      ...(presidedBy && { presidedBy }),
      election: {
        candidates: candidates.map((memberId) => ({ memberId, ...(birthDates[memberId] && { birthDate: birthDates[memberId] }) })),
        rounds: rounds.map((round) => ({
          ballots: count(round.ballots),
          blank: count(round.blank),
          null: count(round.null),
          votes: candidates.map((candidate) => ({ candidate, votes: count(round.votes[candidate]) })),
        })),
        ...(waived && { secretBallotWaived: true }),
      },
    },
  } as SessionEvent;
  const empty = candidates.length === 0 || rounds.some((r) => r.ballots.trim() === '');
  const result = applyEvent(state, event);
  const vote = result.ok ? result.value.items.find((i) => i.number === number)?.vote : undefined;
  const statement = vote && isElection(vote) ? vote.election.statement : undefined;

  async function confirm() {
    await enter({
      siren: state.assembly.siren,
      sessionId: state.sessionId,
      label: `élection du point ${number}`,
      events: [{ ...event, eventId: newEventId(state.sessionId) }],
    });
    setConfirming(false);
  }

  return (
    <form
      aria-labelledby="election-title"
      onSubmit={(e) => {
        e.preventDefault();
        if (result.ok) setConfirming(true);
      }}
    >
      <h2 id="election-title">Élection</h2>
      <fieldset class="fr-fieldset" aria-describedby="candidates-hint">
        <legend class="fr-fieldset__legend">Candidats</legend>
        <p id="candidates-hint" class="fr-hint-text fr-fieldset__element">
          La date de naissance ne sert qu'en cas d'égalité au troisième tour : le plus âgé est élu (CGCT L2122-7).
        </p>
        {members.map((member) => (
          <div class="fr-fieldset__element" key={member.id}>
            <div class="fr-checkbox-group">
              <input
                type="checkbox"
                id={`candidate-${member.id}`}
                checked={candidates.includes(member.id)}
                onChange={(e) => toggle(member.id, e.currentTarget.checked)}
              />
              <label class="fr-label" for={`candidate-${member.id}`}>
                {name(member.id)}
              </label>
            </div>
            {candidates.includes(member.id) && (
              <TextField
                id={`birth-${member.id}`}
                type="date"
                label={`Date de naissance de ${name(member.id)} (facultative)`}
                value={birthDates[member.id] ?? ''}
                onInput={(value) => (setBirthDates({ ...birthDates, [member.id]: value }), change())}
              />
            )}
          </div>
        ))}
      </fieldset>
      {item.office === 'designation' && (
        <div class="fr-checkbox-group fr-mb-2w">
          <input type="checkbox" id="secret-waived" checked={waived} onChange={(e) => (setWaived(e.currentTarget.checked), change())} />
          <label class="fr-label" for="secret-waived">
            L'assemblée a décidé à l'unanimité de ne pas voter au scrutin secret (CGCT L2121-21)
          </label>
        </div>
      )}
      <PresidingField
        state={state}
        present={attendanceAt(state, number).present}
        value={presidedBy}
        onChange={(id) => (setPresidedBy(id), change())}
      />
      {rounds.map((round, index) => (
        <fieldset class="fr-fieldset" key={index} data-testid={`round-${index + 1}`}>
          <legend class="fr-fieldset__legend">{ORDINALS[index]}</legend>
          {(
            [
              ['ballots', 'Votants (bulletins dans l’urne)'],
              ['blank', 'Blancs'],
              ['null', 'Nuls'],
            ] as const
          ).map(([key, label]) => (
            <div class="fr-fieldset__element fr-fieldset__element--inline" key={key}>
              <TextField
                id={`round-${index + 1}-${key}`}
                type="number"
                label={label}
                value={round[key]}
                onInput={(value) => setRound(index, { ...round, [key]: value })}
              />
            </div>
          ))}
          {candidates.map((candidate) => (
            <div class="fr-fieldset__element fr-fieldset__element--inline" key={candidate}>
              <TextField
                id={`round-${index + 1}-votes-${candidate}`}
                type="number"
                label={`Voix de ${name(candidate)}`}
                value={round.votes[candidate] ?? ''}
                onInput={(value) => setRound(index, { ...round, votes: { ...round.votes, [candidate]: value } })}
              />
            </div>
          ))}
        </fieldset>
      ))}
      <ul class="fr-btns-group fr-btns-group--inline fr-btns-group--sm">
        {rounds.length < 3 && (
          <li>
            <button class="fr-btn fr-btn--secondary" type="button" onClick={() => (setRounds([...rounds, emptyRound()]), change())}>
              Ajouter le tour suivant
            </button>
          </li>
        )}
        {rounds.length > 1 && (
          <li>
            <button class="fr-btn fr-btn--tertiary" type="button" onClick={() => (setRounds(rounds.slice(0, -1)), change())}>
              Retirer le dernier tour
            </button>
          </li>
        )}
      </ul>
      <p role="status" data-testid="election-preview" class={result.ok || empty ? '' : 'fr-error-text'}>
        {empty ? '' : result.ok ? statement : refusalText(result.error)}
      </p>
      {!confirming && (
        <button class="fr-btn" type="submit" disabled={!result.ok}>
          Vérifier l'élection
        </button>
      )}
      {confirming && statement && (
        <div class="fr-callout">
          <p class="fr-callout__text">{statement}. Confirmer ?</p>
          <button class="fr-btn" type="button" onClick={() => void confirm()}>
            Confirmer l'élection
          </button>
        </div>
      )}
    </form>
  );
}
