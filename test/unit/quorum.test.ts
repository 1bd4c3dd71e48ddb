import { describe, expect, test } from 'vitest';
import { quorumRequired } from '#domain/quorum';
import { attendance, itemOf, motionOf, memberIds, opened, roll, run, vote } from '../support/seance.ts';

describe('quorum', () => {
  test.each([
    [11, 6],
    [8, 5],
    [54, 28],
    [1, 1],
    [2, 2],
    [3, 2],
  ])(
    'more than half of %i members in office is %i, not "half plus one" for odd numbers (CGCT L2121-17, L3121-14, L4132-13)',
    (inOffice, required) => {
      expect(quorumRequired(inOffice, 'more_than_half')).toBe(required);
    },
  );

  test.each([
    [54, 18],
    [10, 4],
    [9, 3],
  ])('a third of %i members in office is %i, rounded up, under the emergency laws (loi n° 2020-1379, art. 6)', (inOffice, required) => {
    expect(quorumRequired(inOffice, 'one_third')).toBe(required);
  });

  test('odd number in office: 6 of 11 present reach the quorum, 5 do not (CGCT L2121-17)', () => {
    const ids = memberIds(11);
    const six = run(
      opened(),
      attendance(roll(ids.slice(0, 6), ids.slice(6))),
      vote('D1', { tally: { pour: 6, contre: 0, abstention: 0 } }),
    );
    expect(six.last?.status).toBe('applied');
    expect(itemOf(six.state, 'D1').vote?.quorum).toMatchObject({ inOffice: 11, required: 6, present: 6, reached: true });

    const five = run(
      opened(),
      attendance(roll(ids.slice(0, 5), ids.slice(5))),
      vote('D1', { tally: { pour: 5, contre: 0, abstention: 0 } }),
    );
    expect(five.last?.error?.code).toBe('QUORUM_NOT_REACHED');
  });

  test('even number in office: 8 members need 5 present, 4 are not enough (CGCT L2121-17)', () => {
    const ids = memberIds(8);
    const four = run(
      opened({ members: 8 }),
      attendance(roll(ids.slice(0, 4), ids.slice(4))),
      vote('D1', { tally: { pour: 4, contre: 0, abstention: 0 } }),
    );
    expect(four.last?.error?.message.en).toBe(
      'quorum not reached for item D1: 4 present for 5 required out of 8 members in office (CGCT L2121-17)',
    );
    const five = run(
      opened({ members: 8 }),
      attendance(roll(ids.slice(0, 5), ids.slice(5))),
      vote('D1', { tally: { pour: 5, contre: 0, abstention: 0 } }),
    );
    expect(five.last?.status).toBe('applied');
  });

  test('proxies do not count toward the quorum of a plenary assembly (CGCT L3121-14)', () => {
    const result = run(
      opened({ kind: 'departement' }),
      attendance(roll(['m1', 'm2', 'm3', 'm4', 'm5'], ['m11'], { m6: 'm1', m7: 'm2', m8: 'm3', m9: 'm4', m10: 'm5' })),
      vote('D1', { tally: { pour: 10, contre: 0, abstention: 0 } }),
    );
    expect(result.last?.error).toMatchObject({ code: 'QUORUM_NOT_REACHED', rule: 'CGCT L3121-14', item: 'D1', field: 'payload.item' });
    expect(result.last?.error?.message.fr).toBe(
      'quorum non atteint pour la délibération D1 : 5 présents pour 6 requis sur 11 membres en exercice (CGCT L3121-14)',
    );
  });

  test('a commission permanente counts members present or represented (CGCT L3121-14-1)', () => {
    const result = run(
      opened({ kind: 'commission_permanente' }),
      attendance(roll(['m1', 'm2', 'm3', 'm4', 'm5'], ['m11'], { m6: 'm1', m7: 'm2', m8: 'm3', m9: 'm4', m10: 'm5' })),
      vote('D1', { tally: { pour: 10, contre: 0, abstention: 0 } }),
    );
    expect(result.last?.status).toBe('applied');
    expect(itemOf(result.state, 'D1').vote?.quorum).toEqual({
      inOffice: 11,
      required: 6,
      present: 5,
      represented: 5,
      voting: 10,
      reached: true,
      basis: 'present_or_represented',
      rule: 'CGCT L3121-14-1 / L4132-13-1',
    });
  });

  test('quorum lost mid-séance: departures before the second item refuse its vote with the reason (CGCT L2121-17)', () => {
    const ids = memberIds(11);
    const result = run(
      opened(),
      attendance(roll(ids.slice(0, 7), ids.slice(7))),
      vote('D1', { tally: { pour: 7, contre: 0, abstention: 0 } }),
      attendance(roll([], ['m6', 'm7']), 'D2'),
      vote('D2', { tally: { pour: 5, contre: 0, abstention: 0 } }),
    );
    expect(itemOf(result.state, 'D1').vote?.quorum.present).toBe(7);
    expect(itemOf(result.state, 'D2').status).toBe('pending');
    expect(result.last?.error?.code).toBe('QUORUM_NOT_REACHED');
    expect(result.last?.error?.message.fr).toContain('5 présents pour 6 requis');
  });

  test('a reconvened meeting deliberates without quorum (CGCT L2121-17, second convocation)', () => {
    const ids = memberIds(11);
    const result = run(
      opened({ reconvened: true }),
      attendance(roll(ids.slice(0, 3), ids.slice(3))),
      vote('D1', { tally: { pour: 2, contre: 1, abstention: 0 } }),
    );
    expect(result.last?.status).toBe('applied');
    expect(itemOf(result.state, 'D1').vote?.quorum).toMatchObject({ required: 0, present: 3, reached: true, basis: 'none' });
    expect(motionOf(result.state, 'D1').outcome.wording).toBe('adoptée à la majorité');
  });

  test('an emergency-period séance needs a third of the members present (loi n° 2020-1379, art. 6)', () => {
    const ids = memberIds(54);
    const result = run(
      opened({ members: 54, kind: 'departement', date: '2021-02-11' }),
      attendance(roll(ids.slice(0, 18), ids.slice(18))),
      vote('D1', { tally: { pour: 18, contre: 0, abstention: 0 } }),
    );
    expect(result.state?.ruleSet.id).toBe('departement/covid-2020-1379');
    expect(itemOf(result.state, 'D1').vote?.quorum).toMatchObject({
      required: 18,
      present: 18,
      reached: true,
      rule: 'loi n° 2020-1379, art. 6',
    });
  });
});
