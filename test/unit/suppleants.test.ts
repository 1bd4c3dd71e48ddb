import { describe, expect, test } from 'vitest';
import { attendance, memberIds, motionOf, opened, roll, run, vote } from '../support/seance.ts';

const ids = memberIds(11);
/** A conseil communautaire of 11 titulaires; s10 stands for m10 and s11 for m11. */
const epci = () => opened({ kind: 'epci', suppleants: { s10: 'm10', s11: 'm11' } });

describe('suppléants (CGCT L5211-6, L5212-7)', () => {
  test('a suppléant sitting for an absent titulaire counts as present for the quorum and votes; the titulaires alone are in office (CGCT L5211-6)', () => {
    const result = run(
      epci(),
      attendance([...roll(ids.slice(0, 5), ['m6', 'm7', 'm8', 'm9', 'm10', 'm11']), { memberId: 's10', status: 'present' }]),
      vote('D1', { method: 'roll_call', ballots: ['m1', 'm2', 'm3', 'm4', 'm5', 's10'].map((memberId) => ({ memberId, choice: 'pour' })) }),
    );
    expect(result.last?.status).toBe('applied');
    const { quorum, attendance: roll_, count } = motionOf(result.state, 'D1');
    expect(quorum).toMatchObject({ inOffice: 11, required: 6, present: 6, suppleants: 1, voting: 6, reached: true });
    expect(roll_.substitutes).toEqual([{ memberId: 's10', titulaireId: 'm10' }]);
    expect(roll_.absent).toContain('m10');
    expect(roll_.absent).not.toContain('s11');
    expect(count.pour).toBe(6);
  });

  test('without the suppléant, five titulaires present out of 11 do not make the quorum (CGCT L2121-17 par L5211-1)', () => {
    const result = run(
      epci(),
      attendance(roll(ids.slice(0, 5), ids.slice(5))),
      vote('D1', { tally: { pour: 5, contre: 0, abstention: 0 } }),
    );
    expect(result.last?.error).toMatchObject({ code: 'QUORUM_NOT_REACHED' });
  });

  test('a suppléant cannot sit while the titulaire is present (CGCT L5211-6)', () => {
    const result = run(epci(), attendance([...roll(ids), { memberId: 's10', status: 'present' }]));
    expect(result.last?.error).toMatchObject({
      code: 'SUPPLEANT_WITH_TITULAIRE',
      rule: 'CGCT L5211-6, L5212-7',
      memberId: 's10',
      field: 'payload.entries[11]',
    });
    expect(result.last?.error?.message.fr).toBe(
      "Mme SUPPLÉANTE M10 ne peut siéger : Mme MEMBRE10, qu'elle supplée, est présente (CGCT L5211-6, L5212-7)",
    );
  });

  test('the titulaire arriving later while the suppléant still sits is refused, unless the same step lets the suppléant go (CGCT L5211-6)', () => {
    const seated = [epci(), attendance([...roll(ids.slice(0, 9), ['m10', 'm11']), { memberId: 's10', status: 'present' }])];
    const refused = run(...seated, attendance(roll(['m10'])));
    expect(refused.last?.error).toMatchObject({ code: 'SUPPLEANT_WITH_TITULAIRE', field: 'payload.entries[0]' });
    const swapped = run(
      ...seated,
      attendance([
        { memberId: 'm10', status: 'present' },
        { memberId: 's10', status: 'absent' },
      ]),
    );
    expect(swapped.last?.status).toBe('applied');
  });

  test('a suppléant for a titulaire who gave a proxy cannot sit: a seat has one voice (CGCT L5211-6, L2121-20; Rép. min. Sénat n° 16075)', () => {
    const result = run(epci(), attendance([...roll(ids.slice(0, 9), ['m11'], { m10: 'm1' }), { memberId: 's10', status: 'present' }]));
    expect(result.last?.error).toMatchObject({ code: 'SUPPLEANT_AND_PROXY', memberId: 's10' });
    expect(result.last?.error?.message.en).toBe(
      'Mme SUPPLÉANTE M10 cannot sit: Mme MEMBRE10 gave a proxy to M. MEMBRE1, and a seat has one voice (CGCT L5211-6, L5212-7)',
    );
  });

  test('the titulaire revoking the proxy in the same step lets the suppléant sit instead (CGCT L5211-6, L2121-20)', () => {
    const result = run(
      epci(),
      attendance(roll(ids.slice(0, 9), ['m11'], { m10: 'm1' })),
      attendance([
        { memberId: 'm10', status: 'absent' },
        { memberId: 's10', status: 'present' },
      ]),
      vote('D1', { tally: { pour: 10, contre: 0, abstention: 0 } }),
    );
    expect(result.last?.status).toBe('applied');
    expect(motionOf(result.state, 'D1').attendance.represented).toEqual([]);
  });

  test('a suppléant gives no proxy: they hold no seat of their own (CGCT L5211-6)', () => {
    const result = run(
      epci(),
      attendance([...roll(ids.slice(0, 9), ['m10', 'm11']), { memberId: 's10', status: 'absent', proxyTo: 'm1' }]),
    );
    expect(result.last?.error).toMatchObject({ code: 'SUPPLEANT_PROXY', memberId: 's10' });
  });

  test('two suppléants cannot sit for the same titulaire (CGCT L5212-7)', () => {
    const result = run(
      opened({ kind: 'epci', suppleants: { s10: 'm10', t10: 'm10' } }),
      attendance([
        ...roll(ids.slice(0, 9), ['m10', 'm11']),
        { memberId: 's10', status: 'present' },
        { memberId: 't10', status: 'present' },
      ]),
    );
    expect(result.last?.error).toMatchObject({ code: 'SUPPLEANTS_FOR_ONE_SEAT', memberId: 't10' });
  });

  test('a conseil municipal has no suppléant: the opening is refused (CGCT L5211-6, L5212-7)', () => {
    const result = run(opened({ kind: 'commune', suppleants: { s10: 'm10' } }));
    expect(result.last?.error).toMatchObject({ code: 'SUPPLEANT_NOT_ALLOWED', field: 'payload.members[11].role', memberId: 's10' });
  });

  test('a suppléant must stand for a titulaire of the list (CGCT L5211-6)', () => {
    const result = run(opened({ kind: 'epci', suppleants: { s10: 'nobody' } }));
    expect(result.last?.error).toMatchObject({ code: 'SUPPLEANT_WITHOUT_TITULAIRE', field: 'payload.members[11].standsFor' });
  });

  test('a suppléant sitting may hold the proxy of another titulaire (CGCT L2121-20 par L5211-1): it counts among the represented', () => {
    const result = run(
      epci(),
      attendance([...roll(ids.slice(0, 8), ['m10', 'm11'], { m9: 's10' }), { memberId: 's10', status: 'present' }]),
      vote('D1', { tally: { pour: 10, contre: 0, abstention: 0 } }),
    );
    expect(result.last?.status).toBe('applied');
    expect(motionOf(result.state, 'D1').attendance.represented).toEqual([{ memberId: 'm9', holderId: 's10' }]);
    expect(motionOf(result.state, 'D1').quorum).toMatchObject({ present: 9, suppleants: 1, represented: 1, voting: 10 });
  });

  test('a suppléant cannot preside the séance (CGCT L5211-6)', () => {
    const event = opened({ kind: 'epci', suppleants: { s10: 'm10' } });
    if (event.type !== 'SessionOpened') throw new Error('no opening');
    const result = run({ ...event, payload: { ...event.payload, president: 's10' } });
    expect(result.last?.error).toMatchObject({ code: 'SUPPLEANT_PRESIDING', field: 'payload.president' });
  });

  test('a suppléant cannot sit for an item the titulaire withdrew from: the seat takes no part (CGCT L5211-6, L2131-11)', () => {
    const result = run(
      epci(),
      attendance([...roll(ids.slice(0, 9), ['m10', 'm11']), { memberId: 's10', status: 'present' }]),
      attendance([{ memberId: 'm10', status: 'withdrawn', reason: 'interest' }], 'D1'),
    );
    expect(result.last?.error).toMatchObject({ code: 'SUPPLEANT_WITH_TITULAIRE', memberId: 's10', item: 'D1' });
    const both = run(
      epci(),
      attendance([...roll(ids.slice(0, 9), ['m10', 'm11']), { memberId: 's10', status: 'present' }]),
      attendance(
        [
          { memberId: 'm10', status: 'withdrawn', reason: 'interest' },
          { memberId: 's10', status: 'withdrawn', reason: 'interest' },
        ],
        'D1',
      ),
      vote('D1', { tally: { pour: 9, contre: 0, abstention: 0 } }),
    );
    expect(both.last?.status).toBe('applied');
  });
});
