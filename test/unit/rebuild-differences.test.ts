import { expect, test } from 'vitest';
import { differences } from '#admin/rebuild-session';

test('two equal séances have no difference, whatever the order of their keys', () => {
  expect(differences({ a: 1, items: [{ b: 'x', c: null }] }, { items: [{ c: null, b: 'x' }], a: 1 })).toEqual([]);
});

test('each difference is named by its path: a changed value, a missing key, a longer list, a séance that is not there', () => {
  const stored = { status: 'open', items: [{ vote: { outcome: { wording: 'rejetée' } } }] };
  const rebuilt = {
    status: 'open',
    closedAt: '18:07',
    items: [{ vote: { outcome: { wording: 'adoptée à la majorité' } } }, { number: 'D2' }],
  };
  expect(differences(stored, rebuilt)).toEqual(['items[0].vote.outcome.wording', 'items[1]', 'closedAt']);
  expect(differences(undefined, rebuilt)).toEqual(['(séance)']);
});
