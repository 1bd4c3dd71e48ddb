/**
 * The assembly's house style for wording outcomes (`assembly.wording`), as the secretariat sets it
 * when opening a séance: how a vote with abstentions and no vote against is said, whether the votes
 * are counted, and whether who voted against or abstained is named.
 */
import type { Wording } from '#events/session-events';
import { SelectField } from './fields.tsx';

const WITH_ABSTENTIONS: Readonly<Record<NonNullable<Wording['withAbstentions']>, string>> = {
  unanimite_des_suffrages_exprimes: "à l'unanimité des suffrages exprimés",
  majorite: 'à la majorité',
};

/** The house style as its fields hold it. */
export interface HouseStyleDraft {
  withAbstentions: string;
  counts: boolean;
  names: boolean;
}
/** The default style: "à l'unanimité des suffrages exprimés", without counts or names. */
export const defaultHouseStyle = (): HouseStyleDraft => ({
  withAbstentions: 'unanimite_des_suffrages_exprimes',
  counts: false,
  names: false,
});

/** The house style as the contract has it: only what differs from the default, or nothing. */
export function houseStyle(style: HouseStyleDraft): Wording | undefined {
  const wording: Wording = {
    ...(style.withAbstentions === 'majorite' && { withAbstentions: 'majorite' }),
    ...(style.counts && { counts: true }),
    ...(style.names && { names: true }),
  };
  return Object.keys(wording).length > 0 ? wording : undefined;
}

function Checkbox({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <div class="fr-checkbox-group">
      <input type="checkbox" id={id} name={id} checked={checked} onChange={(e) => onChange(e.currentTarget.checked)} />
      <label class="fr-label" for={id}>
        {label}
      </label>
    </div>
  );
}

/** The three fields of the house style, as elements of the assembly's fieldset. */
export function HouseStyleFields({
  style,
  onChange,
  error,
}: {
  style: HouseStyleDraft;
  onChange: (style: HouseStyleDraft) => void;
  error: (path: string) => string | undefined;
}) {
  return (
    <>
      <div class="fr-fieldset__element">
        <SelectField
          id="wording-with-abstentions"
          label="Abstentions sans vote contre"
          hint="Comment les actes de l'assemblée disent un vote sans voix contre, avec des abstentions"
          value={style.withAbstentions}
          onChange={(withAbstentions) => onChange({ ...style, withAbstentions })}
          options={Object.entries(WITH_ABSTENTIONS).map(([value, label]) => ({ value, label }))}
          error={error('payload.assembly.wording.withAbstentions')}
        />
      </div>
      <div class="fr-fieldset__element">
        <Checkbox
          id="wording-counts"
          label="Indiquer le nombre de voix (« avec 32 voix pour et 7 abstentions »)"
          checked={style.counts}
          onChange={(counts) => onChange({ ...style, counts })}
        />
      </div>
      <div class="fr-fieldset__element">
        <Checkbox
          id="wording-names"
          label="Nommer les votants contre et les abstentions (scrutin public)"
          checked={style.names}
          onChange={(names) => onChange({ ...style, names })}
        />
      </div>
    </>
  );
}
