import { describe, expect, test } from 'vitest';
import { wordingOf, type VoteCount } from '#domain/vote';
import { attendance, motionOf, memberIds, opened, roll, run, vote } from '../support/seance.ts';
import type { SessionEvent } from '#events/session-events';

const ids = memberIds(11);
/** m1…m9 present (m1 presides), m10 represented by m2, m11 absent. */
const seance = (kind: 'commune' | 'departement' = 'commune') => [
  opened({ kind }),
  attendance(roll(ids.slice(0, 9), ['m11'], { m10: 'm2' })),
];
const voteOn = (event: SessionEvent, kind: 'commune' | 'departement' = 'commune') => run(...seance(kind), event);
const count = (pour: number, contre: number, abstention = 0, extra: Partial<VoteCount> = {}): VoteCount => ({
  pour,
  contre,
  abstention,
  blankOrNull: 0,
  nppv: 0,
  exprimes: pour + contre,
  ...extra,
});

describe('outcome wording, as the acts write it (CGCT L2121-20, L3121-14)', () => {
  test.each([
    [count(54, 0), true, "adoptée à l'unanimité"],
    [count(4, 0, 6), true, "adoptée à l'unanimité des suffrages exprimés"],
    [count(4, 0, 0, { blankOrNull: 1 }), true, "adoptée à l'unanimité des suffrages exprimés"],
    [count(8, 0, 0, { nppv: 2 }), true, "adoptée à l'unanimité"],
    [count(6, 3, 1), true, 'adoptée à la majorité'],
    [count(3, 6), false, 'rejetée'],
  ])('%o adopted=%s reads "%s"', (c, adopted, wording) => {
    expect(wordingOf(c, adopted)).toBe(wording);
  });
});

describe('majority of suffrages exprimés (CGCT L2121-20, L3121-14, L4132-13)', () => {
  test('adopted when pour exceeds contre: "adoptée à la majorité"', () => {
    const result = voteOn(vote('D1', { tally: { pour: 6, contre: 4, abstention: 0 } }));
    expect(motionOf(result.state, 'D1').outcome).toEqual({ adopted: true, wording: 'adoptée à la majorité', castingVote: false });
    expect(motionOf(result.state, 'D1').count.exprimes).toBe(10);
  });

  test('abstentions are not suffrages exprimés: 4 pour and 6 abstentions is adopted "à l\'unanimité des suffrages exprimés" (CGCT L2121-20)', () => {
    const result = voteOn(vote('D1', { tally: { pour: 4, contre: 0, abstention: 6 } }));
    expect(motionOf(result.state, 'D1').count).toEqual(count(4, 0, 6));
    expect(motionOf(result.state, 'D1').outcome.wording).toBe("adoptée à l'unanimité des suffrages exprimés");
  });

  test('abstentions only: no suffrage exprimé, the délibération is rejected (CGCT L2121-20)', () => {
    const result = voteOn(vote('D1', { tally: { pour: 0, contre: 0, abstention: 10 } }));
    expect(motionOf(result.state, 'D1').outcome).toEqual({ adopted: false, wording: 'rejetée', castingVote: false });
  });

  test('NPPV members are counted apart, outside the suffrages exprimés, and do not break unanimity (CGCT L2121-20)', () => {
    const result = voteOn(vote('D1', { tally: { pour: 8, contre: 0, abstention: 0, nppv: 2 } }));
    expect(motionOf(result.state, 'D1').count).toEqual(count(8, 0, 0, { nppv: 2 }));
    expect(motionOf(result.state, 'D1').outcome.wording).toBe("adoptée à l'unanimité");
  });

  test('blank or null ballots of a secret ballot are not suffrages exprimés (CGCT L2121-20)', () => {
    const result = voteOn(vote('D1', { method: 'secret', tally: { pour: 5, contre: 3, abstention: 0, blankOrNull: 2 } }));
    expect(motionOf(result.state, 'D1').count.exprimes).toBe(8);
    expect(motionOf(result.state, 'D1').outcome.wording).toBe('adoptée à la majorité');
  });

  test('a tally cannot count more votes than members present and represented (CGCT L2121-20)', () => {
    const result = voteOn(vote('D1', { tally: { pour: 9, contre: 1, abstention: 1 } }));
    expect(result.last?.error).toMatchObject({ code: 'TALLY_EXCEEDS_VOTERS', field: 'payload.tally', item: 'D1' });
    expect(result.last?.error?.message.en).toBe('the tally counts 11 votes for 10 voters (present and represented) (CGCT L2121-20)');
  });

  test('a tally without a single vote is refused: no vote took place (CGCT L2121-20)', () => {
    const result = voteOn(vote('D1', { tally: { pour: 0, contre: 0, abstention: 0 } }));
    expect(result.last?.error).toMatchObject({ code: 'EMPTY_TALLY', field: 'payload.tally' });
  });

  test('an item cannot be voted twice', () => {
    const result = run(
      ...seance(),
      vote('D1', { tally: { pour: 6, contre: 4, abstention: 0 } }),
      vote('D1', { tally: { pour: 1, contre: 9, abstention: 0 } }),
    );
    expect(result.last?.error?.code).toBe('ITEM_ALREADY_VOTED');
    expect(motionOf(result.state, 'D1').outcome.adopted).toBe(true);
  });
});

