/**
 * Opening a séance: the collectivité and its assembly (with its house style for wording outcomes),
 * the date, place and président, the members (imported from a CSV `civilité;nom;prénom`, with the
 * suppléants of an EPCI), and the agenda. The event is checked against the contract in the page, each
 * problem shown at its field, before it is kept and sent.
 */
import { useState } from 'preact/hooks';
import { parseSessionEvent, type Annex } from '#events/session-events';
import { ASSEMBLY_KINDS } from '#events/vocabulary';
import { AgendaItemFields, emptyItem, incompleteMajority, itemVote, type ItemDraft } from '../agenda-item-fields.tsx';
import { AnnexFields } from '../annex-fields.tsx';
import { ErrorAlert, SelectField, TextField } from '../fields.tsx';
import { defaultHouseStyle, houseStyle, HouseStyleFields } from '../house-style-fields.tsx';
import { importMembers, type ImportedMember } from '../members-csv.ts';
import { enter, newEventId } from '../outbox.ts';

const KINDS: Readonly<Record<(typeof ASSEMBLY_KINDS)[number], string>> = {
  commune: 'Conseil municipal',
  epci: 'Conseil communautaire (EPCI)',
  departement: 'Conseil départemental',
  region: 'Conseil régional',
  commission_permanente: 'Commission permanente',
};
const optional = (value: string) => (value.trim() === '' ? undefined : value.trim());
const CSV_HINT =
  'Une ligne par membre : civilité;nom;prénom — pour un EPCI, ajoutez rôle;suppléé (« suppléant » et le nom du titulaire suppléé)';
const NO_SUPPLEANTS =
  'seuls les conseils communautaires et les comités syndicaux ont des suppléants (CGCT L5211-6, L5212-7) : choisissez « Conseil communautaire (EPCI) » ou retirez-les de la liste';

