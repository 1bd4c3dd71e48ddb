/**
 * Suppléants (CGCT L5211-6 for the communautés, L5212-7 for the syndicats): a suppléant holds no seat
 * of their own and sits, with voix délibérative, only while the titulaire they stand for is absent.
 * One voice per seat: the seat is held by the titulaire, by the suppléant sitting, or by the holder of
 * the titulaire's proxy — never by two of them (Rép. min. Sénat n° 16075, 2 mars 2017: the titulaire
 * may give a proxy instead of calling the suppléant).
 */
import type { AttendanceEntry, Member, SessionOpened } from '#events/session-events';
import { agreed, displayName, isSuppleant, type Roll } from './attendance.ts';
import { ok, reject, type Result } from './errors.ts';
import { procedureOf } from './procedure.ts';

/** At the opening: suppléants only where the kind has them, each for a titulaire listed, and a titulaire presides. */
export function checkSuppleants(payload: SessionOpened['payload']): Result<void> {
  const { members, assembly, president } = payload;
  const article = procedureOf(assembly.kind).suppleants;
  const byId = new Map(members.map((m) => [m.id, m]));
  for (const [index, member] of members.entries()) {
    if (!isSuppleant(member)) continue;
    const name = `${member.civility} ${member.name}`;
    if (!article)
      return reject(
        'SUPPLEANT_NOT_ALLOWED',
        {
          fr: `${name} ne peut être suppléant : seuls les conseils communautaires et les comités syndicaux en ont (CGCT L5211-6, L5212-7)`,
          en: `${name} cannot be a suppléant: only conseils communautaires and comités syndicaux have them (CGCT L5211-6, L5212-7)`,
        },
        { field: `payload.members[${index}].role`, memberId: member.id },
      );
    const titulaire = byId.get(member.standsFor!);
    if (!titulaire || isSuppleant(titulaire))
      return reject(
        'SUPPLEANT_WITHOUT_TITULAIRE',
        {
          fr: `${name} supplée « ${member.standsFor} », qui n'est pas un titulaire de la liste des membres`,
          en: `${name} stands for "${member.standsFor}", who is not a titulaire in the list of members`,
        },
        { rule: article, field: `payload.members[${index}].standsFor`, memberId: member.id },
      );
  }
  const presiding = byId.get(president);
  if (presiding && isSuppleant(presiding))
    return reject(
      'SUPPLEANT_PRESIDING',
      {
        fr: `${displayName(members, president)}, suppléant, ne peut présider la séance : le président est un membre titulaire`,
        en: `${displayName(members, president)}, a suppléant, cannot preside over the séance: the president is a titulaire`,
      },
      { rule: article, field: 'payload.president', memberId: president },
    );
  return ok(undefined);
}

/**
 * Checks the roll of an item for its seats: a suppléant sits only while their titulaire is absent
 * and has given no proxy in force there, one suppléant at a time for a seat, and a suppléant gives
 * no proxy. `entries` point the refusal at the entry that caused it.
 */
export function checkSeats(
  members: readonly Member[],
  roll: Roll,
  kind: SessionOpened['payload']['assembly']['kind'],
  entries: readonly AttendanceEntry[],
): Result<void> {
  const rule = procedureOf(kind).suppleants;
  const fieldOf = (...ids: string[]) => {
    const index = entries.findLastIndex((e) => ids.includes(e.memberId));
    return index >= 0 ? { field: `payload.entries[${index}]` } : {};
  };
  const sitting = new Map<string, string>();
  for (const member of members) {
    if (!isSuppleant(member)) continue;
    const presence = roll[member.id];
    const name = displayName(members, member.id);
    if (presence?.status === 'absent' && presence.proxyTo)
      return reject(
        'SUPPLEANT_PROXY',
        {
          fr: `${name}, suppléant, ne peut donner pouvoir : il n'a pas de siège propre`,
          en: `${name}, a suppléant, cannot give a proxy: they hold no seat of their own`,
        },
        { rule, ...fieldOf(member.id), memberId: member.id },
      );
    if (presence?.status !== 'present') continue;
    const titulaireId = member.standsFor!;
    const titulaire = displayName(members, titulaireId);
    const pronoun = members.find((m) => m.id === member.id)?.civility === 'Mme' ? 'elle' : 'il';
    const seat = roll[titulaireId];
    if (seat?.status === 'present')
      return reject(
        'SUPPLEANT_WITH_TITULAIRE',
        {
          fr: `${name} ne peut siéger : ${titulaire}, qu'${pronoun} supplée, est ${agreed(members, titulaireId, 'présent')}`,
          en: `${name} cannot sit: ${titulaire}, for whom they stand, is present`,
        },
        { rule, ...fieldOf(member.id, titulaireId), memberId: member.id },
      );
    if (seat?.status === 'absent' && seat.proxyTo)
      return reject(
        'SUPPLEANT_AND_PROXY',
        {
          fr: `${name} ne peut siéger : ${titulaire} a donné pouvoir à ${displayName(members, seat.proxyTo)}, et un siège n'a qu'une voix`,
          en: `${name} cannot sit: ${titulaire} gave a proxy to ${displayName(members, seat.proxyTo)}, and a seat has one voice`,
        },
        { rule, ...fieldOf(member.id, titulaireId), memberId: member.id },
      );
    if (seat?.status === 'withdrawn')
      return reject(
        'SUPPLEANT_WITH_TITULAIRE',
        {
          fr: `${name} ne peut siéger pour ce point : ${titulaire}, qu'${pronoun} supplée, s'en est ${agreed(members, titulaireId, 'retiré')} — la voix du siège ne prend pas part au vote ; enregistrez aussi le retrait de ${name}`,
          en: `${name} cannot sit for this item: ${titulaire}, for whom they stand, withdrew from it — the seat's voice takes no part in the vote; record ${name}'s withdrawal too`,
        },
        { rule, ...fieldOf(member.id, titulaireId), memberId: member.id },
      );
    const other = sitting.get(titulaireId);
    if (other)
      return reject(
        'SUPPLEANTS_FOR_ONE_SEAT',
        {
          fr: `${name} ne peut siéger : ${displayName(members, other)} siège déjà pour ${titulaire}`,
          en: `${name} cannot sit: ${displayName(members, other)} sits for ${titulaire} already`,
        },
        { rule, ...fieldOf(member.id), memberId: member.id },
      );
    sitting.set(titulaireId, member.id);
  }
  return ok(undefined);
}
