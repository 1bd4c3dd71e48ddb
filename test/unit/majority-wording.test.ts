import { describe, expect, test } from 'vitest';
import type { RequiredMajority } from '#events/session-events';
import { attendance, memberIds, motionOf, opened, roll, run, vote } from '../support/seance.ts';

const ids = memberIds(11);
const everyone = () => attendance(roll(ids));
const twoThirds: RequiredMajority = { share: 'two_thirds', of: 'suffrages_exprimes', article: 'CGCT L5214-16 IV' };
const requiring = (majority: RequiredMajority) =>
  opened({ kind: 'epci', items: [{ number: 'IC1', majority, title: "Définition de l'intérêt communautaire" }] });

describe('a majority an item requires beyond the simple majority (CGCT L5214-16 IV, L5216-5 III)', () => {
  test('two thirds of the suffrages exprimés required and 60 % obtained: rejected, saying which majority failed (CGCT L5214-16 IV)', () => {
    const result = run(requiring(twoThirds), everyone(), vote('IC1', { tally: { pour: 6, contre: 4, abstention: 1 } }));
    const { outcome } = motionOf(result.state, 'IC1');
    expect(outcome).toEqual({
      adopted: false,
      wording: 'rejetée',
      castingVote: false,
      required: { ...twoThirds, votes: 7 },
      text: "rejetée, la majorité des deux tiers des suffrages exprimés (7 voix) n'étant pas atteinte",
    });
  });

  test('two thirds reached exactly is adopted "à la majorité des deux tiers des suffrages exprimés" (CGCT L5214-16 IV)', () => {
    const result = run(requiring(twoThirds), everyone(), vote('IC1', { tally: { pour: 6, contre: 3, abstention: 2 } }));
    expect(motionOf(result.state, 'IC1').outcome).toMatchObject({
      adopted: true,
      wording: 'adoptée à la majorité',
      text: 'adoptée à la majorité des deux tiers des suffrages exprimés',
    });
  });

  test('two thirds of the members in office, where a text counts them: 7 of 11, whatever the abstentions (CGCT L5216-5 III, TA Lille 2004 reading)', () => {
    const ofMembers: RequiredMajority = { ...twoThirds, of: 'members_in_office', article: 'CGCT L5216-5 III' };
    const short = run(requiring(ofMembers), everyone(), vote('IC1', { tally: { pour: 6, contre: 0, abstention: 5 } }));
    expect(motionOf(short.state, 'IC1').outcome).toMatchObject({ adopted: false, required: { votes: 8 } });
    const enough = run(requiring(ofMembers), everyone(), vote('IC1', { tally: { pour: 8, contre: 0, abstention: 3 } }));
    expect(motionOf(enough.state, 'IC1').outcome.adopted).toBe(true);
  });

  test.each([
    [{ share: 'absolute', of: 'members_in_office' }, { pour: 6, contre: 0, abstention: 5 }, 6, true],
    [{ share: 'absolute', of: 'members_in_office' }, { pour: 5, contre: 0, abstention: 6 }, 6, false],
    [{ share: 'three_fifths', of: 'suffrages_exprimes' }, { pour: 6, contre: 4, abstention: 1 }, 6, true],
    [{ share: 'three_quarters', of: 'suffrages_exprimes' }, { pour: 7, contre: 3, abstention: 1 }, 8, false],
  ] as const)(
    '%o with %o takes %i votes: adopted %s (the share a text requires beyond CGCT L2121-20, rounded up)',
    (majority, tally, votes, adopted) => {
      const result = run(requiring({ ...majority, article: 'texte' }), everyone(), vote('IC1', { tally }));
      expect(motionOf(result.state, 'IC1').outcome).toMatchObject({ adopted, required: { votes } });
    },
  );

  test('a tie never reaches a required majority: no casting vote (CGCT L2121-20, L5214-16 IV)', () => {
    const result = run(
      requiring(twoThirds),
      everyone(),
      vote('IC1', { tally: { pour: 5, contre: 5, abstention: 1 }, presidentVote: 'pour' }),
    );
    expect(motionOf(result.state, 'IC1').outcome).toMatchObject({ adopted: false, castingVote: false });
  });

  test('unanimity with a required majority still reads "adoptée à l\'unanimité" (CGCT L5214-16 IV)', () => {
    const result = run(requiring(twoThirds), everyone(), vote('IC1', { tally: { pour: 11, contre: 0, abstention: 0 } }));
    expect(motionOf(result.state, 'IC1').outcome).toEqual({
      adopted: true,
      wording: "adoptée à l'unanimité",
      castingVote: false,
      required: { ...twoThirds, votes: 8 },
    });
  });
});

