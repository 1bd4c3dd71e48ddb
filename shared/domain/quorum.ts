/**
 * Quorum of an item, checked each time an item is put to the vote (CGCT L2121-17, L3121-14,
 * L4132-13): more than half of the members in office physically present; proxies count only where
 * the rule set says so (commission permanente, the first 2020 emergency regime).
 */
import type { ItemAttendance } from './attendance.ts';
import type { QuorumBasis, QuorumThreshold, RuleSet } from './rule-sets.ts';

export interface QuorumRecord {
  readonly inOffice: number;
  /** Members needed; 0 for a reconvened meeting, which deliberates whatever the number present. */
  readonly required: number;
  readonly present: number;
  readonly represented: number;
  /** Present plus represented: the members who can take part in the vote. */
  readonly voting: number;
  readonly reached: boolean;
  /** What was counted against `required`: "none" for a reconvened meeting. */
  readonly basis: QuorumBasis | 'none';
  readonly rule: string;
}

/** Members needed out of `inOffice`: "more than half" is floor(n/2)+1 (11 → 6, 8 → 5); a third is ceil(n/3). */
export function quorumRequired(inOffice: number, threshold: QuorumThreshold): number {
  return threshold === 'more_than_half' ? Math.floor(inOffice / 2) + 1 : Math.ceil(inOffice / 3);
}

export function computeQuorum(attendance: ItemAttendance, inOffice: number, rules: RuleSet, reconvened: boolean): QuorumRecord {
  const present = attendance.present.length;
  const represented = attendance.represented.length;
  const counts = { present, represented, voting: present + represented, inOffice };
  if (reconvened) return { ...counts, required: 0, reached: true, basis: 'none', rule: rules.reconvened.article };
  const required = quorumRequired(inOffice, rules.quorum.threshold);
  const counted = rules.quorum.basis === 'present' ? present : present + represented;
  return { ...counts, required, reached: counted >= required, basis: rules.quorum.basis, rule: rules.quorum.article };
}