describe("tie and the president's casting vote (CGCT L2121-20, L3121-15)", () => {
  test("a tie is adopted when the president voted pour: the president's vote decides (CGCT L2121-20)", () => {
    const result = voteOn(vote('D1', { tally: { pour: 5, contre: 5, abstention: 0 }, presidentVote: 'pour' }));
    expect(motionOf(result.state, 'D1').outcome).toEqual({ adopted: true, wording: 'adoptée à la majorité', castingVote: true });
  });

  test('a tie is rejected when the president voted contre (CGCT L2121-20)', () => {
    const result = voteOn(vote('D1', { tally: { pour: 5, contre: 5, abstention: 0 }, presidentVote: 'contre' }));
    expect(motionOf(result.state, 'D1').outcome).toEqual({ adopted: false, wording: 'rejetée', castingVote: true });
  });

  test('a tie is rejected without a casting vote when the president abstained (CGCT L2121-20)', () => {
    const result = voteOn(vote('D1', { tally: { pour: 4, contre: 4, abstention: 2 }, presidentVote: 'abstention' }));
    expect(motionOf(result.state, 'D1').outcome).toEqual({ adopted: false, wording: 'rejetée', castingVote: false });
  });

  test("a tie entered as a tally without the president's vote is refused, naming presidentVote (CGCT L2121-20)", () => {
    const result = voteOn(vote('D1', { tally: { pour: 5, contre: 5, abstention: 0 } }));
    expect(result.last?.error).toMatchObject({ code: 'CASTING_VOTE_REQUIRED', field: 'payload.presidentVote', rule: 'CGCT L2121-20' });
  });

  test('a secret-ballot tie is rejected: no casting vote in a secret ballot (CGCT L2121-20)', () => {
    const result = voteOn(vote('D1', { method: 'secret', tally: { pour: 5, contre: 5, abstention: 0 } }));
    expect(motionOf(result.state, 'D1').outcome).toEqual({ adopted: false, wording: 'rejetée', castingVote: false });
  });

  test("a roll-call tie is decided by the president's own ballot (CGCT L3121-15)", () => {
    const ballots = [
      { memberId: 'm1', choice: 'pour' as const },
      { memberId: 'm2', choice: 'contre' as const },
      { memberId: 'm2', forMember: 'm10', choice: 'contre' as const },
      { memberId: 'm3', choice: 'pour' as const },
    ];
    const result = voteOn(vote('D1', { method: 'roll_call', ballots }), 'departement');
    expect(motionOf(result.state, 'D1').count).toEqual(count(2, 2));
    expect(motionOf(result.state, 'D1').outcome).toEqual({ adopted: true, wording: 'adoptée à la majorité', castingVote: true });
  });

  test("the president's vote must appear in the tally", () => {
    const result = voteOn(vote('D1', { tally: { pour: 0, contre: 0, abstention: 10 }, presidentVote: 'pour' }));
    expect(result.last?.error).toMatchObject({ code: 'CASTING_VOTE_INCONSISTENT', field: 'payload.presidentVote' });
  });

  test("the president's vote must appear in the tally, abstention and NPPV included", () => {
    const abstained = voteOn(vote('D1', { tally: { pour: 5, contre: 5, abstention: 0 }, presidentVote: 'abstention' }));
    expect(abstained.last?.error).toMatchObject({ code: 'CASTING_VOTE_INCONSISTENT', field: 'payload.presidentVote' });
    const nppv = voteOn(vote('D1', { tally: { pour: 4, contre: 4, abstention: 0, nppv: 1 }, presidentVote: 'nppv' }));
    expect(motionOf(nppv.state, 'D1').outcome).toEqual({ adopted: false, wording: 'rejetée', castingVote: false });
  });

  const withoutPresident = () => [opened(), attendance(roll(ids.slice(1, 9), ['m1', 'm11'], { m10: 'm2' }))];

  test('when the president is absent, a tie asks who presides over the vote (CGCT L2121-20)', () => {
    const result = run(...withoutPresident(), vote('D1', { tally: { pour: 4, contre: 4, abstention: 1 } }));
    expect(result.last?.error).toMatchObject({ code: 'CASTING_VOTE_REQUIRED', field: 'payload.presidedBy' });
  });

  test('the casting vote belongs to the member presiding over the vote in the absence of the president (CGCT L2121-20)', () => {
    const result = run(
      ...withoutPresident(),
      vote('D1', { tally: { pour: 4, contre: 4, abstention: 1 }, presidedBy: 'm3', presidentVote: 'pour' }),
    );
    expect(motionOf(result.state, 'D1').outcome).toEqual({ adopted: true, wording: 'adoptée à la majorité', castingVote: true });
  });

  test('the member presiding over a vote must be present (CGCT L2121-20)', () => {
    const result = run(...withoutPresident(), vote('D1', { tally: { pour: 5, contre: 4, abstention: 0 }, presidedBy: 'm11' }));
    expect(result.last?.error).toMatchObject({ code: 'PRESIDING_MEMBER_ABSENT', field: 'payload.presidedBy', memberId: 'm11' });
  });
});

