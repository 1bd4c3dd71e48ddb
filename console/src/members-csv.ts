/**
 * The members of the assembly, imported from a CSV file `civilité;nom;prénom;rôle;suppléé` (one
 * member a line, a header line allowed, `;` or `,` between fields): each gets an id made from the
 * name — "DE GOUVION SAINT-CYR" becomes `de-gouvion-saint-cyr` — unique within the séance.
 *
 * `rôle` and `suppléé` are optional, for the conseils communautaires and comités syndicaux (CGCT
 * L5211-6, L5212-7): `rôle` is "titulaire" (or empty) or "suppléant" ("suppleant", "suppléante"),
 * and a suppléant's `suppléé` names the titulaire they stand for, by the nom alone or by the nom and
 * prénom ("DUPONT Anne" or "Anne DUPONT"), among the titulaires of the same file, wherever their line.
 *
 * Each line that cannot be read is named with its number and the reason.
 */

export interface ImportedMember {
  readonly id: string;
  readonly civility: 'M.' | 'Mme';
  readonly name: string;
  /** Given for a suppléant only (a member is a titulaire by default). */
  readonly role?: 'titulaire' | 'suppleant';
  /** The id of the titulaire a suppléant stands for. */
  readonly standsFor?: string;
}

export type Imported = { readonly ok: true; readonly members: ImportedMember[] } | { readonly ok: false; readonly errors: string[] };

const CIVILITIES: Readonly<Record<string, 'M.' | 'Mme'>> = { 'm.': 'M.', m: 'M.', monsieur: 'M.', mme: 'Mme', madame: 'Mme' };
const ROLES: Readonly<Record<string, 'titulaire' | 'suppleant'>> = {
  '': 'titulaire',
  titulaire: 'titulaire',
  suppleant: 'suppleant',
  suppleante: 'suppleant',
};

interface Line {
  readonly number: number;
  readonly member: ImportedMember;
  readonly lastName: string;
  readonly firstName: string;
  readonly standsFor: string;
}

/** The members the CSV lists, or every line that cannot be read, in the order of the lines. */
export function importMembers(text: string): Imported {
  const lines: Line[] = [];
  const errors: { line: number; text: string }[] = [];
  const ids = new Set<string>();
  text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((line, index) => {
      if (line.trim() === '') return;
      const number = index + 1;
      const fail = (reason: string) => void errors.push({ line: number, text: `ligne ${number} : ${reason}` });
      const fields = line.split(line.includes(';') ? ';' : ',').map((f) => f.trim());
      const [civilityText = '', lastName = '', firstName = '', roleText = '', standsFor = ''] = fields;
      if (index === 0 && /^civilit/i.test(civilityText)) return;
      const civility = CIVILITIES[civilityText.toLowerCase()];
      if (!civility) return fail(`civilité « ${civilityText} » : M. ou Mme attendu`);
      if (!lastName) return fail('le nom manque');
      const role = ROLES[fold(roleText)];
      if (!role) return fail(`rôle « ${roleText} » : titulaire ou suppléant attendu`);
      if (role === 'suppleant' && !standsFor) return fail('le titulaire suppléé manque');
      if (role === 'titulaire' && standsFor)
        return fail(`suppléé « ${standsFor} » pour un titulaire : seul un suppléant supplée quelqu’un`);
      const name = firstName ? `${firstName} ${lastName}` : lastName;
      const base = slug(firstName ? `${lastName}-${firstName}` : lastName) || 'membre';
      let id = base;
      for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
      ids.add(id);
      lines.push({ number, member: { id, civility, name, ...(role === 'suppleant' && { role }) }, lastName, firstName, standsFor });
    });
  const titulaires = lines.filter((l) => l.member.role !== 'suppleant');
  const members = lines.map((line) => {
    if (!line.standsFor) return line.member;
    const found = titulairesNamed(titulaires, line.standsFor);
    if (found.length !== 1) {
      const reason = found.length === 0 ? 'aucun titulaire de ce nom' : 'plusieurs titulaires de ce nom, précisez le prénom';
      errors.push({ line: line.number, text: `ligne ${line.number} : suppléant de « ${line.standsFor} » : ${reason}` });
      return line.member;
    }
    return { ...line.member, standsFor: found[0]!.member.id };
  });
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.line - b.line).map((e) => e.text) };
  if (members.length === 0) return { ok: false, errors: ['le fichier ne contient aucun membre'] };
  return { ok: true, members };
}

/** The titulaires a `suppléé` names: by nom and prénom (either order) first, else by the nom alone. */
function titulairesNamed(titulaires: readonly Line[], named: string): readonly Line[] {
  const key = slug(named);
  const byFullName = titulaires.filter((t) => key === slug(`${t.lastName} ${t.firstName}`) || key === slug(`${t.firstName} ${t.lastName}`));
  return byFullName.length > 0 ? byFullName : titulaires.filter((t) => key === slug(t.lastName));
}

/** Lower case, accents dropped. */
const fold = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** Lower case, accents dropped, every run of other characters a single "-". */
export function slug(text: string): string {
  return fold(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 64);
}
