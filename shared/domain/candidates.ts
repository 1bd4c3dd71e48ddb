/**
 * Who may stand in an election: members in office (titulaires), each once; lists only for the
 * adjoints, of more than one name and balanced between women and men (CGCT L2121-21, L2122-7-2).
 */
import type { Candidate, Election } from '#events/election';
import { agreed, displayName, isSuppleant } from './attendance.ts';
import type { ElectionContext } from './election.ts';
import { ok, reject, type Result } from './errors.ts';

/**
 * Candidates are members in office, each standing once. Lists stand only for the adjoints (L2122-7-2):
 * more than one name, and no more than one of a sex than of the other — the civility tells it. A
 * single adjoint is elected alone, as the maire is (L2122-7). Returns the names votes may use.
 */
export function checkCandidates(election: Election, context: ElectionContext): Result<string[]> {
  const inOffice = new Map(context.members.filter((m) => !isSuppleant(m)).map((m) => [m.id, m]));
  const standing = new Set<string>();
  const keys: string[] = [];
  for (const [index, candidate] of election.candidates.entries()) {
    const field = `payload.election.candidates[${index}]`;
    const byList = context.procedure.elections.byList[context.office];
    if (candidate.list !== undefined && !byList)
      return reject(
        'LIST_NOT_ALLOWED',
        {
          fr: "cette élection n'est pas un scrutin de liste : seuls les adjoints sont élus par liste",
          en: 'this election is not by list: only the adjoints are elected by list',
        },
        { rule: 'CGCT L2122-7-2', field: `${field}.list`, item: context.item },
      );
    const people = candidate.members?.map((m, k) => [m.memberId, `${field}.members[${k}].memberId`] as const) ?? [
      [candidate.memberId!, `${field}.memberId`] as const,
    ];
    for (const [id, at] of people) {
      if (!inOffice.has(id))
        return reject(
          'CANDIDATE_NOT_IN_OFFICE',
          {
            fr: `« ${id} » n'est pas un membre en exercice (titulaire) de l'assemblée et ne peut être candidat`,
            en: `"${id}" is not a member in office (titulaire) of the assembly and cannot stand`,
          },
          { field: at, memberId: id, item: context.item },
        );
      if (standing.has(id))
        return reject(
          'CANDIDATE_TWICE',
          {
            fr: `${displayName(context.members, id)} est déjà ${agreed(context.members, id, 'candidat')} dans cette élection`,
            en: `${displayName(context.members, id)} stands already in this election`,
          },
          { rule: byList ?? context.procedure.elections.nominations, field: at, memberId: id, item: context.item },
        );
      standing.add(id);
    }
    if (candidate.list !== undefined) {
      const list = checkList(candidate, field, byList!, context);
      if (!list.ok) return list;
    }
    keys.push(candidate.memberId ?? candidate.list!);
  }
  return ok(keys);
}

/** A list of adjoints: more than one name, "l'écart entre le nombre des candidats de chaque sexe ne peut être supérieur à un" (L2122-7-2). */
function checkList(candidate: Candidate, field: string, rule: string, context: ElectionContext): Result<void> {
  const members = candidate.members!;
  if (members.length < 2)
    return reject(
      'LIST_NOT_ALLOWED',
      {
        fr: `la liste « ${candidate.list} » ne compte qu'un nom : un adjoint seul est élu comme le maire, candidat par candidat`,
        en: `list "${candidate.list}" holds one name: a single adjoint is elected as the maire is, candidate by candidate`,
      },
      { rule: `${rule}, L2122-7`, field: `${field}.members`, item: context.item },
    );
  const women = members.filter((m) => context.members.find((x) => x.id === m.memberId)?.civility === 'Mme').length;
  const men = members.length - women;
  if (Math.abs(women - men) > 1)
    return reject(
      'LIST_NOT_BALANCED',
      {
        fr: `la liste « ${candidate.list} » compte ${women} femmes et ${men} hommes : l'écart ne peut dépasser un`,
        en: `list "${candidate.list}" holds ${women} women and ${men} men: the gap may not exceed one`,
      },
      { rule, field: `${field}.members`, item: context.item },
    );
  return ok(undefined);
}
