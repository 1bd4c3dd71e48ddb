/**
 * Attendance per item. The roll is the fold of the AttendanceRecorded entries that apply to an item;
 * from it follow who is present (suppléants sitting included), who is represented (and by whom), who
 * withdrew from the item and who is absent when the item is voted. The proxy rules of CGCT
 * L2121-20 / L3121-16 / L4132-15 live here.
 */
import type { AttendanceEntry, Member, WithdrawalReason } from '#events/session-events';
import { ok, reject, type Result } from './errors.ts';
import type { RuleSet } from './rule-sets.ts';

type Seated = { readonly status: 'present' } | { readonly status: 'absent'; readonly proxyTo?: string };

/** A withdrawal concerns one item: `was` is the member's presence before it, which resumes after it. */
export type Presence = Seated | { readonly status: 'withdrawn'; readonly reason: WithdrawalReason; readonly was: Seated };

/** Presence by member id; a member never recorded is absent without a proxy. */
export type Roll = Readonly<Record<string, Presence>>;

export interface Representation {
  readonly memberId: string;
  readonly holderId: string;
}

export interface Withdrawal {
  readonly memberId: string;
  readonly reason: WithdrawalReason;
  /** Present in the room before withdrawing (rather than absent, their proxy then not exercised). */
  readonly wasPresent: boolean;
}

/** A suppléant sitting for an absent titulaire (CGCT L5211-6, L5212-7). */
export interface Substitution {
  readonly memberId: string;
  readonly titulaireId: string;
}

/** Who is where at the moment an item is voted, in the order of the members. */
export interface ItemAttendance {
  /** Members present who may vote: titulaires, and the suppléants sitting. */
  readonly present: readonly string[];
  /** Absent members whose proxy is in force: its holder is present. */
  readonly represented: readonly Representation[];
  /** Absent members not represented, including those whose proxy lapsed. */
  readonly absent: readonly string[];
  /** Proxies given to a holder who is away at this item: they lapse until the holder is back. */
  readonly lapsed: readonly Representation[];
  /** Members who withdrew from this item: they take no part in it, and their proxies are not exercised. */
  readonly withdrawn?: readonly Withdrawal[];
  /** The suppléants among `present`, and the titulaire each sits for (who is among `absent`). */
  readonly substitutes?: readonly Substitution[];
}

export const isSuppleant = (member: Member): boolean => member.role === 'suppleant';

/** The members in office: the titulaires (a suppléant holds no seat of their own). */
export const titulaires = (members: readonly Member[]): readonly Member[] => members.filter((m) => !isSuppleant(m));

/**
 * Each entry replaces the member's presence: an arrival therefore cancels the proxy the member gave.
 * Withdrawals apply only to the roll of the item they were recorded for (`forItem`); elsewhere they
 * are passed over, and the member's presence stays what it was.
 */
export function applyEntries(roll: Roll, entries: readonly AttendanceEntry[], forItem = false): Roll {
  const next: Record<string, Presence> = { ...roll };
  for (const entry of entries) {
    if (entry.status === 'withdrawn') {
      if (forItem) next[entry.memberId] = { status: 'withdrawn', reason: entry.reason!, was: seated(roll[entry.memberId]) };
      continue;
    }
    next[entry.memberId] =
      entry.status === 'present'
        ? { status: 'present' }
        : entry.proxyTo
          ? { status: 'absent', proxyTo: entry.proxyTo }
          : { status: 'absent' };
  }
  return next;
}

/** The presence a withdrawal leaves behind it: a member never recorded is absent. */
const seated = (presence: Presence | undefined): Seated =>
  presence === undefined ? { status: 'absent' } : presence.status === 'withdrawn' ? presence.was : presence;

/**
 * A proxy is in force only while its holder is present; a proxy never passes on to a third member
 * (no chains). A suppléant counts only while sitting, and is then present; one not sitting is not
 * listed, since they hold no seat of their own.
 */
export function attendanceOf(members: readonly Member[], roll: Roll): ItemAttendance {
  const present: string[] = [];
  const represented: Representation[] = [];
  const absent: string[] = [];
  const lapsed: Representation[] = [];
  const withdrawn: Withdrawal[] = [];
  const substitutes: Substitution[] = [];
  for (const member of members) {
    const { id } = member;
    const presence = roll[id];
    if (presence?.status === 'withdrawn')
      withdrawn.push({ memberId: id, reason: presence.reason, wasPresent: presence.was.status === 'present' });
    else if (presence?.status === 'present') {
      present.push(id);
      if (isSuppleant(member)) substitutes.push({ memberId: id, titulaireId: member.standsFor! });
    } else if (isSuppleant(member)) continue;
    else if (presence?.proxyTo && roll[presence.proxyTo]?.status === 'present')
      represented.push({ memberId: id, holderId: presence.proxyTo });
    else {
      absent.push(id);
      if (presence?.proxyTo) lapsed.push({ memberId: id, holderId: presence.proxyTo });
    }
  }
  return {
    present,
    represented,
    absent,
    lapsed,
    ...(withdrawn.length > 0 && { withdrawn }),
    ...(substitutes.length > 0 && { substitutes }),
  };
}

