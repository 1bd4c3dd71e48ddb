/**
 * Quorum of an item, checked each time an item is put to the vote (CGCT L2121-17, L3121-14,
 * L4132-13): more than half of the members in office physically present; proxies count only where
 * the rule set says so (commission permanente, the first 2020 emergency regime).
 */
import type { Member } from '#events/session-events';
import { titulaires, type ItemAttendance } from './attendance.ts';
import type { Procedure } from './procedure.ts';
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
  /** Suppléants among the members present (CGCT L5211-6, L5212-7). */
  readonly suppleants?: number;
  /** Members withdrawn from the item (not voting); the executive withdrawn for its compte administratif stays among `present`. */
  readonly withdrawn?: number;
}

/**
 * Members needed out of `inOffice`: "more than half" is floor(n/2)+1 (11 → 6, 8 → 5); a third is
 * ceil(n/3); two thirds (the installation of a conseil départemental or régional) ceil(2n/3).
 */
export function quorumRequired(inOffice: number, threshold: QuorumThreshold | 'two_thirds'): number {
  if (threshold === 'two_thirds') return Math.ceil((2 * inOffice) / 3);
  return threshold === 'more_than_half' ? Math.floor(inOffice / 2) + 1 : Math.ceil(inOffice / 3);
}

export interface QuorumContext {
  readonly members: readonly Member[];
  readonly rules: RuleSet;
  readonly procedure: Procedure;
  readonly reconvened: boolean;
  /** The article of a stricter quorum for this item: two thirds present to elect the président (L3122-1, L4133-1). */
  readonly twoThirds?: string | undefined;
}

/**
 * The quorum of an item. Members in office are the titulaires; in communes and EPCI, representatives
 * in the body the item concerns who withdraw are not counted among them (L2131-11). A member
 * withdrawn as interested has left the room and is not present; the executive whose compte
 * administratif is voted attended its discussion (L2121-14), when the quorum is appreciated, and
 * counts among the present without voting.
 */
export function computeQuorum(attendance: ItemAttendance, context: QuorumContext): QuorumRecord {
  const { rules, procedure } = context;
  const withdrawn = attendance.withdrawn ?? [];
  const outOfOffice = procedure.representatives.outOfOffice ? withdrawn.filter((w) => w.reason === 'representative').length : 0;
  const inOffice = titulaires(context.members).length - outOfOffice;
  const attending = withdrawn.filter((w) => w.reason === 'compte_administratif' && w.wasPresent).length;
  const present = attendance.present.length + attending;
  const represented = attendance.represented.length;
  const counts = {
    present,
    represented,
    voting: attendance.present.length + represented,
    inOffice,
    ...(attendance.substitutes && { suppleants: attendance.substitutes.length }),
    ...(withdrawn.length > 0 && { withdrawn: withdrawn.length }),
  };
  const rule =
    context.twoThirds ?? (outOfOffice > 0 ? `${rules.quorum.article} ; ${procedure.representatives.article}` : rules.quorum.article);
  if (context.reconvened) return { ...counts, required: 0, reached: true, basis: 'none', rule: rules.reconvened.article };
  const required = quorumRequired(inOffice, context.twoThirds ? 'two_thirds' : rules.quorum.threshold);
  const counted = rules.quorum.basis === 'present' ? present : present + represented;
  return { ...counts, required, reached: counted >= required, basis: rules.quorum.basis, rule };
}
