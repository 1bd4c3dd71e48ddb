/** One point of the agenda, as the secretariat types it when opening a séance. */
import { NATURE_ABBREVIATIONS } from '#events/vocabulary';
import { SelectField, TextField } from './fields.tsx';

const NATURES: Readonly<Record<(typeof NATURE_ABBREVIATIONS)[number], string>> = {
  DE: 'Délibération',
  AR: 'Acte réglementaire',
  AI: 'Acte individuel',
  CC: 'Contrat, convention',
  BF: 'Document budgétaire',
  AU: 'Autre',
};

export interface ItemDraft {
  number: string;
  label: string;
  title: string;
  rapporteur: string;
  commission: string;
  nature: string;
  matiere: string;
  visas: string;
  expose: string;
  decision: string;
}
export const emptyItem = (): ItemDraft => ({
  number: '',
  label: '',
  title: '',
  rapporteur: '',
  commission: '',
  nature: 'DE',
  matiere: '',
  visas: '',
  expose: '',
  decision: '',
});

export function AgendaItemFields({
  index,
  item,
  members,
  errors,
  onChange,
}: {
  index: number;
  item: ItemDraft;
  members: readonly { value: string; label: string }[];
  errors: Readonly<Record<string, string>>;
  onChange: (field: keyof ItemDraft, value: string) => void;
}) {
  const at = (field: string) => errors[`payload.items.${index}.${field}`];
  const id = (field: string) => `item-${index}-${field}`;
  return (
    <fieldset class="fr-fieldset">
      <legend class="fr-fieldset__legend">Point {index + 1}</legend>
      <div class="fr-fieldset__element">
        <TextField
          id={id('number')}
          label="Numéro"
          hint="Numéro interne de l'acte, par exemple AD_2025_0043"
          value={item.number}
          onInput={(v) => onChange('number', v)}
          error={at('number')}
        />
      </div>
      <div class="fr-fieldset__element">
        <TextField
          id={id('label')}
          label="Numéro affiché (facultatif)"
          value={item.label}
          onInput={(v) => onChange('label', v)}
          error={at('label')}
        />
      </div>
      <div class="fr-fieldset__element">
        <TextField id={id('title')} label="Objet" value={item.title} onInput={(v) => onChange('title', v)} error={at('title')} />
      </div>
      <div class="fr-fieldset__element">
        <SelectField
          id={id('rapporteur')}
          label="Rapporteur"
          value={item.rapporteur}
          onChange={(v) => onChange('rapporteur', v)}
          options={members}
          empty="— aucun —"
          error={at('rapporteur')}
        />
      </div>
      <div class="fr-fieldset__element">
        <TextField
          id={id('commission')}
          label="Commission (facultatif)"
          value={item.commission}
          onInput={(v) => onChange('commission', v)}
          error={at('commission')}
        />
      </div>
      <div class="fr-fieldset__element">
        <SelectField
          id={id('nature')}
          label="Nature de l'acte"
          value={item.nature}
          onChange={(v) => onChange('nature', v)}
          options={NATURE_ABBREVIATIONS.map((n) => ({ value: n, label: NATURES[n] }))}
        />
      </div>
      <div class="fr-fieldset__element">
        <TextField
          id={id('matiere')}
          label="Matière"
          hint="Classification @CTES, par exemple 7.1"
          value={item.matiere}
          onInput={(v) => onChange('matiere', v)}
          error={at('matiere')}
        />
      </div>
      <div class="fr-fieldset__element">
        <TextField
          id={id('visas')}
          label="Visas"
          hint="Un visa par ligne"
          multiline
          value={item.visas}
          onInput={(v) => onChange('visas', v)}
          error={at('visas')}
        />
      </div>
      <div class="fr-fieldset__element">
        <TextField
          id={id('expose')}
          label="Exposé"
          multiline
          value={item.expose}
          onInput={(v) => onChange('expose', v)}
          error={at('expose')}
        />
      </div>
      <div class="fr-fieldset__element">
        <TextField
          id={id('decision')}
          label="Décision"
          multiline
          value={item.decision}
          onInput={(v) => onChange('decision', v)}
          error={at('decision')}
        />
      </div>
    </fieldset>
  );
}