/** How members are named in messages and documents: "M. LE MOAL". */
export function displayName(members: readonly Member[], id: string): string {
  const member = members.find((m) => m.id === id);
  return member ? `${member.civility} ${member.name}` : id;
}

/** A French adjective agreed with the member's civility: "présent" or "présente". */
export function agreed(members: readonly Member[], id: string, word: string): string {
  return members.find((m) => m.id === id)?.civility === 'Mme' ? `${word}e` : word;
}

/** Refuses an entry naming someone who is not a member in office. */
export function checkMembers(members: readonly Member[], entries: readonly AttendanceEntry[]): Result<void> {
  const inOffice = new Set(members.map((m) => m.id));
  for (const [index, entry] of entries.entries()) {
    for (const [key, id] of [
      ['memberId', entry.memberId],
      ['proxyTo', entry.proxyTo],
    ] as const) {
      if (id !== undefined && !inOffice.has(id))
        return reject(
          'UNKNOWN_MEMBER',
          { fr: `« ${id} » n'est pas un membre en exercice de l'assemblée`, en: `"${id}" is not a member in office of the assembly` },
          { field: `payload.entries[${index}].${key}`, memberId: id },
        );
    }
  }
  return ok(undefined);
}

/**
 * Checks the proxies given by `entries` on the roll where they take effect: no self-proxy, a holder
 * who is present, and no holder above the rule set's limit (one proxy, two under the emergency laws).
 */
export function checkNewProxies(members: readonly Member[], roll: Roll, entries: readonly AttendanceEntry[], rules: RuleSet): Result<void> {
  const rule = rules.proxies.article;
  for (const [index, entry] of entries.entries()) {
    const holder = entry.proxyTo;
    if (holder === undefined) continue;
    const field = `payload.entries[${index}].proxyTo`;
    const giver = displayName(members, entry.memberId);
    const holderName = displayName(members, holder);
    if (holder === entry.memberId)
      return reject(
        'SELF_PROXY',
        { fr: `${giver} ne peut pas se donner pouvoir à soi-même`, en: `${giver} cannot give a proxy to themselves` },
        { rule, field, memberId: entry.memberId },
      );
    if (roll[holder]?.status === 'withdrawn')
      return reject(
        'PROXY_HOLDER_ABSENT',
        {
          fr: `${holderName} ne peut pas recevoir le pouvoir de ${giver} : ${agreed(members, holder, 'retiré')} de ce point, ${holderName} n'y vote pas ; donnez le pouvoir à partir du point suivant`,
          en: `${holderName} cannot hold the proxy of ${giver}: withdrawn from this item, they do not vote on it; give the proxy from the next item`,
        },
        { rule, field, memberId: holder },
      );
    if (roll[holder]?.status !== 'present')
      return reject(
        'PROXY_HOLDER_ABSENT',
        {
          fr: `${holderName} ne peut pas recevoir le pouvoir de ${giver} : ${agreed(members, holder, 'absent')} au moment où il prend effet`,
          en: `${holderName} cannot hold the proxy of ${giver}: not present when it takes effect`,
        },
        { rule, field, memberId: holder },
      );
  }
  return checkHolderLimit(members, roll, rules, entries);
}

/** No member holds more proxies than the rule set allows, on the given roll. */
export function checkHolderLimit(
  members: readonly Member[],
  roll: Roll,
  rules: RuleSet,
  entries: readonly AttendanceEntry[] = [],
): Result<void> {
  const held = new Map<string, number>();
  for (const recorded of Object.values(roll)) {
    const presence = seated(recorded);
    if (presence.status === 'absent' && presence.proxyTo) held.set(presence.proxyTo, (held.get(presence.proxyTo) ?? 0) + 1);
  }
  for (const [holder, count] of held) {
    if (count <= rules.proxies.maxPerHolder) continue;
    const index = entries.findLastIndex((e) => e.proxyTo === holder);
    const limit = rules.proxies.maxPerHolder;
    const holderName = displayName(members, holder);
    return reject(
      'PROXY_HOLDER_FULL',
      limit === 1
        ? { fr: `${holderName} détient déjà un pouvoir`, en: `${holderName} holds a proxy already` }
        : { fr: `${holderName} détient déjà ${limit} pouvoirs`, en: `${holderName} holds ${limit} proxies already` },
      { rule: rules.proxies.article, memberId: holder, ...(index >= 0 ? { field: `payload.entries[${index}].proxyTo` } : {}) },
    );
  }
  return ok(undefined);
}