export function NewSeance() {
  const [form, setForm] = useState({
    siren: '',
    name: '',
    body: '',
    kind: 'commune',
    departement: '',
    sessionId: '',
    date: '',
    openedAt: '',
    place: '',
    president: '',
  });
  const [style, setStyle] = useState(defaultHouseStyle);
  const [members, setMembers] = useState<ImportedMember[]>([]);
  const [csvErrors, setCsvErrors] = useState<string[]>([]);
  const [items, setItems] = useState<ItemDraft[]>([emptyItem()]);
  /** Each item's annexes, uploaded as they are chosen. */
  const [annexes, setAnnexes] = useState<Annex[][]>([[]]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const set = (field: keyof typeof form) => (value: string) => setForm({ ...form, [field]: value });
  const nameOf = (id: string | undefined) => {
    const member = members.find((m) => m.id === id);
    return member ? `${member.civility} ${member.name}` : (id ?? '');
  };
  const standing = (m: ImportedMember) => `${m.civility === 'Mme' ? 'suppléante' : 'suppléant'} de ${nameOf(m.standsFor)}`;
  const memberOptions = members.map((m) => ({
    value: m.id,
    label: m.role === 'suppleant' ? `${nameOf(m.id)} (${standing(m)})` : nameOf(m.id),
  }));
  const titulaireOptions = memberOptions.filter((_, i) => members[i]!.role !== 'suppleant');
  const suppleants = members.filter((m) => m.role === 'suppleant');

  const [typed, setTyped] = useState('');
  function readMembers(text: string) {
    const imported = importMembers(text);
    if (imported.ok) {
      setMembers(imported.members);
      setCsvErrors([]);
    } else setCsvErrors(imported.errors);
  }
  async function importFile(file: File | undefined) {
    if (file) readMembers(await file.text());
  }

  async function submit(e: Event) {
    e.preventDefault();
    const event = {
      eventId: newEventId(form.sessionId || 'seance'),
      type: 'SessionOpened',
      sessionId: form.sessionId,
      occurredAt: new Date().toISOString(),
      payload: {
        assembly: {
          siren: form.siren,
          name: form.name,
          body: form.body,
          kind: form.kind,
          departement: form.departement,
          wording: houseStyle(style),
        },
        date: form.date,
        openedAt: form.openedAt,
        place: form.place,
        president: form.president,
        members,
        items: items.map((item, index) => ({
          number: item.number,
          label: optional(item.label),
          title: item.title,
          rapporteur: optional(item.rapporteur),
          commission: optional(item.commission),
          nature: item.nature,
          matiere: optional(item.matiere),
          visas: item.visas.trim() ? item.visas.split(/\r?\n/).filter((v) => v.trim()) : undefined,
          expose: optional(item.expose),
          decision: optional(item.decision),
          ...itemVote(item),
          annexes: annexes[index]?.length ? annexes[index] : undefined,
        })),
      },
    };
    const parsed = parseSessionEvent(JSON.parse(JSON.stringify(event)));
    const found: Record<string, string> = Object.assign(
      suppleants.length > 0 && form.kind !== 'epci' ? { 'payload.members': NO_SUPPLEANTS } : {},
      ...items.map(incompleteMajority),
      parsed.ok ? {} : Object.fromEntries(parsed.violations.map((v) => [v.field, v.message])),
    );
    if (!parsed.ok || Object.keys(found).length > 0) {
      setErrors(found);
      document.getElementById('form-errors')?.focus();
      return;
    }
    setErrors({});
    await enter({ siren: form.siren, sessionId: form.sessionId, label: 'ouverture de la séance', events: [parsed.event] });
    location.hash = `#/seances/${form.siren}/${encodeURIComponent(form.sessionId)}`;
  }

  const error = (path: string) => errors[path];
  const listed = Object.entries(errors).map(([field, message]) => `${field} : ${message}`);
  return (
    <>
      <h1>Ouvrir une séance</h1>
      <form onSubmit={submit} noValidate>
        <div id="form-errors" tabIndex={-1}>
          <ErrorAlert title="La séance ne peut pas être ouverte ainsi" lines={listed} />
        </div>
        <fieldset class="fr-fieldset">
          <legend class="fr-fieldset__legend">Collectivité et assemblée</legend>
          <div class="fr-fieldset__element">
            <TextField
              id="siren"
              label="SIREN"
              hint="9 chiffres"
              value={form.siren}
              onInput={set('siren')}
              error={error('payload.assembly.siren')}
            />
          </div>
          <div class="fr-fieldset__element">
            <TextField
              id="name"
              label="Collectivité"
              hint="Par exemple : Département d'Ille-et-Vilaine"
              value={form.name}
              onInput={set('name')}
              error={error('payload.assembly.name')}
            />
          </div>
          <div class="fr-fieldset__element">
            <TextField
              id="body"
              label="Assemblée"
              hint="Par exemple : Conseil départemental"
              value={form.body}
              onInput={set('body')}
              error={error('payload.assembly.body')}
            />
          </div>
          <div class="fr-fieldset__element">
            <SelectField
              id="kind"
              label="Type d'assemblée"
              value={form.kind}
              onChange={set('kind')}
              options={ASSEMBLY_KINDS.map((k) => ({ value: k, label: KINDS[k] }))}
            />
          </div>
          <div class="fr-fieldset__element">
            <TextField
              id="departement"
              label="Département"
              hint="Code à 3 caractères : 035, 02A, 974"
              value={form.departement}
              onInput={set('departement')}
              error={error('payload.assembly.departement')}
            />
          </div>
          <HouseStyleFields style={style} onChange={setStyle} error={error} />
        </fieldset>
        <fieldset class="fr-fieldset">
          <legend class="fr-fieldset__legend">Séance</legend>
          <div class="fr-fieldset__element">
            <TextField
              id="sessionId"
              label="Identifiant de la séance"
              hint="Lettres, chiffres, tirets : par exemple cd35-2025-03-20"
              value={form.sessionId}
              onInput={set('sessionId')}
              error={error('sessionId')}
            />
          </div>
          <div class="fr-fieldset__element">
            <TextField id="date" type="date" label="Date" value={form.date} onInput={set('date')} error={error('payload.date')} />
          </div>
          <div class="fr-fieldset__element">
            <TextField
              id="openedAt"
              type="time"
              label="Ouverture"
              hint="Heure d'ouverture de la séance"
              value={form.openedAt}
              onInput={set('openedAt')}
              error={error('payload.openedAt')}
            />
          </div>
          <div class="fr-fieldset__element">
            <TextField id="place" label="Lieu" value={form.place} onInput={set('place')} error={error('payload.place')} />
          </div>
        </fieldset>
        <fieldset class="fr-fieldset">
          <legend class="fr-fieldset__legend">Membres en exercice</legend>
          <div class="fr-fieldset__element">
            <div class={`fr-upload-group${csvErrors.length ? ' fr-input-group--error' : ''}`}>
              <label class="fr-label" for="members-csv">
                Importer la liste des membres
                <span class="fr-hint-text">{CSV_HINT}</span>
              </label>
              <input
                class="fr-upload"
                type="file"
                id="members-csv"
                accept=".csv,text/csv"
                onChange={(e) => void importFile(e.currentTarget.files?.[0])}
              />
            </div>
            <TextField id="members-typed" label="Ou saisissez-la" hint={CSV_HINT} multiline value={typed} onInput={setTyped} />
            <button class="fr-btn fr-btn--secondary fr-btn--sm fr-mb-2w" type="button" onClick={() => readMembers(typed)}>
              Lire la liste saisie
            </button>
            <ErrorAlert title="La liste n'a pas pu être lue" lines={csvErrors} />
            {error('payload.members') && <p class="fr-error-text">{error('payload.members')}</p>}
            {members.length > 0 && (
              <p data-testid="members-count">
                {members.length - suppleants.length} membres en exercice importés
                {suppleants.length > 0 ? `, et ${suppleants.length} suppléant${suppleants.length > 1 ? 's' : ''} :` : '.'}
              </p>
            )}
            {suppleants.length > 0 && (
              <ul data-testid="suppleants">
                {suppleants.map((m) => (
                  <li key={m.id}>
                    {nameOf(m.id)}, {standing(m)}
                  </li>
                ))}
              </ul>
            )}
          </div>
          <div class="fr-fieldset__element">
            <SelectField
              id="president"
              label="Président de séance"
              value={form.president}
              onChange={set('president')}
              options={titulaireOptions}
              empty="— choisir parmi les membres —"
              error={error('payload.president')}
            />
          </div>
        </fieldset>
        <h2>Ordre du jour</h2>
        {items.map((item, index) => (
          <AgendaItemFields
            key={index}
            index={index}
            item={item}
            members={memberOptions}
            errors={errors}
            onChange={(field, value) => setItems(items.map((it, i) => (i === index ? { ...it, [field]: value } : it)))}
          >
            <AnnexFields
              index={index}
              siren={form.siren}
              nature={item.nature}
              annexes={annexes[index] ?? []}
              errors={errors}
              onChange={(changed) => setAnnexes(items.map((_, i) => (i === index ? changed : (annexes[i] ?? []))))}
            />
          </AgendaItemFields>
        ))}
        <ul class="fr-btns-group fr-btns-group--inline">
          <li>
            <button
              class="fr-btn fr-btn--secondary"
              type="button"
              onClick={() => {
                setItems([...items, emptyItem()]);
                setAnnexes([...annexes, []]);
              }}
            >
              Ajouter un point
            </button>
          </li>
          <li>
            <button class="fr-btn" type="submit">
              Ouvrir la séance
            </button>
          </li>
        </ul>
      </form>
    </>
  );
}
