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
