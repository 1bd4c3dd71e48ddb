import { describe, expect, test } from 'vitest';
import type { Election, Round } from '#events/election';
import type { AgendaItem } from '#events/session-events';
import { attendance, electionOf, memberIds, opened, roll, run, vote } from '../support/seance.ts';

const ids = memberIds(11);
const everyone = () => attendance(roll(ids));
type Kind = Parameters<typeof opened>[0] extends infer O ? (O extends { kind?: infer K } ? K : never) : never;

/** A séance whose item E1 elects `office`. */
const electing = (office: NonNullable<AgendaItem['office']>, kind: Kind = 'commune') =>
  opened({ kind, items: [{ number: 'E1', kind: 'election', office, title: `Élection (${office})` }, 'D2'] });
const round = (votes: Record<string, number>, blank = 0, nul = 0): Round => ({
  ballots: Object.values(votes).reduce((a, b) => a + b, 0) + blank + nul,
  blank,
  null: nul,
  votes: Object.entries(votes).map(([candidate, n]) => ({ candidate, votes: n })),
});
const held = (election: Election, method: 'secret' | 'show_of_hands' | 'roll_call' = 'secret') => vote('E1', { method, election });
const between = (...candidates: string[]) => candidates.map((memberId) => ({ memberId }));

describe('elections by secret ballot, rounds and majorities (CGCT L2121-21, L2122-7)', () => {
  test('the maire is elected at the first round by the absolute majority: "Est élu M. MEMBRE3 au premier tour de scrutin avec 7 voix" (CGCT L2122-7)', () => {
    const result = run(electing('maire'), everyone(), held({ candidates: between('m3', 'm4'), rounds: [round({ m3: 7, m4: 4 })] }));
    expect(result.last?.status).toBe('applied');
    const election = electionOf(result.state, 'E1');
    expect(election).toMatchObject({
      office: 'maire',
      secret: true,
      majorityOf: 'suffrages_exprimes',
      rule: 'CGCT L2122-7',
      elected: { candidate: 'm3', members: ['m3'], round: 1, votes: 7, byAge: false },
      statement: 'Est élu M. MEMBRE3 au premier tour de scrutin avec 7 voix',
    });
    expect(election.rounds[0]).toMatchObject({ ballots: 11, exprimes: 11, absoluteMajority: 6 });
  });

  test('blank and null ballots are counted apart and are not suffrages exprimés: 11 ballots, 2 blank, 1 null make 8 exprimés and a majority of 5 (CGCT L2121-21)', () => {
    const result = run(electing('maire'), everyone(), held({ candidates: between('m4', 'm3'), rounds: [round({ m4: 5, m3: 3 }, 2, 1)] }));
    const election = electionOf(result.state, 'E1');
    expect(election.rounds[0]).toEqual({
      ballots: 11,
      blank: 2,
      null: 1,
      exprimes: 8,
      absoluteMajority: 5,
      votes: [
        { candidate: 'm4', votes: 5 },
        { candidate: 'm3', votes: 3 },
      ],
    });
    expect(election.statement).toBe('Est élue Mme MEMBRE4 au premier tour de scrutin avec 5 voix');
  });

  test('a relative majority claimed at the first round is refused: the next round must be recorded (CGCT L2122-7)', () => {
    const result = run(
      electing('maire'),
      everyone(),
      held({ candidates: between('m3', 'm4', 'm5'), rounds: [round({ m3: 5, m4: 4, m5: 2 })] }),
    );
    expect(result.last?.error).toMatchObject({
      code: 'ABSOLUTE_MAJORITY_NOT_REACHED',
      rule: 'CGCT L2122-7',
      field: 'payload.election.rounds[0]',
      item: 'E1',
    });
    expect(result.last?.error?.message.fr).toBe(
      "aucun candidat n'a la majorité absolue (6 voix) au premier tour : la majorité relative n'élit qu'au troisième tour ; saisissez le tour suivant (CGCT L2122-7)",
    );
  });

  test('a round after a candidate was elected is refused (CGCT L2122-7)', () => {
    const result = run(
      electing('maire'),
      everyone(),
      held({ candidates: between('m3', 'm4'), rounds: [round({ m3: 7, m4: 4 }), round({ m3: 8, m4: 3 })] }),
    );
    expect(result.last?.error).toMatchObject({ code: 'ROUND_AFTER_ELECTION', field: 'payload.election.rounds[1]' });
  });

  test('the third round is decided by the relative majority (CGCT L2122-7)', () => {
    const rounds = [round({ m3: 5, m4: 4, m5: 2 }), round({ m3: 5, m4: 5, m5: 1 }), round({ m3: 5, m4: 4, m5: 2 })];
    const result = run(electing('maire'), everyone(), held({ candidates: between('m3', 'm4', 'm5'), rounds }));
    const election = electionOf(result.state, 'E1');
    expect(election.rounds.map((r) => r.absoluteMajority)).toEqual([6, 6, undefined]);
    expect(election.statement).toBe('Est élu M. MEMBRE3 au troisième tour de scrutin avec 5 voix');
  });

  test('a tie at the third round elects the eldest: "au bénéfice de l\'âge" (CGCT L2122-7)', () => {
    const rounds = [round({ m3: 5, m4: 5, m5: 1 }), round({ m3: 5, m4: 5, m5: 1 }), round({ m3: 5, m4: 5, m5: 1 })];
    const candidates = [{ memberId: 'm3', birthDate: '1971-05-02' }, { memberId: 'm4', birthDate: '1958-11-30' }, { memberId: 'm5' }];
    const result = run(electing('maire'), everyone(), held({ candidates, rounds }));
    expect(electionOf(result.state, 'E1').elected).toMatchObject({ candidate: 'm4', byAge: true, round: 3, votes: 5 });
    expect(electionOf(result.state, 'E1').statement).toBe(
      "Est élue Mme MEMBRE4 au troisième tour de scrutin avec 5 voix, au bénéfice de l'âge",
    );
  });

  test('a tie at the third round without the birth dates asks for them, naming the field (CGCT L2122-7)', () => {
    const rounds = [round({ m3: 5, m4: 5, m5: 1 }), round({ m3: 5, m4: 5, m5: 1 }), round({ m3: 5, m4: 5, m5: 1 })];
    const result = run(
      electing('maire'),
      everyone(),
      held({ candidates: [{ memberId: 'm3', birthDate: '1971-05-02' }, { memberId: 'm4' }, { memberId: 'm5' }], rounds }),
    );
    expect(result.last?.error).toMatchObject({
      code: 'BIRTH_DATE_REQUIRED',
      field: 'payload.election.candidates[1].birthDate',
      memberId: 'm4',
    });
  });

  test('a fourth round is refused: the third decides (CGCT L2122-7)', () => {
    const tie = round({ m3: 5, m4: 5, m5: 1 });
    const result = run(electing('maire'), everyone(), held({ candidates: between('m3', 'm4', 'm5'), rounds: [tie, tie, tie, tie] }));
    expect(result.last?.error).toMatchObject({ code: 'FOURTH_ROUND', field: 'payload.election.rounds[3]' });
  });

  test("a round's counts must add up, and never exceed the voters (CGCT L2121-21)", () => {
    const wrong = run(
      electing('maire'),
      everyone(),
      held({ candidates: between('m3'), rounds: [{ ballots: 11, blank: 0, null: 0, votes: [{ candidate: 'm3', votes: 10 }] }] }),
    );
    expect(wrong.last?.error).toMatchObject({ code: 'ROUND_COUNTS_INCONSISTENT', field: 'payload.election.rounds[0].ballots' });
    const many = run(
      electing('maire'),
      attendance(roll(ids.slice(0, 10), ['m11'])),
      held({ candidates: between('m3'), rounds: [round({ m3: 11 })] }),
    );
    expect(many.last?.error).toMatchObject({ code: 'ROUND_EXCEEDS_VOTERS' });
  });

  test('votes name only declared candidates, and candidates are members in office (CGCT L2121-21)', () => {
    const unknown = run(electing('maire'), everyone(), held({ candidates: between('m3'), rounds: [round({ m3: 7, m4: 4 })] }));
    expect(unknown.last?.error).toMatchObject({ code: 'UNKNOWN_CANDIDATE', field: 'payload.election.rounds[0].votes[1].candidate' });
    const outsider = run(
      opened({ kind: 'epci', suppleants: { s10: 'm10' }, items: [{ number: 'E1', kind: 'election', office: 'vice_president' }] }),
      everyone(),
      held({ candidates: between('s10'), rounds: [round({ s10: 11 })] }),
    );
    expect(outsider.last?.error).toMatchObject({ code: 'CANDIDATE_NOT_IN_OFFICE', field: 'payload.election.candidates[0].memberId' });
  });

  test('an election is by secret ballot unless the council decides unanimously not to (CGCT L2121-21)', () => {
    const open = run(
      electing('designation'),
      everyone(),
      held({ candidates: between('m3'), rounds: [round({ m3: 11 })] }, 'show_of_hands'),
    );
    expect(open.last?.error).toMatchObject({ code: 'SECRET_BALLOT_DUE', rule: 'CGCT L2121-21', field: 'payload.method' });
    const waived = run(
      electing('designation'),
      everyone(),
      held({ candidates: between('m3'), rounds: [round({ m3: 11 })], secretBallotWaived: true }, 'show_of_hands'),
    );
    expect(waived.last?.status).toBe('applied');
    expect(electionOf(waived.state, 'E1').secret).toBe(false);
  });

  test('the maire is elected by secret ballot by law: the council cannot waive it (CGCT L2122-7)', () => {
    const result = run(
      electing('maire'),
      everyone(),
      held({ candidates: between('m3'), rounds: [round({ m3: 11 })], secretBallotWaived: true }, 'show_of_hands'),
    );
    expect(result.last?.error).toMatchObject({
      code: 'SECRET_BALLOT_REQUIRED',
      rule: 'CGCT L2122-7',
      field: 'payload.election.secretBallotWaived',
    });
  });

  test('the adjoints of a commune of 1,000 inhabitants or more are elected by list, a tie at the third round going to the highest mean age (CGCT L2122-7-2)', () => {
    const candidates = [
      {
        list: 'Ensemble',
        members: [
          { memberId: 'm2', birthDate: '1950-01-01' },
          { memberId: 'm3', birthDate: '1980-01-01' },
        ],
      },
      {
        list: 'Demain',
        members: [
          { memberId: 'm4', birthDate: '1970-01-01' },
          { memberId: 'm5', birthDate: '1970-01-01' },
        ],
      },
    ];
    const first = run(electing('adjoint'), everyone(), held({ candidates, rounds: [round({ Ensemble: 7, Demain: 4 })] }));
    expect(electionOf(first.state, 'E1').statement).toBe(
      'Sont élus adjoints les candidats de la liste « Ensemble », au premier tour de scrutin avec 7 voix : Mme MEMBRE2, M. MEMBRE3',
    );
    const tie = round({ Ensemble: 5, Demain: 5 }, 1);
    const third = run(electing('adjoint'), everyone(), held({ candidates, rounds: [tie, tie, tie] }));
    expect(electionOf(third.state, 'E1').elected).toMatchObject({ candidate: 'Ensemble', members: ['m2', 'm3'], byAge: true });
  });

  test('lists elect only the adjoints: a vice-président stands alone (CGCT L2122-7-2)', () => {
    const result = run(
      electing('vice_president', 'epci'),
      everyone(),
      held({ candidates: [{ list: 'Liste', members: [{ memberId: 'm2' }] }], rounds: [round({ Liste: 11 })] }),
    );
    expect(result.last?.error).toMatchObject({ code: 'LIST_NOT_ALLOWED', field: 'payload.election.candidates[0].list' });
  });

  test('the président of a conseil départemental needs two thirds of the members present, and the absolute majority of the members (CGCT L3122-1)', () => {
    const few = run(
      electing('president', 'departement'),
      attendance(roll(ids.slice(0, 7), ids.slice(7))),
      held({ candidates: between('m3'), rounds: [round({ m3: 7 })] }),
    );
    expect(few.last?.error).toMatchObject({ code: 'QUORUM_NOT_REACHED', rule: 'CGCT L3122-1' });
    expect(few.last?.error?.message.en).toContain('7 present for 8 required out of 11');
    const notYet = run(
      electing('president', 'departement'),
      attendance(roll(ids.slice(0, 8), ids.slice(8))),
      held({ candidates: between('m3', 'm4'), rounds: [round({ m3: 5, m4: 3 })] }),
    );
    expect(notYet.last?.error).toMatchObject({ code: 'ABSOLUTE_MAJORITY_NOT_REACHED', rule: 'CGCT L3122-1' });
    const elected = run(
      electing('president', 'departement'),
      attendance(roll(ids.slice(0, 8), ids.slice(8))),
      held({ candidates: between('m3', 'm4'), rounds: [round({ m3: 5, m4: 3 }), round({ m3: 6, m4: 2 })] }),
    );
    expect(electionOf(elected.state, 'E1')).toMatchObject({ majorityOf: 'members_in_office', elected: { round: 2, votes: 6 } });
  });

  test('an election item takes rounds, and a délibération does not (CGCT L2121-21)', () => {
    const tally = run(electing('maire'), everyone(), vote('E1', { tally: { pour: 11, contre: 0, abstention: 0 } }));
    expect(tally.last?.error).toMatchObject({ code: 'ELECTION_EXPECTED', field: 'payload.election' });
    const rounds = run(
      electing('maire'),
      everyone(),
      vote('D2', { method: 'secret', election: { candidates: between('m3'), rounds: [round({ m3: 11 })] } }),
    );
    expect(rounds.last?.error).toMatchObject({ code: 'NOT_AN_ELECTION', item: 'D2' });
  });
});

