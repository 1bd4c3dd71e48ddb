import { describe, expect, test } from 'vitest';
import type { OpeningFact, SignatureFact, VoteFact } from '#domain/facts';
import { resolveRuleSet } from '#domain/rule-sets';
import { applyEvent, decide, evolve, rebuild, replay, type Fact, type SessionState } from '#domain/session';
import { currentAttendance } from '#domain/session-state';
import { largeSeance } from '#scripts/large-seance';
import {
  attendance,
  factsOf,
  itemOf,
  memberIds,
  opened,
  randomSeance,
  roll,
  run,
  sampleEvents,
  sampleFiles,
  signed,
  vote,
} from '../support/seance.ts';

const seeds = Array.from({ length: 300 }, (_, i) => i + 1);
const ids = memberIds(11);
const stateOf = (...events: Parameters<typeof run>): SessionState => {
  const { state } = run(...events);
  if (!state) throw new Error('the séance did not open');
  return state;
};

describe('a séance rebuilt from its facts alone is the séance replayed through the rules', () => {
  test.each(sampleFiles())('%s, after each of its events', (file) => {
    const events = sampleEvents(file);
    for (let n = 1; n <= events.length; n++) {
      const replayed = replay(events.slice(0, n));
      expect(rebuild(factsOf(replayed))).toStrictEqual(replayed.state);
    }
  });

  test('a départemental séance at full size: 100 members, 150 délibérations, departures and returns with proxies', () => {
    const replayed = replay(largeSeance({ members: 100, items: 150 }));
    expect(replayed.steps.every((s) => s.status === 'applied')).toBe(true);
    expect(rebuild(factsOf(replayed))).toStrictEqual(replayed.state);
  });

  test(`${seeds.length} random séances, whose refused events leave no fact behind`, () => {
    const types = new Set<string>();
    const refusals = new Set<string>();
    for (const seed of seeds) {
      const replayed = replay(randomSeance(seed));
      const facts = factsOf(replayed);
      expect(rebuild(facts), `seed ${seed}`).toStrictEqual(replayed.state);
      expect(facts).toHaveLength(replayed.steps.filter((s) => s.status === 'applied').length);
      for (const fact of facts) types.add(fact.type);
      for (const step of replayed.steps) if (step.error) refusals.add(step.error.code);
    }
    expect([...types].sort()).toEqual(['attendance', 'closing', 'opening', 'signature', 'vote']);
    expect([...refusals]).toEqual(
      expect.arrayContaining([
        'QUORUM_NOT_REACHED',
        'PROXY_HOLDER_ABSENT',
        'PROXY_HOLDER_FULL',
        'TALLY_EXCEEDS_VOTERS',
        'CASTING_VOTE_REQUIRED',
        'BALLOT_WITHOUT_PROXY',
        'SIGNED_BEFORE_VOTE',
        'SESSION_CLOSED',
      ]),
    );
  });

  test('nothing before the opening: no facts, no séance', () => {
    expect(rebuild([])).toBeUndefined();
  });
});

describe('applyEvent is decide then evolve', () => {
  test(`on ${seeds.length} random séances: the same séance when decide records a fact, the same refusal when it does not`, () => {
    for (const seed of seeds) {
      let state: SessionState | undefined;
      for (const event of randomSeance(seed)) {
        const applied = applyEvent(state, event);
        const decided = decide(state, event);
        if (!decided.ok) {
          expect(applied).toStrictEqual(decided);
          continue;
        }
        const fact = decided.value;
        const folded = fact.type === 'opening' ? evolve(state, fact) : evolve(state!, fact);
        expect(applied).toStrictEqual({ ok: true, value: folded });
        state = folded;
      }
    }
  });
});

