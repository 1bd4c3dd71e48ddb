import { describe, expect, test } from 'vitest';
import type { AttendanceEntry } from '#events/session-events';
import { extractContent } from '#extract/extract-content';
import { renderText } from '#extract/render-text';
import { attendance, itemOf, memberIds, motionOf, opened, roll, run, signed, vote } from '../support/seance.ts';

const ids = memberIds(11);
const withdraws = (memberId: string, reason: AttendanceEntry['reason'] = 'interest'): AttendanceEntry => ({
  memberId,
  status: 'withdrawn',
  reason,
});
const everyone = () => attendance(roll(ids));
const byRollCall = (voters: string[], extra: { memberId: string; forMember?: string }[] = []) => ({
  method: 'roll_call' as const,
  ballots: [...voters.map((memberId) => ({ memberId, choice: 'pour' as const })), ...extra.map((b) => ({ ...b, choice: 'pour' as const }))],
});

describe('members interested in an item withdraw (CGCT L2131-11)', () => {
  test('an interested member withdrawn from D2 is neither present nor voting there, and is back for D3 (CGCT L2131-11)', () => {
    const result = run(
      opened(),
      everyone(),
      vote('D1', { tally: { pour: 11, contre: 0, abstention: 0 } }),
      attendance([withdraws('m5')], 'D2'),
      vote('D2', { tally: { pour: 10, contre: 0, abstention: 0 } }),
      vote('D3', { tally: { pour: 11, contre: 0, abstention: 0 } }),
    );
    expect(result.steps.map((s) => s.status)).toEqual(Array(6).fill('applied'));
    const d2 = motionOf(result.state, 'D2');
    expect(d2.attendance.withdrawn).toEqual([{ memberId: 'm5', reason: 'interest', wasPresent: true }]);
    expect(d2.attendance.present).not.toContain('m5');
    expect(d2.quorum).toMatchObject({ inOffice: 11, present: 10, voting: 10, withdrawn: 1 });
    expect(motionOf(result.state, 'D3').attendance.present).toContain('m5');
  });

  test('a tally counting the withdrawn member is refused: 11 votes for 10 voters (CGCT L2131-11)', () => {
    const result = run(opened(), everyone(), attendance([withdraws('m5')]), vote('D1', { tally: { pour: 11, contre: 0, abstention: 0 } }));
    expect(result.last?.error).toMatchObject({ code: 'TALLY_EXCEEDS_VOTERS' });
  });

  test('a withdrawn member voting is refused (CGCT L2131-11)', () => {
    const result = run(opened(), everyone(), attendance([withdraws('m5')]), vote('D1', byRollCall(ids)));
    expect(result.last?.error).toMatchObject({
      code: 'BALLOT_FROM_WITHDRAWN_MEMBER',
      rule: 'CGCT L2131-11',
      memberId: 'm5',
      field: 'payload.ballots[4].memberId',
    });
    expect(result.last?.error?.message.fr).toBe(
      "M. MEMBRE5 s'est retiré pour cette délibération et ne prend pas part au vote, ni en son nom ni par un pouvoir (CGCT L2131-11)",
    );
  });

  test('a withdrawn member who held a proxy: the mandant is not represented for that item, and is again at the next (CGCT L2131-11, L2121-20)', () => {
    const seance = [opened(), attendance(roll(ids.slice(0, 10), [], { m11: 'm5' })), attendance([withdraws('m5')], 'D1')];
    const refused = run(...seance, vote('D1', byRollCall(ids.slice(0, 4), [{ memberId: 'm5', forMember: 'm11' }])));
    expect(refused.last?.error).toMatchObject({
      code: 'BALLOT_FROM_WITHDRAWN_MEMBER',
      memberId: 'm5',
      field: 'payload.ballots[4].memberId',
    });
    const held = run(
      ...seance,
      vote('D1', { tally: { pour: 9, contre: 0, abstention: 0 } }),
      vote('D2', { tally: { pour: 11, contre: 0, abstention: 0 } }),
    );
    expect(motionOf(held.state, 'D1').attendance).toMatchObject({ represented: [], lapsed: [{ memberId: 'm11', holderId: 'm5' }] });
    expect(motionOf(held.state, 'D1').quorum).toMatchObject({ present: 9, represented: 0, voting: 9 });
    expect(motionOf(held.state, 'D2').attendance.represented).toEqual([{ memberId: 'm11', holderId: 'm5' }]);
  });

  test('an absent member interested in the item: their proxy is not exercised there, its holder votes for themselves only (CGCT L2131-11)', () => {
    const seance = [opened(), attendance(roll(ids.slice(0, 10), [], { m11: 'm5' })), attendance([withdraws('m11')], 'D1')];
    const refused = run(...seance, vote('D1', byRollCall(ids.slice(0, 10), [{ memberId: 'm5', forMember: 'm11' }])));
    expect(refused.last?.error).toMatchObject({
      code: 'BALLOT_FROM_WITHDRAWN_MEMBER',
      memberId: 'm11',
      field: 'payload.ballots[10].forMember',
    });
    const voted = run(...seance, vote('D1', byRollCall(ids.slice(0, 10))));
    expect(motionOf(voted.state, 'D1').attendance.withdrawn).toEqual([{ memberId: 'm11', reason: 'interest', wasPresent: false }]);
    expect(motionOf(voted.state, 'D1').quorum).toMatchObject({ present: 10, represented: 0, voting: 10 });
  });

  test('representatives in the body an item concerns are not counted among the members in office of a commune (CGCT L2131-11, L1111-6)', () => {
    const result = run(
      opened(),
      attendance(roll(ids.slice(0, 7), ids.slice(7))),
      attendance([withdraws('m6', 'representative'), withdraws('m7', 'representative')], 'D1'),
      vote('D1', { tally: { pour: 5, contre: 0, abstention: 0 } }),
    );
    expect(result.last?.status).toBe('applied');
    expect(motionOf(result.state, 'D1').quorum).toMatchObject({
      inOffice: 9,
      required: 5,
      present: 5,
      reached: true,
      rule: 'CGCT L2121-17 ; CGCT L2131-11, L1111-6',
    });
  });

  test('in a conseil départemental, withdrawn representatives stay among the members in office: the quorum may fail (CGCT L3121-14; Rép. min. Sénat 2025)', () => {
    const result = run(
      opened({ kind: 'departement' }),
      attendance(roll(ids.slice(0, 7), ids.slice(7))),
      attendance([withdraws('m6', 'representative'), withdraws('m7', 'representative')], 'D1'),
      vote('D1', { tally: { pour: 5, contre: 0, abstention: 0 } }),
    );
    expect(result.last?.error).toMatchObject({ code: 'QUORUM_NOT_REACHED', rule: 'CGCT L3121-14' });
    expect(result.last?.error?.message.en).toBe(
      'quorum not reached for item D1: 5 present for 6 required out of 11 members in office (CGCT L3121-14)',
    );
  });

  test('a withdrawal when every item is voted has nothing to apply to, and is refused (CGCT L2131-11)', () => {
    const result = run(
      opened({ items: ['D1'] }),
      everyone(),
      vote('D1', { tally: { pour: 11, contre: 0, abstention: 0 } }),
      attendance([withdraws('m5')]),
    );
    expect(result.last?.error).toMatchObject({ code: 'ATTENDANCE_FOR_VOTED_ITEM', field: 'payload.entries[0].status' });
  });
});