describe('roll-call ballots (CGCT L2121-21, L2121-20)', () => {
  test('ballots are counted, proxy holders voting for their absent mandant', () => {
    const ballots = [
      ...ids.slice(0, 7).map((memberId) => ({ memberId, choice: 'pour' as const })),
      { memberId: 'm8', choice: 'contre' as const },
      { memberId: 'm9', choice: 'nppv' as const },
      { memberId: 'm2', forMember: 'm10', choice: 'abstention' as const },
    ];
    const result = voteOn(vote('D1', { method: 'roll_call', ballots }));
    expect(motionOf(result.state, 'D1').count).toEqual(count(7, 1, 1, { nppv: 1 }));
    expect(motionOf(result.state, 'D1').ballots).toHaveLength(10);
  });

  test('a ballot from an absent member is refused (CGCT L2121-20)', () => {
    const result = voteOn(vote('D1', { method: 'roll_call', ballots: [{ memberId: 'm11', choice: 'pour' }] }));
    expect(result.last?.error).toMatchObject({ code: 'BALLOT_FROM_ABSENT_MEMBER', field: 'payload.ballots[0].memberId', memberId: 'm11' });
    expect(result.last?.error?.message.fr).toBe("M. MEMBRE11 n'est pas présent pour ce vote et ne peut pas voter (CGCT L2121-20)");
  });

  test('a ballot for an absent member by someone who does not hold their proxy is refused (CGCT L2121-20)', () => {
    const result = voteOn(vote('D1', { method: 'roll_call', ballots: [{ memberId: 'm3', forMember: 'm10', choice: 'pour' }] }));
    expect(result.last?.error).toMatchObject({ code: 'BALLOT_WITHOUT_PROXY', field: 'payload.ballots[0].forMember' });
  });

  test('a member votes once, and a mandant is voted for once (CGCT L2121-20)', () => {
    const twice = voteOn(
      vote('D1', {
        method: 'roll_call',
        ballots: [
          { memberId: 'm3', choice: 'pour' },
          { memberId: 'm3', choice: 'contre' },
        ],
      }),
    );
    expect(twice.last?.error).toMatchObject({ code: 'BALLOT_DUPLICATE', field: 'payload.ballots[1]', memberId: 'm3' });
    const mandant = voteOn(
      vote('D1', {
        method: 'roll_call',
        ballots: [
          { memberId: 'm2', forMember: 'm10', choice: 'pour' },
          { memberId: 'm2', forMember: 'm10', choice: 'pour' },
        ],
      }),
    );
    expect(mandant.last?.error?.message.en).toBe('the vote of Mme MEMBRE10 is cast already in this ballot (CGCT L2121-20)');
  });

  test('a secret ballot is entered as a tally, never as named ballots (CGCT L2121-21)', () => {
    const result = voteOn(vote('D1', { method: 'secret', ballots: [{ memberId: 'm3', choice: 'pour' }] }));
    expect(result.last?.error).toMatchObject({ code: 'SECRET_BALLOT_NOMINATIVE', rule: 'CGCT L2121-21', field: 'payload.ballots' });
  });
});
