import { describe, expect, test } from 'vitest';
import { displayName } from '#domain/attendance';
import { replay } from '#domain/session';
import type { MotionVote } from '#domain/session-state';
import { itemOf, sampleEvents } from '../support/seance.ts';

describe('the seed séance (Conseil départemental d’Ille-et-Vilaine, 20 mars 2025) replayed through the pure core', () => {
  const { state, steps } = replay(sampleEvents('cd35-2025-03-20-ad-2025-0043.json'));
  const item = itemOf(state, 'AD_2025_0043');

  test('every event is applied', () => {
    expect(steps.map((s) => s.status)).toEqual(['applied', 'applied', 'applied', 'applied', 'applied']);
  });

  test('quorum 28 of 54 in office reached by 40 present, 14 represented, 54 voting (CGCT L3121-14)', () => {
    expect(item.vote?.quorum).toEqual({
      inOffice: 54,
      required: 28,
      present: 40,
      represented: 14,
      voting: 54,
      reached: true,
      basis: 'present',
      rule: 'CGCT L3121-14',
    });
  });

  test('54–0–0 is adopted "à l’unanimité" (CGCT L3121-14)', () => {
    expect((item.vote as MotionVote).count).toEqual({ pour: 54, contre: 0, abstention: 0, blankOrNull: 0, nppv: 0, exprimes: 54 });
    expect((item.vote as MotionVote).outcome).toEqual({ adopted: true, wording: "adoptée à l'unanimité", castingVote: false });
  });

  test('the act is identified as 035-223500018-20250320-AD_2025_0043-DE', () => {
    expect(item.actesId).toBe('035-223500018-20250320-AD_2025_0043-DE');
  });

  test('the proxies read as the act prints them, with the OCR defects mended (CGCT L3121-16)', () => {
    const members = state!.members;
    const proxies = item.vote!.attendance.represented.map(
      (r) => `${displayName(members, r.memberId)} (pouvoir donné à ${displayName(members, r.holderId)})`,
    );
    expect(proxies).toContain('M. MARTINS (pouvoir donné à Mme DUGUÉPÉROUX-HONORÉ)');
    expect(proxies).toContain('Mme MAINGUET-GRALL (pouvoir donné à Mme COURTIGNÉ)');
    expect(proxies[0]).toBe('Mme ABADIE (pouvoir donné à M. LE MOAL)');
    expect(proxies.at(-1)).toBe('M. SORIEUX (pouvoir donné à M. HOUILLOT)');
  });

  test('the séance is closed at 18:07 and the act signed by its president', () => {
    expect(state?.status).toBe('closed');
    expect(state?.closedAt).toBe('18:07');
    expect(item.status).toBe('signed');
    expect(displayName(state!.members, item.signature!.signedBy)).toBe('M. CHENUT');
  });
});

describe('the commune sample: mid-séance arrival, a proxy given on leaving, a roll-call tie', () => {
  const { state, steps } = replay(sampleEvents('val-exemple-2025-06-12-commune.json'));

  test('every event is applied', () => {
    expect(steps.every((s) => s.status === 'applied')).toBe(true);
  });

  test('the first item, with two abstentions, is adopted "à l’unanimité des suffrages exprimés" (CGCT L2121-20)', () => {
    const first = itemOf(state, 'DEL_2025_041');
    expect(first.vote?.quorum).toMatchObject({ inOffice: 11, required: 6, present: 7, represented: 2, voting: 9 });
    expect((first.vote as MotionVote).outcome.wording).toBe("adoptée à l'unanimité des suffrages exprimés");
  });

  test("the second item is voted with the later roll and its 4–4 tie decided by the maire's casting vote (CGCT L2121-20)", () => {
    const second = itemOf(state, 'DEL_2025_042');
    expect(second.vote?.attendance.represented).toEqual([
      { memberId: 'fabre', holderId: 'leroy' },
      { memberId: 'henry', holderId: 'aubert' },
      { memberId: 'jacob', holderId: 'barbier' },
    ]);
    expect((second.vote as MotionVote).count).toMatchObject({ pour: 4, contre: 4, abstention: 2 });
    expect((second.vote as MotionVote).outcome).toEqual({ adopted: true, wording: 'adoptée à la majorité', castingVote: true });
  });
});
