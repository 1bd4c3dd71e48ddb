/**
 * The members in office, imported from a CSV file `civilité;nom;prénom` (one member a line, a header
 * line allowed, `;` or `,` between fields): each gets an id made from the name — "DE GOUVION
 * SAINT-CYR" becomes `de-gouvion-saint-cyr` — unique within the séance. Each line that cannot be
 * read is named with its number and the reason.
 */

export interface ImportedMember {
  readonly id: string;
  readonly civility: 'M.' | 'Mme';
  readonly name: string;
}

export type Imported = { readonly ok: true; readonly members: ImportedMember[] } | { readonly ok: false; readonly errors: string[] };

const CIVILITIES: Readonly<Record<string, 'M.' | 'Mme'>> = { 'm.': 'M.', m: 'M.', monsieur: 'M.', mme: 'Mme', madame: 'Mme' };

export function importMembers(text: string): Imported {
  const members: ImportedMember[] = [];
  const errors: string[] = [];
  const ids = new Set<string>();
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((line, index) => {
      if (line.trim() === '') return;
      const [civilityText = '', lastName = '', firstName = ''] = line.split(line.includes(';') ? ';' : ',').map((f) => f.trim());
      if (index === 0 && /^civilit/i.test(civilityText)) return;
      const civility = CIVILITIES[civilityText.toLowerCase()];
      if (!civility) return void errors.push(`ligne ${index + 1} : civilité « ${civilityText} » : M. ou Mme attendu`);
      if (!lastName) return void errors.push(`ligne ${index + 1} : le nom manque`);
      const name = firstName ? `${firstName} ${lastName}` : lastName;
      const base = slug(firstName ? `${lastName}-${firstName}` : lastName) || 'membre';
      let id = base;
      for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
      ids.add(id);
      members.push({ id, civility, name });
    });
  if (errors.length > 0) return { ok: false, errors };
  if (members.length === 0) return { ok: false, errors: ['le fichier ne contient aucun membre'] };
  return { ok: true, members };
}

/** Lower case, accents dropped, every run of other characters a single "-". */
export function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 64);
}