describe('evolve records what a fact says, even where the rules would refuse it now', () => {
  test('a vote recorded "adoptée à la majorité" is kept on a roll where the quorum is not reached (CGCT L2121-17)', () => {
    const state = stateOf(opened(), attendance(roll(ids.slice(0, 3), ids.slice(3))));
    const cast = vote('D1', { tally: { pour: 2, contre: 1, abstention: 0 } });
    expect(decide(state, cast)).toMatchObject({ ok: false, error: { code: 'QUORUM_NOT_REACHED', rule: 'CGCT L2121-17' } });
    const fact: VoteFact = {
      version: 1,
      type: 'vote',
      eventId: cast.eventId,
      item: 'D1',
      vote: {
        method: 'show_of_hands',
        castAt: cast.occurredAt,
        presiding: 'm1',
        attendance: { present: ids.slice(0, 3), represented: [], absent: ids.slice(3), lapsed: [] },
        quorum: {
          inOffice: 11,
          required: 3,
          present: 3,
          represented: 0,
          voting: 3,
          reached: true,
          basis: 'present',
          rule: 'CGCT L2121-17',
        },
        count: { pour: 2, contre: 1, abstention: 0, blankOrNull: 0, nppv: 0, exprimes: 3 },
        outcome: { adopted: true, wording: 'adoptée à la majorité', castingVote: false },
      },
    };
    const next = evolve(state, fact);
    expect(itemOf(next, 'D1')).toMatchObject({ status: 'voted', vote: fact.vote });
    expect(next.version).toBe(state.version + 1);
  });

  test('a second proxy to the same holder stays on the roll as recorded (CGCT L2121-20)', () => {
    const state = stateOf(opened(), attendance(roll(ids.slice(0, 7))));
    const entries = roll([], [], { m8: 'm2', m9: 'm2' });
    expect(decide(state, attendance(entries))).toMatchObject({ ok: false, error: { code: 'PROXY_HOLDER_FULL', memberId: 'm2' } });
    const next = evolve(state, { version: 1, type: 'attendance', eventId: 'e-proxies', step: { entries, fromItem: 'D1' } });
    expect(currentAttendance(next).represented).toEqual([
      { memberId: 'm8', holderId: 'm2' },
      { memberId: 'm9', holderId: 'm2' },
    ]);
  });

  test('a signature dated before the séance is recorded as signed (CGCT L2121-23)', () => {
    const state = stateOf(opened(), attendance(roll(ids.slice(0, 7))), vote('D1', { tally: { pour: 7, contre: 0, abstention: 0 } }));
    expect(decide(state, signed('D1', 'm1', '1999-01-01'))).toMatchObject({ ok: false, error: { code: 'SIGNED_BEFORE_VOTE' } });
    const fact: SignatureFact = {
      version: 1,
      type: 'signature',
      eventId: 'e-sign',
      item: 'D1',
      signature: { signedBy: 'm1', signedAt: '1999-01-01' },
    };
    expect(itemOf(evolve(state, fact), 'D1')).toMatchObject({ status: 'signed', signature: fact.signature });
  });

  test('the rule set recorded at the opening is kept where the catalogue would refuse it now (loi n° 2020-1379, art. 6)', () => {
    const event = opened({ date: '2025-03-20', ruleSet: 'covid-2020-1379' });
    expect(decide(undefined, event)).toMatchObject({ ok: false, error: { code: 'RULE_SET_OUT_OF_PERIOD' } });
    const decided = decide(undefined, opened({ date: '2025-03-20' }));
    if (!decided.ok || decided.value.type !== 'opening') throw new Error('the opening was refused');
    const fact: OpeningFact = { ...decided.value, ruleSet: resolveRuleSet('commune', '2021-01-14') };
    const state = evolve(undefined, fact);
    expect(state.ruleSet).toStrictEqual(fact.ruleSet);
    expect(state.ruleSet.proxies).toEqual({ maxPerHolder: 2, article: 'loi n° 2020-1379, art. 6' });
  });

  test('the state passed in is never changed', () => {
    const state = stateOf(opened(), attendance(roll(ids.slice(0, 7))));
    const snapshot = structuredClone(state);
    evolve(state, { version: 1, type: 'closing', eventId: 'e-close', at: '18:00' });
    evolve(state, { version: 1, type: 'attendance', eventId: 'e-roll', step: { entries: roll(['m8']) } });
    expect(state).toStrictEqual(snapshot);
  });
});

describe('facts are plain JSON, format version 1', () => {
  const roundTrip = (fact: Fact): Fact => JSON.parse(JSON.stringify(fact));

  test.each(sampleFiles())('the facts of %s, each read back from JSON, are the same data and rebuild the same séance', (file) => {
    const facts = factsOf(replay(sampleEvents(file)));
    const stored = facts.map(roundTrip);
    expect(stored).toStrictEqual(facts);
    expect(rebuild(stored)).toStrictEqual(rebuild(facts));
  });

  test(`the facts of ${seeds.length} random séances carry version 2 and survive JSON`, () => {
    for (const seed of seeds) {
      const facts = factsOf(replay(randomSeance(seed)));
      expect(facts.every((fact) => fact.version === 2)).toBe(true);
      const stored = facts.map(roundTrip);
      expect(stored, `seed ${seed}`).toStrictEqual(facts);
      expect(rebuild(stored)).toStrictEqual(rebuild(facts));
    }
  });
});
