import { describe, expect, test } from 'vitest';
import { attendance, itemOf, memberIds, opened, roll, run, vote } from '../support/seance.ts';

const everyone = memberIds(11);
const present = (...ids: string[]) =>
  roll(
    ids,
    everyone.filter((id) => !ids.includes(id)),
  );

describe('proxies (CGCT L2121-20, L3121-16, L4132-15)', () => {
  test('a proxy given to an absent member is refused (CGCT L2121-20)', () => {
    const result = run(opened(), attendance(roll(['m1', 'm2', 'm3'], ['m4'], { m5: 'm4' })));
    expect(result.last?.error).toMatchObject({
      code: 'PROXY_HOLDER_ABSENT',
      rule: 'CGCT L2121-20',
      memberId: 'm4',
      field: 'payload.entries[4].proxyTo',
    });
    expect(result.last?.error?.message.en).toBe(
      'Mme MEMBRE4 cannot hold the proxy of M. MEMBRE5: not present when it takes effect (CGCT L2121-20)',
    );
    expect(result.last?.error?.message.fr).toContain('absente au moment où il prend effet');
  });

  test('a second proxy to the same holder is refused (CGCT L3121-16)', () => {
    const result = run(opened({ kind: 'departement' }), attendance(roll(['m1', 'm2', 'm3'], [], { m4: 'm3', m5: 'm3' })));
    expect(result.last?.error).toMatchObject({ code: 'PROXY_HOLDER_FULL', memberId: 'm3', field: 'payload.entries[4].proxyTo' });
    expect(result.last?.error?.message.en).toBe('M. MEMBRE3 holds a proxy already (CGCT L3121-16)');
    expect(result.last?.error?.message.fr).toBe('M. MEMBRE3 détient déjà un pouvoir (CGCT L3121-16)');
  });

  test('a second proxy recorded in a later event is refused too, and the state is unchanged (CGCT L4132-15)', () => {
    const seance = [opened({ kind: 'region' }), attendance(roll(['m1', 'm2', 'm3'], [], { m4: 'm3' }))];
    const first = run(...seance);
    const second = run(...seance, attendance(roll([], [], { m5: 'm3' })));
    expect(second.last?.error?.message.en).toBe('M. MEMBRE3 holds a proxy already (CGCT L4132-15)');
    expect(second.state).toEqual(first.state);
  });

  test('two proxies per holder under the emergency laws, a third is refused (loi n° 2020-1379, art. 6)', () => {
    const two = run(opened({ date: '2021-03-01' }), attendance(roll(['m1', 'm2', 'm3'], [], { m4: 'm3', m5: 'm3' })));
    expect(two.last?.status).toBe('applied');
    const three = run(opened({ date: '2021-03-01' }), attendance(roll(['m1', 'm2', 'm3'], [], { m4: 'm3', m5: 'm3', m6: 'm3' })));
    expect(three.last?.error?.message.en).toBe('M. MEMBRE3 holds 2 proxies already (loi n° 2020-1379, art. 6)');
  });

  test('a member cannot give a proxy to themselves (CGCT L2121-20)', () => {
    const result = run(opened(), attendance(roll(['m1'], [], { m2: 'm2' })));
    expect(result.last?.error).toMatchObject({ code: 'SELF_PROXY', memberId: 'm2', field: 'payload.entries[1].proxyTo' });
  });

  test('a proxy holder must be a member in office', () => {
    const result = run(opened(), attendance(roll(['m1'], [], { m2: 'm99' })));
    expect(result.last?.error).toMatchObject({ code: 'UNKNOWN_MEMBER', memberId: 'm99', field: 'payload.entries[1].proxyTo' });
  });

  test('the holder may be recorded present in the same event as the proxy, in any order (CGCT L2121-20)', () => {
    const result = run(
      opened(),
      attendance([{ memberId: 'm7', status: 'absent', proxyTo: 'm1' }, ...roll(['m1', 'm2', 'm3', 'm4', 'm5', 'm6'])]),
    );
    expect(result.last?.status).toBe('applied');
  });

  test('no chains: a proxy does not pass on when its holder leaves and gives their own proxy (CGCT L2121-20)', () => {
    const result = run(
      opened(),
      attendance(roll(['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'], ['m9', 'm10', 'm11'], { m8: 'm2' })),
      attendance(roll([], [], { m2: 'm3' }), 'D1'),
      vote('D1', {
        method: 'roll_call',
        ballots: [{ memberId: 'm3', forMember: 'm8', choice: 'pour' }],
      }),
    );
    expect(result.last?.error).toMatchObject({ code: 'BALLOT_WITHOUT_PROXY', memberId: 'm8', field: 'payload.ballots[0].forMember' });
    expect(result.last?.error?.message.en).toBe('M. MEMBRE3 holds no proxy in force from Mme MEMBRE8 (CGCT L2121-20)');
  });

  test('a proxy lapses while its holder is away and is in force again when the holder returns (CGCT L2121-20)', () => {
    const ids = ['m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'];
    const result = run(
      opened(),
      attendance(roll(ids, ['m9', 'm10', 'm11'], { m8: 'm2' })),
      attendance(roll([], ['m2']), 'D2'),
      attendance(roll(['m2']), 'D3'),
      vote('D1', { tally: { pour: 8, contre: 0, abstention: 0 } }),
      vote('D2', { tally: { pour: 6, contre: 0, abstention: 0 } }),
      vote('D3', { tally: { pour: 8, contre: 0, abstention: 0 } }),
    );
    expect(result.steps.every((s) => s.status === 'applied')).toBe(true);
    expect(itemOf(result.state, 'D1').vote?.attendance.represented).toEqual([{ memberId: 'm8', holderId: 'm2' }]);
    expect(itemOf(result.state, 'D2').vote?.attendance).toMatchObject({
      represented: [],
      lapsed: [{ memberId: 'm8', holderId: 'm2' }],
      absent: ['m2', 'm8', 'm9', 'm10', 'm11'],
    });
    expect(itemOf(result.state, 'D3').vote?.attendance.represented).toEqual([{ memberId: 'm8', holderId: 'm2' }]);
  });

  test('a member who arrives cancels the proxy they gave (CGCT L2121-20, revocable at any time)', () => {
    const result = run(
      opened(),
      attendance(roll(['m1', 'm2', 'm3', 'm4', 'm5', 'm6'], ['m9', 'm10', 'm11'], { m7: 'm1', m8: 'm2' })),
      attendance(roll(['m7']), 'D2'),
      vote('D1', { tally: { pour: 8, contre: 0, abstention: 0 } }),
      vote('D2', { tally: { pour: 8, contre: 0, abstention: 0 } }),
    );
    expect(itemOf(result.state, 'D1').vote?.attendance.represented.map((r) => r.memberId)).toEqual(['m7', 'm8']);
    expect(itemOf(result.state, 'D2').vote?.attendance).toMatchObject({ represented: [{ memberId: 'm8', holderId: 'm2' }] });
    expect(itemOf(result.state, 'D2').vote?.attendance.present).toContain('m7');
  });

  test('a member who arrived and leaves again without a proxy is absent, the earlier proxy does not come back (CGCT L2121-20)', () => {
    const result = run(
      opened(),
      attendance(roll(['m1', 'm2', 'm3', 'm4', 'm5', 'm6'], [], { m7: 'm1' })),
      attendance(roll(['m7']), 'D2'),
      attendance(roll([], ['m7']), 'D3'),
      vote('D1', { tally: { pour: 7, contre: 0, abstention: 0 } }),
      vote('D2', { tally: { pour: 7, contre: 0, abstention: 0 } }),
      vote('D3', { tally: { pour: 6, contre: 0, abstention: 0 } }),
    );
    expect(itemOf(result.state, 'D3').vote?.attendance.represented).toEqual([]);
    expect(itemOf(result.state, 'D3').vote?.attendance.absent).toContain('m7');
  });
});

