/**
 * The roll as a grid: one row per member, a box ticked when present (Tab from one member to the
 * next, Space to tick), and for an absent member the holder of their proxy, chosen among the members
 * present. A suppléant's row says whom they stand for; a member may be withdrawn from the item the
 * step takes effect at, with the reason (CGCT L2131-11, L2121-14). The step takes effect from the item
 * chosen (the next one by default). Before anything is kept, the legal engine checks it: a refusal is
 * shown at its member's row with its article, and nothing is sent.
 */
import { useState } from 'preact/hooks';
import { displayName, isSuppleant, titulaires } from '#domain/attendance';
import { rollAt, type SessionState } from '#domain/session-state';
import type { AttendanceEntry, Member, SessionEvent, WithdrawalReason } from '#events/session-events';
import { check, refusalText, type DomainError } from './checks.ts';
import { enter, newEventId } from './outbox.ts';

interface Row {
  status: 'present' | 'absent';
  proxyTo: string;
  withdrawn: WithdrawalReason | '';
}

const REASONS: readonly [WithdrawalReason, string][] = [
  ['interest', 'intéressé à l’affaire'],
  ['representative', 'représentant de l’organisme concerné'],
  ['compte_administratif', 'compte administratif (vote)'],
];

export function RollCall({ state }: { state: SessionState }) {
  const next = state.items.find((i) => i.status === 'pending');
  const [from, setFrom] = useState(next?.number ?? '');
  const recorded = rollAt(state, from || undefined);
  /** A member's row as the roll records it; what the secretary changed and has not recorded yet is kept apart, so the pipeline applying a step never undoes it. */
  const base = (id: string): Row => {
    const entry = recorded[id];
    const presence = entry?.status === 'withdrawn' ? entry.was : entry;
    return {
      status: presence?.status ?? 'absent',
      proxyTo: presence?.status === 'absent' ? (presence.proxyTo ?? '') : '',
      withdrawn: entry?.status === 'withdrawn' ? entry.reason : '',
    };
  };
  const [edits, setEdits] = useState<Readonly<Record<string, Row>>>({});
  const [refusal, setRefusal] = useState<DomainError | undefined>();
  const [saved, setSaved] = useState<string | undefined>();
  const rowOf = (id: string): Row => edits[id] ?? base(id);

  const present = state.members.filter((m) => rowOf(m.id).status === 'present');
  // A member never recorded is part of the next step (the first roll call names everyone).
  const changed = state.members.filter((m) => {
    const row = rowOf(m.id);
    const was = base(m.id);
    return (
      (!recorded[m.id] && !isSuppleant(m)) || row.status !== was.status || row.proxyTo !== was.proxyTo || row.withdrawn !== was.withdrawn
    );
  });
  const fromItem = state.items.find((i) => i.number === from);
  const reasons = REASONS.filter(([reason]) => reason !== 'compte_administratif' || fromItem?.kind === 'compte_administratif');
  const standsFor = (id: string | undefined) => state.members.find((m) => m.id === id);
  const setRow = (id: string, change: Partial<Row>) => {
    setEdits({ ...edits, [id]: { ...rowOf(id), ...change, ...(change.status === 'present' && { proxyTo: '' }) } });
    setRefusal(undefined);
    setSaved(undefined);
  };

  async function record(e: Event) {
    e.preventDefault();
    const entries: AttendanceEntry[] = changed.map((m) => {
      const row = rowOf(m.id);
      if (row.withdrawn) return { memberId: m.id, status: 'withdrawn', reason: row.withdrawn };
      return row.status === 'absent' && row.proxyTo
        ? { memberId: m.id, status: 'absent', proxyTo: row.proxyTo }
        : { memberId: m.id, status: row.status };
    });
    if (entries.length === 0) return setSaved("Rien n'a changé depuis le dernier appel.");
    const event: SessionEvent = {
      eventId: newEventId(state.sessionId),
      type: 'AttendanceRecorded',
      sessionId: state.sessionId,
      occurredAt: new Date().toISOString(),
      payload: { entries, ...(from && { item: from }) },
    };
    const refused = check(state, event);
    if (refused) {
      // At the row of the entry the rule refuses (the member giving the proxy), else of the member it names.
      const entry = /entries\[(\d+)\]/.exec(refused.field ?? '');
      const memberId = entry ? entries[Number(entry[1])]?.memberId : refused.memberId;
      setRefusal({ ...refused, ...(memberId && { memberId }) });
      document.getElementById(memberId ? `proxy-${memberId}` : 'roll-refusal')?.focus();
      return;
    }
    await enter({ siren: state.assembly.siren, sessionId: state.sessionId, label: `appel (${entries.length} membre(s))`, events: [event] });
    setEdits({});
    setSaved(`Appel enregistré pour ${entries.length} membre(s).`);
  }

  return (
    <form onSubmit={record} aria-labelledby="roll-title">
      <h2 id="roll-title">Appel</h2>
      <div class="fr-select-group">
        <label class="fr-label" for="roll-from">
          Prend effet à partir du point
        </label>
        <select class="fr-select" id="roll-from" value={from} onChange={(e) => setFrom(e.currentTarget.value)}>
          {state.items
            .filter((i) => i.status === 'pending')
            .map((i) => (
              <option key={i.number} value={i.number}>
                {i.label ?? i.number} — {i.title.slice(0, 80)}
              </option>
            ))}
        </select>
      </div>
      {refusal && !refusal.memberId && (
        <div id="roll-refusal" class="fr-alert fr-alert--error fr-mb-2w" role="alert" tabIndex={-1}>
          <p>{refusalText(refusal)}</p>
        </div>
      )}
      <div class="fr-table fr-table--bordered">
        <table>
          <caption>
            Membres en exercice : {titulaires(state.members).length} — présents : {present.length}
          </caption>
          <thead>
            <tr>
              <th scope="col">Membre</th>
              <th scope="col">Présent</th>
              <th scope="col">Pouvoir donné à</th>
            </tr>
          </thead>
          <tbody>
            {state.members.map((member) => {
              const row = rowOf(member.id);
              const name = `${member.civility} ${member.name}`;
              const titulaire = isSuppleant(member) ? standsFor(member.standsFor) : undefined;
              const error = refusal?.memberId === member.id ? refusalText(refusal) : undefined;
              return (
                <tr key={member.id} id={`row-${member.id}`} tabIndex={-1} data-member={member.id}>
                  <th scope="row">
                    {name}
                    {titulaire && (
                      <span class="fr-hint-text">
                        {member.civility === 'Mme' ? 'suppléante' : 'suppléant'} de {titulaire.civility} {titulaire.name}
                      </span>
                    )}
                  </th>
                  <td>
                    <div class="fr-checkbox-group">
                      <input
                        type="checkbox"
                        id={`present-${member.id}`}
                        name={`present-${member.id}`}
                        checked={row.status === 'present'}
                        onChange={(e) => setRow(member.id, { status: e.currentTarget.checked ? 'present' : 'absent' })}
                      />
                      <label class="fr-label" for={`present-${member.id}`}>
                        présent<span class="fr-sr-only"> : {name}</span>
                      </label>
                    </div>
                  </td>
                  <td>
                    <div class={`fr-select-group fr-mb-0${error ? ' fr-select-group--error' : ''}`}>
                      <label class="fr-label fr-sr-only" for={`proxy-${member.id}`}>
                        Pouvoir de {name} donné à
                      </label>
                      <select
                        class="fr-select"
                        id={`proxy-${member.id}`}
                        value={row.proxyTo}
                        disabled={row.status === 'present' || titulaire !== undefined}
                        aria-describedby={error ? `proxy-${member.id}-error` : undefined}
                        onChange={(e) => setRow(member.id, { proxyTo: e.currentTarget.value })}
                      >
                        <option value="">— aucun pouvoir —</option>
                        {present
                          .filter((holder) => holder.id !== member.id)
                          .map((holder) => (
                            <option key={holder.id} value={holder.id}>
                              {holder.civility} {holder.name}
                            </option>
                          ))}
                      </select>
                      {error && (
                        <p id={`proxy-${member.id}-error`} class="fr-error-text" role="alert">
                          {error}
                        </p>
                      )}
                    </div>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Withdrawals
        members={state.members}
        reasons={reasons}
        withdrawn={state.members.filter((m) => rowOf(m.id).withdrawn).map((m) => ({ id: m.id, reason: rowOf(m.id).withdrawn }))}
        onChange={(id, reason) => setRow(id, { withdrawn: reason })}
      />
      <button class="fr-btn" type="submit">
        Enregistrer l'appel
      </button>
      {saved && (
        <p class="fr-mt-2w" role="status">
          {saved}
        </p>
      )}
    </form>
  );
}

/**
 * Members who withdraw from the item the step takes effect at, with the reason (CGCT L2131-11,
 * L2121-14): a member and a reason chosen, then added; each can be taken back before the step is
 * recorded. Kept apart from the grid, so the grid stays one Tab stop a member.
 */
function Withdrawals(props: {
  members: readonly Member[];
  reasons: readonly [WithdrawalReason, string][];
  withdrawn: readonly { id: string; reason: WithdrawalReason | '' }[];
  onChange: (id: string, reason: WithdrawalReason | '') => void;
}) {
  const [member, setMember] = useState('');
  const [reason, setReason] = useState<WithdrawalReason>('interest');
  const name = (id: string) => displayName(props.members, id);
  const label = (r: WithdrawalReason | '') => props.reasons.find(([value]) => value === r)?.[1] ?? r;
  return (
    <fieldset class="fr-fieldset" aria-describedby="withdrawals-hint">
      <legend class="fr-fieldset__legend">Retraits pour ce point</legend>
      <p id="withdrawals-hint" class="fr-hint-text fr-fieldset__element">
        Un membre qui se retire ne prend pas part au vote de ce point, ni par un pouvoir ; il revient au point suivant.
      </p>
      <div class="fr-fieldset__element fr-fieldset__element--inline">
        <div class="fr-select-group">
          <label class="fr-label" for="withdraw-member">
            Membre
          </label>
          <select class="fr-select" id="withdraw-member" value={member} onChange={(e) => setMember(e.currentTarget.value)}>
            <option value="">— choisir —</option>
            {props.members.map((m) => (
              <option key={m.id} value={m.id}>
                {m.civility} {m.name}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div class="fr-fieldset__element fr-fieldset__element--inline">
        <div class="fr-select-group">
          <label class="fr-label" for="withdraw-reason">
            Motif
          </label>
          <select
            class="fr-select"
            id="withdraw-reason"
            value={reason}
            onChange={(e) => setReason(e.currentTarget.value as WithdrawalReason)}
          >
            {props.reasons.map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div class="fr-fieldset__element fr-fieldset__element--inline">
        <button
          class="fr-btn fr-btn--secondary"
          type="button"
          disabled={!member}
          onClick={() => (props.onChange(member, reason), setMember(''))}
        >
          Ajouter le retrait
        </button>
      </div>
      {props.withdrawn.length > 0 && (
        <ul class="fr-fieldset__element" data-testid="withdrawals">
          {props.withdrawn.map((w) => (
            <li key={w.id}>
              {name(w.id)} — {label(w.reason)}{' '}
              <button class="fr-btn fr-btn--tertiary-no-outline fr-btn--sm" type="button" onClick={() => props.onChange(w.id, '')}>
                Annuler le retrait de {name(w.id)}
              </button>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}
