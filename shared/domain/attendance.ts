/**
 * Attendance per item. The roll is the fold of the AttendanceRecorded entries that apply to an item;
 * from it follow who is present, who is represented (and by whom) and who is absent when the item
 * is voted. The proxy rules of CGCT L2121-20 / L3121-16 / L4132-15 live here.
 */
import type { AttendanceEntry, Member } from '#events/session-events';
import { ok, reject, type Result } from './errors.ts';
import type { RuleSet } from './rule-sets.ts';

export type Presence = { readonly status: 'present' } | { readonly status: 'absent'; readonly proxyTo?: string };

/** Presence by member id; a member never recorded is absent without a proxy. */
export type Roll = Readonly<Record<string, Presence>>;

export interface Representation {
  readonly memberId: string;
  readonly holderId: string;
}

/** Who is where at the moment an item is voted, in the order of the members in office. */
export interface ItemAttendance {
  readonly present: readonly string[];
  /** Absent members whose proxy is in force: its holder is present. */
  readonly represented: readonly Representation[];
  /** Absent members not represented, including those whose proxy lapsed. */
  readonly absent: readonly string[];
  /** Proxies given to a holder who is away at this item: they lapse until the holder is back. */
  readonly lapsed: readonly Representation[];
}

/** Each entry replaces the member's presence: an arrival therefore cancels the proxy the member gave. */
export function applyEntries(roll: Roll, entries: readonly AttendanceEntry[]): Roll {
  const next: Record<string, Presence> = { ...roll };
  for (const entry of entries)
    next[entry.memberId] =
      entry.status === 'present'
        ? { status: 'present' }
        : entry.proxyTo
          ? { status: 'absent', proxyTo: entry.proxyTo }
          : { status: 'absent' };
  return next;
}

/** A proxy is in force only while its holder is present; a proxy never passes on to a third member (no chains). */
export function attendanceOf(members: readonly Member[], roll: Roll): ItemAttendance {
  const present: string[] = [];
  const represented: Representation[] = [];
  const absent: string[] = [];
  const lapsed: Representation[] = [];
  for (const { id } of members) {
    const presence = roll[id];
    if (presence?.status === 'present') present.push(id);
    else if (presence?.proxyTo && roll[presence.proxyTo]?.status === 'present')
      represented.push({ memberId: id, holderId: presence.proxyTo });
    else {
      absent.push(id);
      if (presence?.proxyTo) lapsed.push({ memberId: id, holderId: presence.proxyTo });
    }
  }
  return { present, represented, absent, lapsed };
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
  for (const presence of Object.values(roll))
    if (presence.status === 'absent' && presence.proxyTo) held.set(presence.proxyTo, (held.get(presence.proxyTo) ?? 0) + 1);
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
