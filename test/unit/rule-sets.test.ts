import { describe, expect, test } from 'vitest';
import { regimeOn, resolveRuleSet } from '#domain/rule-sets';

describe('rule sets chosen by assembly kind and séance date', () => {
  test.each([
    ['commune', 'CGCT L2121-17', 'CGCT L2121-20', 'CGCT L2121-20'],
    ['epci', 'CGCT L2121-17 par L5211-1', 'CGCT L2121-20 par L5211-1', 'CGCT L2121-20 par L5211-1'],
    ['departement', 'CGCT L3121-14', 'CGCT L3121-16', 'CGCT L3121-15'],
    ['region', 'CGCT L4132-13', 'CGCT L4132-15', 'CGCT L4132-14'],
  ] as const)('%s: quorum (%s) on members present, one proxy per holder (%s), casting vote (%s)', (kind, quorum, proxies, casting) => {
    const rules = resolveRuleSet(kind, '2025-03-20');
    expect(rules.id).toBe(`${kind}/ordinary`);
    expect(rules.quorum).toEqual({ threshold: 'more_than_half', basis: 'present', article: quorum });
    expect(rules.proxies).toEqual({ maxPerHolder: 1, article: proxies });
    expect(rules.castingVote.article).toBe(casting);
  });

  test('a commission permanente counts members present or represented (CGCT L3121-14-1, L4132-13-1)', () => {
    expect(resolveRuleSet('commission_permanente', '2025-03-20').quorum.basis).toBe('present_or_represented');
  });

  test.each([
    ['2020-03-23', 'ordinary'],
    ['2020-03-24', 'covid-2020-290'],
    ['2020-07-10', 'covid-2020-290'],
    ['2020-07-11', 'covid-2020-760'],
    ['2020-08-30', 'covid-2020-760'],
    ['2020-08-31', 'ordinary'],
    ['2020-10-16', 'ordinary'],
    ['2020-10-17', 'covid-2020-760'],
    ['2020-11-15', 'covid-2020-1379'],
    ['2021-09-30', 'covid-2020-1379'],
    ['2021-10-01', 'ordinary'],
    ['2021-11-10', 'ordinary'],
    ['2021-11-11', 'covid-2021-1465'],
    ['2022-07-31', 'covid-2021-1465'],
    ['2022-08-01', 'ordinary'],
  ])('a séance on %s falls under the %s regime (health-emergency laws of 2020–2022)', (date, regime) => {
    expect(regimeOn(date)).toBe(regime);
  });

  test('the first emergency regime counted members present or represented, a third of those in office (loi n° 2020-290, art. 10)', () => {
    const rules = resolveRuleSet('commune', '2020-04-15');
    expect(rules.quorum).toEqual({ threshold: 'one_third', basis: 'present_or_represented', article: 'loi n° 2020-290, art. 10' });
    expect(rules.proxies).toEqual({ maxPerHolder: 2, article: 'loi n° 2020-290, art. 10' });
  });

  test('the later emergency regimes counted members present only, with two proxies per holder (loi n° 2021-1465)', () => {
    const rules = resolveRuleSet('region', '2022-01-20');
    expect(rules.id).toBe('region/covid-2021-1465');
    expect(rules.quorum).toMatchObject({ threshold: 'one_third', basis: 'present' });
    expect(rules.proxies.maxPerHolder).toBe(2);
    expect(rules.castingVote.article).toBe('CGCT L4132-14');
  });

  test('an explicit regime overrides the one chosen from the date, both ways', () => {
    expect(resolveRuleSet('commune', '2021-03-01', 'ordinary').id).toBe('commune/ordinary');
    expect(resolveRuleSet('commune', '2025-03-01', 'covid-2021-1465').proxies.maxPerHolder).toBe(2);
  });
});
