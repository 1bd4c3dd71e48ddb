/**
 * The outcome of a vote as the acts write it. The category ("adoptée à l'unanimité", "… des suffrages
 * exprimés", "à la majorité", "rejetée") follows the counts and the assembly's house style; the
 * sentence may add the votes ("avec 32 voix pour et 7 abstentions"), who voted against or abstained
 * when the ballots are named, and the qualified majority an item required.
 */
import type { Ballot, Member, RequiredMajority, Wording } from '#events/session-events';
import { displayName } from './attendance.ts';

export const WORDINGS = [
  "adoptée à l'unanimité",
  "adoptée à l'unanimité des suffrages exprimés",
  'adoptée à la majorité',
  'rejetée',
] as const;
export type OutcomeWording = (typeof WORDINGS)[number];

export interface Counts {
  readonly pour: number;
  readonly contre: number;
  readonly abstention: number;
  readonly blankOrNull: number;
}

/** The majority an item required, and the votes it took. */
export interface RequiredOutcome extends RequiredMajority {
  readonly votes: number;
}

const SHARES: Record<RequiredMajority['share'], { readonly label: string; readonly of: (n: number) => number }> = {
  absolute: { label: 'la majorité absolue', of: (n) => Math.floor(n / 2) + 1 },
  three_fifths: { label: 'la majorité des trois cinquièmes', of: (n) => Math.ceil((3 * n) / 5) },
  two_thirds: { label: 'la majorité des deux tiers', of: (n) => Math.ceil((2 * n) / 3) },
  three_quarters: { label: 'la majorité des trois quarts', of: (n) => Math.ceil((3 * n) / 4) },
};

/** Votes "pour" a required majority takes: of the suffrages exprimés, or of the members in office. */
export function requiredVotes(majority: RequiredMajority, exprimes: number, inOffice: number): RequiredOutcome {
  const base = majority.of === 'suffrages_exprimes' ? exprimes : inOffice;
  return { ...majority, votes: Math.max(1, SHARES[majority.share].of(base)) };
}

/** "la majorité des deux tiers des suffrages exprimés" */
export const majorityLabel = (majority: RequiredMajority): string =>
  `${SHARES[majority.share].label} ${majority.of === 'suffrages_exprimes' ? 'des suffrages exprimés' : 'des membres en exercice'}`;

/**
 * The category: NPPV members do not break unanimity, abstentions and blank ballots do — then the acts
 * say "à l'unanimité des suffrages exprimés", or "à la majorité" where that is the house style.
 */
export function wordingOf(count: Counts, adopted: boolean, style?: Wording): OutcomeWording {
  if (!adopted) return 'rejetée';
  if (count.contre > 0) return 'adoptée à la majorité';
  if (count.abstention === 0 && count.blankOrNull === 0) return "adoptée à l'unanimité";
  return style?.withAbstentions === 'majorite' ? 'adoptée à la majorité' : "adoptée à l'unanimité des suffrages exprimés";
}

export interface StatementContext {
  readonly style?: Wording | undefined;
  readonly required?: RequiredOutcome | undefined;
  /** Named ballots (not a secret ballot): who voted against or abstained can be named. */
  readonly ballots?: readonly Ballot[] | undefined;
  readonly members: readonly Member[];
}

/** The sentence the act prints after "la délibération est", when it says more than the category. */
export function statementOf(count: Counts, wording: OutcomeWording, context: StatementContext): string {
  const { style, required } = context;
  let text: string = wording;
  if (required && wording === 'adoptée à la majorité') text = `adoptée à ${majorityLabel(required)}`;
  const unanimous = wording === "adoptée à l'unanimité";
  const names = style?.names && context.ballots && !unanimous ? namedBallots(context.ballots, context.members) : undefined;
  if (style?.counts && !unanimous) text += ` avec ${countsOf(count, names)}`;
  else if (names && (names.contre.length > 0 || names.abstention.length > 0))
    text += ` (${[
      names.contre.length > 0 && `contre : ${names.contre.join(', ')}`,
      names.abstention.length > 0 && `${names.abstention.length > 1 ? 'abstentions' : 'abstention'} : ${names.abstention.join(', ')}`,
    ]
      .filter(Boolean)
      .join(' ; ')})`;
  if (required && wording === 'rejetée') text += `, ${majorityLabel(required)} (${required.votes} voix) n'étant pas atteinte`;
  return text;
}

interface Names {
  readonly contre: readonly string[];
  readonly abstention: readonly string[];
}

/** Whose voice each ballot is — the mandant's for a proxy ballot — in the order of the members. */
function namedBallots(ballots: readonly Ballot[], members: readonly Member[]): Names {
  const rank = (id: string) => members.findIndex((m) => m.id === id);
  const of = (choice: Ballot['choice']) =>
    ballots
      .filter((b) => b.choice === choice)
      .map((b) => b.forMember ?? b.memberId)
      .sort((a, b) => rank(a) - rank(b))
      .map((id) => displayName(members, id));
  return { contre: of('contre'), abstention: of('abstention') };
}

/** "32 voix pour, 2 voix contre (M. A, Mme B) et 7 abstentions" */
function countsOf(count: Counts, names: Names | undefined): string {
  const named = (list: readonly string[] | undefined) => (list && list.length > 0 ? ` (${list.join(', ')})` : '');
  const parts = [
    `${count.pour} voix pour`,
    count.contre > 0 && `${count.contre} voix contre${named(names?.contre)}`,
    count.abstention > 0 && `${count.abstention} ${count.abstention > 1 ? 'abstentions' : 'abstention'}${named(names?.abstention)}`,
    count.blankOrNull > 0 && `${count.blankOrNull} ${count.blankOrNull > 1 ? 'bulletins blancs ou nuls' : 'bulletin blanc ou nul'}`,
  ].filter((part): part is string => typeof part === 'string');
  return parts.length === 1 ? parts[0]! : `${parts.slice(0, -1).join(', ')} et ${parts.at(-1)}`;
}
