/**
 * The contract owns its vocabulary and the domain follows it: every word the contract accepts has
 * what the domain needs for it, and the contract takes nothing from the domain.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { deriveActesId, NATURES } from '#domain/act-identity';
import { resolveRuleSet } from '#domain/rule-sets';
import { AgendaItem, Assembly, SessionOpened } from '#events/session-events';

const EVENTS = join(import.meta.dirname, '..', '..', 'events');

const kinds = Assembly.shape.kind.options;
const regimes = SessionOpened.shape.payload.shape.ruleSet.unwrap().options;
const natures = AgendaItem.shape.nature.options;

describe('the domain knows every word of the contract', () => {
  test.each(kinds.flatMap((kind) => regimes.map((regime) => [kind, regime] as const)))(
    'kind %s under regime %s has its rule set, citing an article for each rule',
    (kind, regime) => {
      const rules = resolveRuleSet(kind, '2021-01-14', regime);
      expect(rules).toMatchObject({ id: `${kind}/${regime}`, kind, regime });
      expect(rules.label).not.toContain('undefined');
      const articles = [rules.quorum, rules.reconvened, rules.proxies, rules.majority, rules.castingVote, rules.secretBallot];
      for (const { article } of articles) expect(article).toMatch(/^(CGCT|loi n°) /);
    },
  );

  test.each(natures)('nature %s has its @CTES CodeNatureActe and ends the IDActe', (nature) => {
    expect(NATURES[nature].code).toBeGreaterThanOrEqual(1);
    expect(NATURES[nature].label).not.toBe('');
    const identity = { departement: '035', siren: '223500018', decisionDate: '2025-03-20', numeroInterne: 'AD_2025_0043', nature };
    expect(deriveActesId(identity)).toEqual({ ok: true, value: `035-223500018-20250320-AD_2025_0043-${nature}` });
  });

  test('no two natures share a CodeNatureActe', () => {
    expect(new Set(natures.map((nature) => NATURES[nature].code)).size).toBe(natures.length);
  });
});

test('no file of the contract imports from the domain', () => {
  const files = readdirSync(EVENTS).filter((file) => file.endsWith('.ts'));
  expect(files).toContain('vocabulary.ts');
  const offenders = files.filter((file) => /['"](#domain\/|(\.\.\/)+shared\/domain\/)/.test(readFileSync(join(EVENTS, file), 'utf8')));
  expect(offenders).toEqual([]);
});