describe('the compte administratif (CGCT L2121-14, L1612-12)', () => {
  const accounts = () =>
    opened({ items: [{ number: 'CA2025', kind: 'compte_administratif', nature: 'BF', title: 'Compte administratif 2025' }, 'D2'] });

  test('the maire attends the debate and withdraws for the vote; an elected member presides; the maire counts for the quorum but does not vote (CGCT L2121-14)', () => {
    const result = run(
      accounts(),
      everyone(),
      attendance([withdraws('m1', 'compte_administratif')], 'CA2025'),
      vote('CA2025', { tally: { pour: 9, contre: 0, abstention: 1 }, presidedBy: 'm2' }),
      vote('D2', { tally: { pour: 11, contre: 0, abstention: 0 } }),
    );
    expect(result.steps.map((s) => s.status)).toEqual(Array(5).fill('applied'));
    const ca = motionOf(result.state, 'CA2025');
    expect(ca.presiding).toBe('m2');
    expect(ca.quorum).toMatchObject({ inOffice: 11, present: 11, voting: 10, withdrawn: 1 });
    expect(ca.attendance.present).not.toContain('m1');
    expect(motionOf(result.state, 'D2').presiding).toBe('m1');
  });

  test('the compte administratif voted with the maire taking part is refused (CGCT L2121-14)', () => {
    const result = run(accounts(), everyone(), vote('CA2025', { tally: { pour: 11, contre: 0, abstention: 0 }, presidedBy: 'm2' }));
    expect(result.last?.error).toMatchObject({ code: 'ACCOUNTS_EXECUTIVE_VOTING', rule: 'CGCT L2121-14, L1612-12', memberId: 'm1' });
  });

  test('the maire voting by proxy is taking part too, and is refused (CGCT L2121-14)', () => {
    const result = run(
      accounts(),
      attendance(roll(ids.slice(1), [], { m1: 'm2' })),
      vote('CA2025', { tally: { pour: 11, contre: 0, abstention: 0 }, presidedBy: 'm2' }),
    );
    expect(result.last?.error).toMatchObject({ code: 'ACCOUNTS_EXECUTIVE_VOTING' });
  });

  test('without a president elected for the vote, the compte administratif is refused (CGCT L2121-14)', () => {
    const result = run(
      accounts(),
      everyone(),
      attendance([withdraws('m1', 'compte_administratif')]),
      vote('CA2025', { tally: { pour: 10, contre: 0, abstention: 0 } }),
    );
    expect(result.last?.error).toMatchObject({ code: 'ACCOUNTS_PRESIDENT_REQUIRED', field: 'payload.presidedBy' });
  });

  test('the withdrawn maire cannot preside the vote (CGCT L2121-14)', () => {
    const result = run(
      accounts(),
      everyone(),
      attendance([withdraws('m1', 'compte_administratif')]),
      vote('CA2025', { tally: { pour: 10, contre: 0, abstention: 0 }, presidedBy: 'm1' }),
    );
    expect(result.last?.error).toMatchObject({ code: 'PRESIDING_MEMBER_ABSENT', field: 'payload.presidedBy', memberId: 'm1' });
  });

  test('a withdrawal for the compte administratif on another item is refused (CGCT L2121-14)', () => {
    const result = run(accounts(), everyone(), attendance([withdraws('m1', 'compte_administratif')], 'D2'));
    expect(result.last?.error).toMatchObject({ code: 'WITHDRAWAL_FOR_ACCOUNTS_ONLY', field: 'payload.entries[0].reason', item: 'D2' });
  });

  test('in a conseil départemental the rule is CGCT L3312-5, in a conseil régional CGCT L4312-8', () => {
    for (const [kind, rule] of [
      ['departement', 'CGCT L3312-5'],
      ['region', 'CGCT L4312-8'],
    ] as const) {
      const result = run(
        opened({ kind, items: [{ number: 'CA2025', kind: 'compte_administratif', nature: 'BF' }] }),
        everyone(),
        vote('CA2025', { tally: { pour: 11, contre: 0, abstention: 0 }, presidedBy: 'm2' }),
      );
      expect(result.last?.error).toMatchObject({ code: 'ACCOUNTS_EXECUTIVE_VOTING', rule });
    }
  });

  test('a tie on the compte administratif adopts it: no majority is against (CGCT L1612-12)', () => {
    const result = run(
      accounts(),
      everyone(),
      attendance([withdraws('m1', 'compte_administratif')]),
      vote('CA2025', { tally: { pour: 5, contre: 5, abstention: 0 }, presidedBy: 'm2', presidentVote: 'contre' }),
    );
    expect(motionOf(result.state, 'CA2025').outcome).toEqual({
      adopted: true,
      wording: 'adoptée à la majorité',
      castingVote: false,
      text: "adoptée, aucune majorité ne s'étant dégagée contre son adoption (CGCT L1612-12)",
    });
  });

  test('abstentions only adopt the compte administratif, and a majority against rejects it (CGCT L1612-12)', () => {
    const seance = [accounts(), everyone(), attendance([withdraws('m1', 'compte_administratif')])];
    const abstaining = run(...seance, vote('CA2025', { tally: { pour: 0, contre: 0, abstention: 10 }, presidedBy: 'm2' }));
    expect(motionOf(abstaining.state, 'CA2025').outcome.adopted).toBe(true);
    const against = run(...seance, vote('CA2025', { tally: { pour: 4, contre: 5, abstention: 1 }, presidedBy: 'm2' }));
    expect(motionOf(against.state, 'CA2025').outcome).toMatchObject({ adopted: false, wording: 'rejetée' });
  });

  test("the accounts of a former maire who still sits: he withdraws, and the maire may be elected to preside (CGCT L2121-14: « même s'il n'est plus en fonction »)", () => {
    const former = opened({ items: [{ number: 'CA2025', kind: 'compte_administratif', nature: 'BF', accountable: 'm3' }] });
    const refused = run(former, everyone(), vote('CA2025', { tally: { pour: 11, contre: 0, abstention: 0 }, presidedBy: 'm1' }));
    expect(refused.last?.error).toMatchObject({ code: 'ACCOUNTS_EXECUTIVE_VOTING', memberId: 'm3' });
    const held = run(
      former,
      everyone(),
      attendance([withdraws('m3', 'compte_administratif')]),
      vote('CA2025', { tally: { pour: 10, contre: 0, abstention: 0 }, presidedBy: 'm1' }),
    );
    expect(motionOf(held.state, 'CA2025')).toMatchObject({ presiding: 'm1', quorum: { present: 11, voting: 10 } });
    const gone = opened({ items: [{ number: 'CA2025', kind: 'compte_administratif', nature: 'BF', accountable: null }] });
    const noneSits = run(gone, everyone(), vote('CA2025', { tally: { pour: 11, contre: 0, abstention: 0 } }));
    expect(noneSits.last?.error).toMatchObject({ code: 'ACCOUNTS_PRESIDENT_REQUIRED' });
  });
});

