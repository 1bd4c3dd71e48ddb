/**
 * The third round of an election: the relative majority elects, and a tie goes to the eldest — for
 * lists, to the list of the highest mean age (CGCT L2122-7, L2122-7-2, L3122-1, L4133-1). Birth dates
 * are asked for only when a tie needs them.
 */
import type { Candidate, Election } from '#events/election';
import type { Member } from '#events/session-events';
import { displayName } from './attendance.ts';
import type { Elected, ElectionContext, RoundRecord } from './election.ts';
import { ok, reject, type Result } from './errors.ts';

/** The third round: the most votes elect; a tie goes to the eldest, or to the list of the highest mean age. */
export function relativeMajority(
  round: RoundRecord,
  election: Election,
  context: ElectionContext,
  rule: string,
  field: string,
): Result<Omit<Elected, 'members' | 'round'>> {
  const most = Math.max(...round.votes.map((v) => v.votes));
  if (most === 0)
    return reject(
      'NO_VOTE_FOR_ANY_CANDIDATE',
      { fr: "aucun candidat n'a obtenu de voix au troisième tour", en: 'no candidate obtained a vote at the third round' },
      { rule, field, item: context.item },
    );
  const tied = round.votes.filter((v) => v.votes === most);
  if (tied.length === 1) return ok({ candidate: tied[0]!.candidate, votes: most, byAge: false });
  const ages: Array<{ candidate: string; born: number }> = [];
  for (const { candidate } of tied) {
    const index = election.candidates.findIndex((c) => (c.memberId ?? c.list) === candidate);
    const born = birthOf(election.candidates[index]!, `payload.election.candidates[${index}]`, context, rule);
    if (!born.ok) return born;
    ages.push({ candidate, born: born.value });
  }
  ages.sort((a, b) => a.born - b.born);
  if (ages[0]!.born === ages[1]!.born)
    return reject(
      'ELDEST_UNDETERMINED',
      {
        fr: `égalité de voix et d'âge entre ${ages
          .filter((a) => a.born === ages[0]!.born)
          .map((a) => candidateName(a.candidate, context.members))
          .join(' et ')} : la loi ne départage pas au-delà de l'âge`,
        en: `a tie in votes and in age between ${ages
          .filter((a) => a.born === ages[0]!.born)
          .map((a) => candidateName(a.candidate, context.members))
          .join(' and ')}: the law decides by age only`,
      },
      { rule, field, item: context.item },
    );
  return ok({ candidate: ages[0]!.candidate, votes: most, byAge: true });
}

/** A birth date as days since 1970 — a list's is its members' mean (L2122-7-2) — or the field that must give it. */
function birthOf(candidate: Candidate, field: string, context: ElectionContext, rule: string): Result<number> {
  const people = candidate.members ?? [{ memberId: candidate.memberId!, birthDate: candidate.birthDate }];
  const days: number[] = [];
  for (const [k, person] of people.entries()) {
    if (person.birthDate === undefined)
      return reject(
        'BIRTH_DATE_REQUIRED',
        {
          fr: `égalité de voix au troisième tour : l'élection revient au plus âgé, donnez la date de naissance de ${displayName(context.members, person.memberId)}`,
          en: `a tie at the third round: the eldest is elected, give the birth date of ${displayName(context.members, person.memberId)}`,
        },
        {
          rule,
          field: candidate.members ? `${field}.members[${k}].birthDate` : `${field}.birthDate`,
          memberId: person.memberId,
          item: context.item,
        },
      );
    days.push(Date.parse(person.birthDate) / 86_400_000);
  }
  return ok(days.reduce((sum, d) => sum + d, 0) / days.length);
}

/** A candidate as messages name them: the member, or the list. */
export const candidateName = (candidate: string, members: readonly Member[]) =>
  members.some((m) => m.id === candidate) ? displayName(members, candidate) : `la liste « ${candidate} »`;