describe("the assembly's house style of wording (CGCT L2121-20: abstentions are not suffrages exprimés)", () => {
  const styled = (wording: NonNullable<Parameters<typeof opened>[0]>['wording']) => opened({ members: 45, wording });
  const crowd = memberIds(45);
  const all = () => attendance(roll(crowd));

  test('by default, abstentions and no vote against read "à l\'unanimité des suffrages exprimés" (CGCT L2121-20)', () => {
    const result = run(opened({ members: 45 }), all(), vote('D1', { tally: { pour: 32, contre: 0, abstention: 7 } }));
    expect(motionOf(result.state, 'D1').outcome).toEqual({
      adopted: true,
      wording: "adoptée à l'unanimité des suffrages exprimés",
      castingVote: false,
    });
  });

  test('the house style "à la majorité avec 32 voix pour et 7 abstentions", as a commune\'s act says it (CGCT L2121-20)', () => {
    const result = run(
      styled({ withAbstentions: 'majorite', counts: true }),
      all(),
      vote('D1', { tally: { pour: 32, contre: 0, abstention: 7 } }),
    );
    expect(motionOf(result.state, 'D1').outcome).toMatchObject({
      wording: 'adoptée à la majorité',
      text: 'adoptée à la majorité avec 32 voix pour et 7 abstentions',
    });
  });

  test('counts with votes against, abstentions and blank ballots, one of each in the singular (CGCT L2121-20)', () => {
    const result = run(styled({ counts: true }), all(), vote('D1', { tally: { pour: 30, contre: 1, abstention: 1, blankOrNull: 1 } }));
    expect(motionOf(result.state, 'D1').outcome.text).toBe(
      'adoptée à la majorité avec 30 voix pour, 1 voix contre, 1 abstention et 1 bulletin blanc ou nul',
    );
  });

  test('unanimity is never followed by counts (CGCT L2121-20)', () => {
    const result = run(styled({ counts: true, names: true }), all(), vote('D1', { tally: { pour: 45, contre: 0, abstention: 0 } }));
    expect(motionOf(result.state, 'D1').outcome).toEqual({ adopted: true, wording: "adoptée à l'unanimité", castingVote: false });
  });

  test('with named ballots, the act names who voted against and who abstained — a proxy ballot naming the mandant (CGCT L2121-21, L2121-20)', () => {
    const members = memberIds(11);
    const ballots = [
      ...members.slice(0, 7).map((memberId) => ({ memberId, choice: 'pour' as const })),
      { memberId: 'm8', choice: 'contre' as const },
      { memberId: 'm9', choice: 'abstention' as const },
      { memberId: 'm10', choice: 'abstention' as const },
      { memberId: 'm1', forMember: 'm11', choice: 'contre' as const },
    ];
    const seance = (names: boolean, counts: boolean) =>
      run(
        opened({ wording: { names, counts } }),
        attendance(roll(members.slice(0, 10), [], { m11: 'm1' })),
        vote('D1', { method: 'roll_call', ballots }),
      );
    expect(motionOf(seance(true, false).state, 'D1').outcome.text).toBe(
      'adoptée à la majorité (contre : Mme MEMBRE8, M. MEMBRE11 ; abstentions : M. MEMBRE9, Mme MEMBRE10)',
    );
    expect(motionOf(seance(true, true).state, 'D1').outcome.text).toBe(
      'adoptée à la majorité avec 7 voix pour, 2 voix contre (Mme MEMBRE8, M. MEMBRE11) et 2 abstentions (M. MEMBRE9, Mme MEMBRE10)',
    );
  });

  test('a secret ballot never names anyone (CGCT L2121-21)', () => {
    const result = run(styled({ names: true }), all(), vote('D1', { method: 'secret', tally: { pour: 40, contre: 5, abstention: 0 } }));
    expect(motionOf(result.state, 'D1').outcome.text).toBeUndefined();
  });
});
