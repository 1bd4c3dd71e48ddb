/**
 * One point of the agenda, as the secretariat types it when opening a séance: what the act is, and
 * what the vote on it is — a délibération (with the majority a text may require), the compte
 * administratif, or an election and the office it fills.
 */
import { ELECTED_OFFICES } from '#events/election';
import type { AgendaItem, RequiredMajority } from '#events/session-events';
import { NATURE_ABBREVIATIONS } from '#events/vocabulary';
import type { ComponentChildren } from 'preact';
import { SelectField, TextField } from './fields.tsx';

const NATURES: Readonly<Record<(typeof NATURE_ABBREVIATIONS)[number], string>> = {
  DE: 'Délibération',
  AR: 'Acte réglementaire',
  AI: 'Acte individuel',
  CC: 'Contrat, convention',
  BF: 'Document budgétaire',
  AU: 'Autre',
};
const KINDS: Readonly<Record<NonNullable<AgendaItem['kind']>, string>> = {
  deliberation: 'Délibération',
  compte_administratif: 'Compte administratif',
  election: 'Élection',
};
const OFFICES: Readonly<Record<(typeof ELECTED_OFFICES)[number], string>> = {
  maire: 'Maire',
  adjoint: 'Adjoints',
  president: 'Président',
  vice_president: 'Vice-président',
  designation: 'Désignation',
};
const SHARES: Readonly<Record<RequiredMajority['share'], string>> = {
  absolute: 'Majorité absolue',
  three_fifths: 'Trois cinquièmes',
  two_thirds: 'Deux tiers',
  three_quarters: 'Trois quarts',
};
const BASES: Readonly<Record<RequiredMajority['of'], string>> = {
  suffrages_exprimes: 'Suffrages exprimés',
  members_in_office: 'Membres en exercice',
};
const options = <K extends string>(labels: Readonly<Record<K, string>>) =>
  (Object.entries(labels) as [K, string][]).map(([value, label]) => ({ value, label }));

/** An agenda item as its fields hold it, every value a string the page maps into the contract's. */
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
  /** An `AgendaItem['kind']`. */
  kind: string;
  /** An elected office, for an election. */
  office: string;
  /** The required majority of a délibération, its three parts given together or not at all. */
  majorityShare: string;
  majorityOf: string;
  majorityArticle: string;
}
/** A new item: a délibération, with no required majority. */
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
  kind: 'deliberation',
  office: '',
  majorityShare: '',
  majorityOf: '',
  majorityArticle: '',
});

/**
 * What the vote on the item is, as the contract has it: `kind` beyond a délibération, `office` for an
 * election, `majority` for a délibération whose three parts are given.
 */
export function itemVote(item: ItemDraft): Pick<AgendaItem, 'kind' | 'office' | 'majority'> {
  const kind = item.kind as NonNullable<AgendaItem['kind']>;
  if (kind === 'election') return { kind, office: (item.office || undefined) as AgendaItem['office'] };
  if (kind !== 'deliberation') return { kind };
  if (!item.majorityShare || !item.majorityOf || !item.majorityArticle.trim()) return {};
  const majority = { share: item.majorityShare, of: item.majorityOf, article: item.majorityArticle.trim() } as RequiredMajority;
  return { majority };
}

/**
 * The parts of a délibération's required majority left out while another is given, at the fields the
 * contract names (`payload.items[0].majority.of`), in words.
 */
export function incompleteMajority(item: ItemDraft, index: number): Record<string, string> {
  const given = [item.majorityShare, item.majorityOf, item.majorityArticle.trim()];
  if (item.kind !== 'deliberation' || given.every((v) => !v) || given.every((v) => v)) return {};
  const missing: Record<string, string> = {};
  const at = (part: string) => `payload.items[${index}].majority.${part}`;
  if (!given[0]) missing[at('share')] = 'choisissez la majorité requise, ou laissez vides les deux champs qui la suivent';
  if (!given[1]) missing[at('of')] = 'indiquez sur quoi la majorité requise est calculée';
  if (!given[2]) missing[at('article')] = 'indiquez le texte qui impose la majorité requise';
  return missing;
}

/** The fields of item `index`, each showing the contract's violation at its path (`payload.items[0].title`). */
export function AgendaItemFields({
  index,
  item,
  members,
  errors,
  onChange,
  children,
}: {
  index: number;
  item: ItemDraft;
  members: readonly { value: string; label: string }[];
  errors: Readonly<Record<string, string>>;
  onChange: (field: keyof ItemDraft, value: string) => void;
  /** What follows the item's own fields: its annexes. */
  children?: ComponentChildren;
}) {
  const at = (field: string) => errors[`payload.items[${index}].${field}`];
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
        <SelectField
          id={id('kind')}
          label="Nature du vote"
          value={item.kind}
          onChange={(v) => onChange('kind', v)}
          options={options(KINDS)}
          error={at('kind')}
        />
      </div>
      {item.kind === 'election' && (
        <div class="fr-fieldset__element">
          <SelectField
            id={id('office')}
            label="Fonction"
            hint="Une élection par point : chaque vice-président ou adjoint élu seul a le sien"
            value={item.office}
            onChange={(v) => onChange('office', v)}
            options={options(OFFICES)}
            empty="— choisir la fonction —"
            error={at('office')}
          />
        </div>
      )}
      {item.kind === 'deliberation' && (
        <>
          <div class="fr-fieldset__element">
            <SelectField
              id={id('majority-share')}
              label="Majorité requise"
              hint="Seulement si un texte impose plus que la majorité des suffrages exprimés"
              value={item.majorityShare}
              onChange={(v) => onChange('majorityShare', v)}
              options={options(SHARES)}
              empty="— aucune —"
              error={at('majority.share')}
            />
          </div>
          <div class="fr-fieldset__element">
            <SelectField
              id={id('majority-of')}
              label="Majorité calculée sur"
              value={item.majorityOf}
              onChange={(v) => onChange('majorityOf', v)}
              options={options(BASES)}
              empty="—"
              error={at('majority.of')}
            />
          </div>
          <div class="fr-fieldset__element">
            <TextField
              id={id('majority-article')}
              label="Texte qui l'impose"
              hint="Par exemple : CGCT L5214-16 IV"
              value={item.majorityArticle}
              onInput={(v) => onChange('majorityArticle', v)}
              error={at('majority.article')}
            />
          </div>
        </>
      )}
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
      {children}
    </fieldset>
  );
}