describe('elections: the edges (CGCT L2122-7, L2122-7-2, L4133-1)', () => {
  const tie = round({ m3: 5, m4: 5, m5: 1 });

  test('a tie at the third round between two candidates born the same day is not decided: the law goes no further than age (CGCT L2122-7)', () => {
    const candidates = [
      { memberId: 'm3', birthDate: '1970-01-01' },
      { memberId: 'm4', birthDate: '1970-01-01' },
      { memberId: 'm5', birthDate: '1960-01-01' },
    ];
    const result = run(electing('maire'), everyone(), held({ candidates, rounds: [tie, tie, tie] }));
    expect(result.last?.error).toMatchObject({ code: 'ELDEST_UNDETERMINED' });
  });

  test('a third round where every ballot is blank or null elects nobody (CGCT L2122-7)', () => {
    const empty = round({ m3: 0, m4: 0 }, 10, 1);
    const result = run(electing('maire'), everyone(), held({ candidates: between('m3', 'm4'), rounds: [empty, empty, empty] }));
    expect(result.last?.error).toMatchObject({ code: 'NO_VOTE_FOR_ANY_CANDIDATE' });
  });

  test('the président of a conseil régional: two thirds of the members present, the absolute majority of the members (CGCT L4133-1)', () => {
    const few = run(
      electing('president', 'region'),
      attendance(roll(ids.slice(0, 7), ids.slice(7))),
      held({ candidates: between('m3'), rounds: [round({ m3: 7 })] }),
    );
    expect(few.last?.error).toMatchObject({ code: 'QUORUM_NOT_REACHED', rule: 'CGCT L4133-1' });
    const short = run(
      electing('president', 'region'),
      attendance(roll(ids.slice(0, 8), ids.slice(8))),
      held({ candidates: between('m3', 'm4'), rounds: [round({ m3: 5, m4: 3 })] }),
    );
    expect(short.last?.error).toMatchObject({ code: 'ABSOLUTE_MAJORITY_NOT_REACHED', rule: 'CGCT L4133-1' });
  });

  test.each([
    ['adjoint', 'commune', 'CGCT L2122-7-1, L2122-7-2'],
    ['president', 'epci', 'CGCT L2122-7 par L5211-2'],
    ['vice_president', 'epci', 'CGCT L2122-7 par L5211-2'],
  ] as const)('the secret ballot of an election of the %s (%s) cannot be waived (%s)', (office, kind, rule) => {
    const result = run(
      electing(office, kind),
      everyone(),
      held({ candidates: between('m3'), rounds: [round({ m3: 11 })], secretBallotWaived: true }, 'show_of_hands'),
    );
    expect(result.last?.error).toMatchObject({ code: 'SECRET_BALLOT_REQUIRED', rule });
  });

  test('who presides an election is a member present, as for any vote (CGCT L2121-21)', () => {
    const result = run(
      electing('designation'),
      attendance(roll(ids.slice(0, 10), ['m11'])),
      vote('E1', { method: 'secret', presidedBy: 'm11', election: { candidates: between('m3'), rounds: [round({ m3: 10 })] } }),
    );
    expect(result.last?.error).toMatchObject({ code: 'PRESIDING_MEMBER_ABSENT', field: 'payload.presidedBy' });
  });

  test('a public ballot asked for does not apply to an election: nominations are secret (CGCT L2121-21)', () => {
    const result = run(
      electing('maire'),
      everyone(),
      vote('E1', { method: 'secret', requested: { public: 5 }, election: { candidates: between('m3'), rounds: [round({ m3: 11 })] } }),
    );
    expect(result.last?.status).toBe('applied');
  });

  test('a member stands once, on one list; a list of adjoints is balanced between women and men and holds more than one name (CGCT L2122-7-2)', () => {
    const twice = run(
      electing('adjoint'),
      everyone(),
      held({
        candidates: [
          { list: 'A', members: [{ memberId: 'm2' }, { memberId: 'm3' }] },
          { list: 'B', members: [{ memberId: 'm3' }, { memberId: 'm4' }] },
        ],
        rounds: [round({ A: 11 })],
      }),
    );
    expect(twice.last?.error).toMatchObject({
      code: 'CANDIDATE_TWICE',
      field: 'payload.election.candidates[1].members[0].memberId',
      memberId: 'm3',
    });
    const unbalanced = run(
      electing('adjoint'),
      everyone(),
      held({
        candidates: [{ list: 'A', members: [{ memberId: 'm1' }, { memberId: 'm3' }, { memberId: 'm5' }, { memberId: 'm2' }] }],
        rounds: [round({ A: 11 })],
      }),
    );
    expect(unbalanced.last?.error).toMatchObject({ code: 'LIST_NOT_BALANCED', field: 'payload.election.candidates[0].members' });
    expect(unbalanced.last?.error?.message.fr).toContain('compte 1 femmes et 3 hommes');
    const alone = run(
      electing('adjoint'),
      everyone(),
      held({ candidates: [{ list: 'A', members: [{ memberId: 'm2' }] }], rounds: [round({ A: 11 })] }),
    );
    expect(alone.last?.error).toMatchObject({ code: 'LIST_NOT_ALLOWED', rule: 'CGCT L2122-7-2, L2122-7' });
  });
});