describe('attendance per item', () => {
  test('attendance recorded from a later item leaves the earlier items as they were', () => {
    const result = run(
      opened(),
      attendance(present('m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7')),
      attendance(roll(['m8']), 'D2'),
      vote('D1', { tally: { pour: 7, contre: 0, abstention: 0 } }),
      vote('D2', { tally: { pour: 8, contre: 0, abstention: 0 } }),
    );
    expect(itemOf(result.state, 'D1').vote?.attendance.present).toHaveLength(7);
    expect(itemOf(result.state, 'D2').vote?.attendance.present).toHaveLength(8);
  });

  test('attendance recorded without an item takes effect from the next item voted', () => {
    const result = run(
      opened(),
      attendance(present('m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7')),
      vote('D1', { tally: { pour: 7, contre: 0, abstention: 0 } }),
      attendance(roll(['m8', 'm9'])),
      vote('D2', { tally: { pour: 9, contre: 0, abstention: 0 } }),
    );
    expect(itemOf(result.state, 'D1').vote?.quorum.present).toBe(7);
    expect(itemOf(result.state, 'D2').vote?.quorum.present).toBe(9);
  });

  test('the attendance of an item already voted cannot change', () => {
    const result = run(
      opened(),
      attendance(present('m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7')),
      vote('D1', { tally: { pour: 7, contre: 0, abstention: 0 } }),
      attendance(roll(['m8']), 'D1'),
    );
    expect(result.last?.error).toMatchObject({ code: 'ATTENDANCE_FOR_VOTED_ITEM', item: 'D1', field: 'payload.item' });
  });

  test('a proxy recorded now is checked against a proxy already announced for a later item (CGCT L2121-20)', () => {
    const result = run(
      opened(),
      attendance(present('m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7')),
      attendance(roll([], [], { m7: 'm2' }), 'D3'),
      attendance(roll([], [], { m8: 'm2' })),
    );
    expect(result.last?.error).toMatchObject({ code: 'PROXY_HOLDER_FULL', memberId: 'm2', item: 'D3' });
  });

  test('steps apply in agenda order: a change recorded later for an earlier item does not override one announced for a later item', () => {
    const result = run(
      opened(),
      attendance(present('m1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7', 'm8')),
      attendance(roll(['m8']), 'D3'),
      attendance(roll([], [], { m8: 'm2' }), 'D2'),
      vote('D1', { tally: { pour: 8, contre: 0, abstention: 0 } }),
      vote('D2', { tally: { pour: 8, contre: 0, abstention: 0 } }),
      vote('D3', { method: 'roll_call', ballots: [{ memberId: 'm8', choice: 'pour' }] }),
    );
    expect(result.steps.every((s) => s.status === 'applied')).toBe(true);
    expect(itemOf(result.state, 'D2').vote?.attendance.represented).toEqual([{ memberId: 'm8', holderId: 'm2' }]);
    expect(itemOf(result.state, 'D3').vote?.attendance.present).toContain('m8');
  });

  test('attendance naming an item not on the agenda is refused', () => {
    const result = run(opened(), attendance(present('m1'), 'D9'));
    expect(result.last?.error).toMatchObject({ code: 'UNKNOWN_ITEM', field: 'payload.item', item: 'D9' });
  });

  test('an entry naming someone who is not a member in office is refused with the field', () => {
    const result = run(opened(), attendance(roll(['m1', 'x42'])));
    expect(result.last?.error).toMatchObject({ code: 'UNKNOWN_MEMBER', field: 'payload.entries[1].memberId', memberId: 'x42' });
  });
});
