/** The members in office as the console imports them from a CSV `civilité;nom;prénom`. */
import { expect, test } from 'vitest';
import { importMembers, slug } from '#console/src/members-csv';
import { sampleEvents } from '../support/seance.ts';

test('the seed séance’s 54 members, from a CSV of their civilities and names, get the seed’s own ids', () => {
  const opening = sampleEvents('cd35-2025-03-20-ad-2025-0043.json').find((e) => e.type === 'SessionOpened')!;
  if (opening.type !== 'SessionOpened') throw new Error('no opening');
  const csv = ['civilité;nom;prénom', ...opening.payload.members.map((m) => `${m.civility};${m.name};`)].join('\r\n');
  expect(importMembers(`\uFEFF${csv}`)).toEqual({ ok: true, members: opening.payload.members });
});

test('a first name goes after the civility, before the name; two namesakes get distinct ids', () => {
  expect(importMembers('Mme,Dupont,Anne\nM.,Dupont,Anne\nmadame;Le Gall;Éloïse')).toEqual({
    ok: true,
    members: [
      { id: 'dupont-anne', civility: 'Mme', name: 'Anne Dupont' },
      { id: 'dupont-anne-2', civility: 'M.', name: 'Anne Dupont' },
      { id: 'le-gall-eloise', civility: 'Mme', name: 'Éloïse Le Gall' },
    ],
  });
});

test('each line that cannot be read is named with its number and the reason', () => {
  expect(importMembers('Dr;House;Gregory\nMme;;Anne\n')).toEqual({
    ok: false,
    errors: ['ligne 1 : civilité « Dr » : M. ou Mme attendu', 'ligne 2 : le nom manque'],
  });
  expect(importMembers('civilité;nom;prénom\n')).toEqual({ ok: false, errors: ['le fichier ne contient aucun membre'] });
});

test('an id keeps to the contract’s characters and length', () => {
  expect(slug('DE GOUVION SAINT-CYR')).toBe('de-gouvion-saint-cyr');
  expect(slug('É'.repeat(100))).toBe('e'.repeat(64));
});

test('the EPCI sample’s members, from a CSV with rôle and suppléé columns, keep their suppléants paired with their titulaires (CGCT L5211-6)', () => {
  const opening = sampleEvents('cc-val-exemple-2026-03-26-epci.json').find((e) => e.type === 'SessionOpened')!;
  if (opening.type !== 'SessionOpened') throw new Error('no opening');
  const { members } = opening.payload;
  const nameOf = (id: string | undefined) => members.find((m) => m.id === id)?.name ?? '';
  const csv = [
    'civilité;nom;prénom;rôle;suppléé',
    ...members.map((m) => `${m.civility};${m.name};;${m.role === 'suppleant' ? 'suppléant' : ''};${nameOf(m.standsFor)}`),
  ].join('\n');
  const imported = importMembers(csv);
  if (!imported.ok) throw new Error(imported.errors.join('; '));
  const suppleants = (list: readonly { name: string; role?: string; standsFor?: string }[]) =>
    list.filter((m) => m.role === 'suppleant').map((m) => [m.name, m.standsFor]);
  expect(suppleants(imported.members)).toEqual(suppleants(members));
  expect(suppleants(imported.members)).toEqual([
    ['TESSIER', 'giraud'],
    ['VALLÉE', 'perret'],
    ['ROUSSEL', 'renaud'],
  ]);
  expect(imported.members.filter((m) => m.role === undefined)).toEqual(members.filter((m) => m.role === undefined));
});

test('a suppléant names their titulaire by nom, or by nom and prénom in either order, wherever the titulaire’s line is', () => {
  expect(
    importMembers(
      [
        'M.;Tessier;Paul;suppléant;Giraud',
        'Mme;Giraud;Anne;',
        'Mme;Perret;Lise;titulaire',
        'M.;Perret;Marc',
        'Mme;Vallée;Jeanne;Suppleante;PERRET Lise',
        'M.;Roussel;Jean;suppleant;Marc Perret',
      ].join('\n'),
    ),
  ).toEqual({
    ok: true,
    members: [
      { id: 'tessier-paul', civility: 'M.', name: 'Paul Tessier', role: 'suppleant', standsFor: 'giraud-anne' },
      { id: 'giraud-anne', civility: 'Mme', name: 'Anne Giraud' },
      { id: 'perret-lise', civility: 'Mme', name: 'Lise Perret' },
      { id: 'perret-marc', civility: 'M.', name: 'Marc Perret' },
      { id: 'vallee-jeanne', civility: 'Mme', name: 'Jeanne Vallée', role: 'suppleant', standsFor: 'perret-lise' },
      { id: 'roussel-jean', civility: 'M.', name: 'Jean Roussel', role: 'suppleant', standsFor: 'perret-marc' },
    ],
  });
});

test('a suppléant stands for a titulaire of the file, named without ambiguity; the lines that break this are named in order (CGCT L5211-6, L5212-7)', () => {
  const csv = [
    'civilité;nom;prénom;rôle;suppléé',
    'Mme;Perret;Lise',
    'M.;Perret;Marc',
    'M.;Tessier;Paul;suppléant;Dupont',
    'Mme;Vallée;Jeanne;suppléant;Perret',
    'M.;Roussel;Jean;suppléant',
    'M.;Morel;Luc;titulaire;Perret Lise',
    'M.;Colas;Yves;délégué',
    'Mme;Faure;Nina;suppléant;Tessier',
  ].join('\n');
  expect(importMembers(csv)).toEqual({
    ok: false,
    errors: [
      'ligne 4 : suppléant de « Dupont » : aucun titulaire de ce nom',
      'ligne 5 : suppléant de « Perret » : plusieurs titulaires de ce nom, précisez le prénom',
      'ligne 6 : le titulaire suppléé manque',
      'ligne 7 : suppléé « Perret Lise » pour un titulaire : seul un suppléant supplée quelqu’un',
      'ligne 8 : rôle « délégué » : titulaire ou suppléant attendu',
      'ligne 9 : suppléant de « Tessier » : aucun titulaire de ce nom',
    ],
  });
});