describe('a public or a secret ballot on request (CGCT L2121-21, L3121-15)', () => {
  test('a third of the members present asking for a secret ballot makes it due (CGCT L2121-21)', () => {
    const result = run(opened(), everyone(), vote('D1', { tally: { pour: 11, contre: 0, abstention: 0 }, requested: { secret: 4 } }));
    expect(result.last?.error).toMatchObject({ code: 'SECRET_BALLOT_DUE', rule: 'CGCT L2121-21', field: 'payload.method' });
    const fewer = run(opened(), everyone(), vote('D1', { tally: { pour: 11, contre: 0, abstention: 0 }, requested: { secret: 3 } }));
    expect(fewer.last?.status).toBe('applied');
  });

  test('a quarter asking for a public ballot makes it a roll call, and the secret prevails when both are asked (CGCT L2121-21)', () => {
    const publicDue = run(opened(), everyone(), vote('D1', { tally: { pour: 11, contre: 0, abstention: 0 }, requested: { public: 3 } }));
    expect(publicDue.last?.error).toMatchObject({ code: 'PUBLIC_BALLOT_DUE' });
    const both = run(
      opened(),
      everyone(),
      vote('D1', { method: 'secret', tally: { pour: 11, contre: 0, abstention: 0 }, requested: { public: 5, secret: 4 } }),
    );
    expect(both.last?.status).toBe('applied');
  });

  test('in a conseil départemental a sixth of the members present make a public ballot due (CGCT L3121-15)', () => {
    const result = run(
      opened({ kind: 'departement' }),
      everyone(),
      vote('D1', { tally: { pour: 11, contre: 0, abstention: 0 }, requested: { public: 2 } }),
    );
    expect(result.last?.error).toMatchObject({ code: 'PUBLIC_BALLOT_DUE', rule: 'CGCT L3121-15' });
  });

  test('in a conseil régional a sixth of the members present make a public ballot due (CGCT L4132-14)', () => {
    const result = run(
      opened({ kind: 'region' }),
      everyone(),
      vote('D1', { tally: { pour: 11, contre: 0, abstention: 0 }, requested: { public: 2 } }),
    );
    expect(result.last?.error).toMatchObject({ code: 'PUBLIC_BALLOT_DUE', rule: 'CGCT L4132-14' });
  });

  test('a public ballot records each voter and their vote: a roll call entered as a tally does not do (CGCT L2121-21)', () => {
    const result = run(
      opened(),
      everyone(),
      vote('D1', { method: 'roll_call', tally: { pour: 11, contre: 0, abstention: 0 }, requested: { public: 3 } }),
    );
    expect(result.last?.error).toMatchObject({ code: 'PUBLIC_BALLOT_DUE' });
    const named = run(
      opened(),
      everyone(),
      vote('D1', {
        method: 'roll_call',
        ballots: ids.map((memberId) => ({ memberId, choice: 'pour' as const })),
        requested: { public: 3 },
      }),
    );
    expect(named.last?.status).toBe('applied');
  });

  test('more members asking than present is refused (CGCT L2121-21)', () => {
    const result = run(
      opened(),
      everyone(),
      vote('D1', { method: 'secret', tally: { pour: 11, contre: 0, abstention: 0 }, requested: { secret: 12 } }),
    );
    expect(result.last?.error).toMatchObject({ code: 'REQUEST_EXCEEDS_PRESENT', field: 'payload.requested.secret' });
  });
});