describe('withdrawals in a conseil communautaire, and in the extract', () => {
  test('representatives withdrawn are out of the members in office of an EPCI too (CGCT L2131-11 par L5211-3)', () => {
    const result = run(
      opened({ kind: 'epci' }),
      attendance(roll(ids.slice(0, 7), ids.slice(7))),
      attendance([withdraws('m6', 'representative'), withdraws('m7', 'representative')], 'D1'),
      vote('D1', { tally: { pour: 5, contre: 0, abstention: 0 } }),
    );
    expect(motionOf(result.state, 'D1').quorum).toMatchObject({ inOffice: 9, required: 5, reached: true });
  });

  test('an interested member who was absent "ne prend pas part au vote", without leaving a room they were not in (CGCT L2131-11)', () => {
    const result = run(
      opened({ items: ['D1'] }),
      attendance(roll(ids.slice(0, 10), ['m11'])),
      attendance([withdraws('m11'), withdraws('m5')], 'D1'),
      vote('D1', { tally: { pour: 9, contre: 0, abstention: 0 } }),
      signed('D1'),
    );
    const text = renderText(extractContent(result.state!, itemOf(result.state, 'D1'), {}));
    expect(text).toContain('M. MEMBRE11, intéressé, ne prend pas part au vote.');
    expect(text).toContain('M. MEMBRE5, intéressé, ne prend pas part au vote et quitte la séance.');
    expect(text).toContain('Retirés : 2');
  });
});
