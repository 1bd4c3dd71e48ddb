/**
 * The rules a séance is held under, as data: which CGCT articles apply to each kind of assembly, and
 * which temporary regime (the 2020–2022 health-emergency laws) was in force on the séance date.
 * A rule set is resolved once, when the séance opens, and stored with it, so a later change of this
 * catalogue never rewrites a past séance. The kinds and regimes are the contract's; each has its entry
 * here, which the type checker holds.
 */
import { REGIME_IDS, type AssemblyKind, type RegimeId } from '#events/vocabulary';

/** Whose presence makes the quorum: the members physically present, or present and represented. */
export type QuorumBasis = 'present' | 'present_or_represented';

/** "more_than_half" is floor(n/2)+1 of the members in office; "one_third" is ceil(n/3). */
export type QuorumThreshold = 'more_than_half' | 'one_third';

export interface RuleSet {
  /** `${kind}/${regime}`, e.g. "departement/ordinary". */
  readonly id: string;
  readonly kind: AssemblyKind;
  readonly regime: RegimeId;
  readonly label: string;
  readonly quorum: { readonly threshold: QuorumThreshold; readonly basis: QuorumBasis; readonly article: string };
  /** A reconvened meeting (after a failed quorum) deliberates whatever the number present. */
  readonly reconvened: { readonly article: string };
  readonly proxies: { readonly maxPerHolder: number; readonly article: string };
  readonly majority: { readonly article: string };
  /** The president's vote decides a tie, never in a secret ballot. */
  readonly castingVote: { readonly article: string };
  readonly secretBallot: { readonly article: string };
}

interface KindRules {
  readonly label: string;
  readonly quorum: string;
  readonly basis: QuorumBasis;
  readonly proxies: string;
  readonly majority: string;
  readonly castingVote: string;
  readonly secretBallot: string;
}

const KIND_RULES: Record<AssemblyKind, KindRules> = {
  commune: {
    label: 'Conseil municipal',
    quorum: 'CGCT L2121-17',
    basis: 'present',
    proxies: 'CGCT L2121-20',
    majority: 'CGCT L2121-20',
    castingVote: 'CGCT L2121-20',
    secretBallot: 'CGCT L2121-21',
  },
  epci: {
    label: 'Conseil communautaire (EPCI)',
    quorum: 'CGCT L2121-17 par L5211-1',
    basis: 'present',
    proxies: 'CGCT L2121-20 par L5211-1',
    majority: 'CGCT L2121-20 par L5211-1',
    castingVote: 'CGCT L2121-20 par L5211-1',
    secretBallot: 'CGCT L2121-21 par L5211-1',
  },
  departement: {
    label: 'Conseil départemental',
    quorum: 'CGCT L3121-14',
    basis: 'present',
    proxies: 'CGCT L3121-16',
    majority: 'CGCT L3121-14',
    castingVote: 'CGCT L3121-15',
    secretBallot: 'CGCT L3121-15',
  },
  region: {
    label: 'Conseil régional',
    quorum: 'CGCT L4132-13',
    basis: 'present',
    proxies: 'CGCT L4132-15',
    majority: 'CGCT L4132-13',
    castingVote: 'CGCT L4132-14',
    secretBallot: 'CGCT L4132-14',
  },
  // Commission permanente of a département (L3121-14-1) or a région (L4132-13-1): members present
  // or represented make the quorum.
  commission_permanente: {
    label: 'Commission permanente',
    quorum: 'CGCT L3121-14-1 / L4132-13-1',
    basis: 'present_or_represented',
    proxies: 'CGCT L3121-16 / L4132-15',
    majority: 'CGCT L3121-14 / L4132-13',
    castingVote: 'CGCT L3121-15 / L4132-14',
    secretBallot: 'CGCT L3121-15 / L4132-14',
  },
};

interface Regime {
  readonly label: string;
  /** Short reference cited in messages, e.g. "loi n° 2020-1379, art. 6". */
  readonly citation: string;
  /** Inclusive date ranges (YYYY-MM-DD) during which the regime applied by law. */
  readonly periods: ReadonlyArray<readonly [from: string, to: string]>;
  /** What the regime changes; absent fields keep the kind's ordinary rule. */
  readonly quorum?: { readonly threshold: QuorumThreshold; readonly basis: QuorumBasis };
  readonly maxProxiesPerHolder?: number;
}

/** The ordinary CGCT rules, and the health-emergency regimes of 2020–2022 (quorum ⅓, two proxies). */
const REGIMES: Record<RegimeId, Regime> = {
  ordinary: { label: 'Règles ordinaires du CGCT', citation: 'CGCT', periods: [] },
  'covid-2020-290': {
    citation: 'loi n° 2020-290, art. 10',
    label: 'Loi n° 2020-290 du 23 mars 2020, art. 10 (rédaction initiale)',
    periods: [['2020-03-24', '2020-07-10']],
    quorum: { threshold: 'one_third', basis: 'present_or_represented' },
    maxProxiesPerHolder: 2,
  },
  'covid-2020-760': {
    citation: 'loi n° 2020-290, art. 10, mod. par loi n° 2020-760',
    label: "Loi n° 2020-290, art. 10, modifié par la loi n° 2020-760 (et pendant l'état d'urgence sanitaire d'octobre 2020)",
    periods: [
      ['2020-07-11', '2020-08-30'],
      ['2020-10-17', '2020-11-14'],
    ],
    quorum: { threshold: 'one_third', basis: 'present' },
    maxProxiesPerHolder: 2,
  },
  'covid-2020-1379': {
    citation: 'loi n° 2020-1379, art. 6',
    label: 'Loi n° 2020-1379 du 14 novembre 2020, art. 6 (prorogée jusqu’au 30 septembre 2021)',
    periods: [['2020-11-15', '2021-09-30']],
    quorum: { threshold: 'one_third', basis: 'present' },
    maxProxiesPerHolder: 2,
  },
  'covid-2021-1465': {
    citation: 'loi n° 2021-1465',
    label: 'Loi n° 2021-1465 du 10 novembre 2021 (vigilance sanitaire)',
    periods: [['2021-11-11', '2022-07-31']],
    quorum: { threshold: 'one_third', basis: 'present' },
    maxProxiesPerHolder: 2,
  },
};

/** The health-emergency laws applied, in one territory or another, between these dates (inclusive). */
export const EMERGENCY_WINDOW = { from: '2020-03-24', to: '2022-07-31' } as const;

/**
 * Whether a regime may be named explicitly for a séance on `date`: the ordinary rules always; an
 * emergency regime only inside the emergency window (its dates varied overseas, hence not its own periods).
 */
export function regimeAllowedOn(regime: RegimeId, date: string): boolean {
  return regime === 'ordinary' || (EMERGENCY_WINDOW.from <= date && date <= EMERGENCY_WINDOW.to);
}

/** The regime in force on a séance date (YYYY-MM-DD): an emergency regime inside its periods, else ordinary. */
export function regimeOn(date: string): RegimeId {
  return REGIME_IDS.find((id) => REGIMES[id].periods.some(([from, to]) => from <= date && date <= to)) ?? 'ordinary';
}

/**
 * The rule set for a séance: chosen by assembly kind and séance date, unless the secretariat names a
 * regime explicitly (a séance held under the ordinary rules inside an emergency period, or the reverse).
 */
export function resolveRuleSet(kind: AssemblyKind, date: string, override?: RegimeId): RuleSet {
  const rules = KIND_RULES[kind];
  const regimeId = override ?? regimeOn(date);
  const regime = REGIMES[regimeId];
  const emergency = regimeId === 'ordinary' ? undefined : regime.citation;
  return {
    id: `${kind}/${regimeId}`,
    kind,
    regime: regimeId,
    label: `${rules.label} — ${regime.label}`,
    quorum: {
      threshold: regime.quorum?.threshold ?? 'more_than_half',
      basis: regime.quorum?.basis ?? rules.basis,
      article: emergency && regime.quorum ? emergency : rules.quorum,
    },
    reconvened: { article: emergency ?? rules.quorum },
    proxies: {
      maxPerHolder: regime.maxProxiesPerHolder ?? 1,
      article: emergency && regime.maxProxiesPerHolder ? emergency : rules.proxies,
    },
    majority: { article: rules.majority },
    castingVote: { article: rules.castingVote },
    secretBallot: { article: rules.secretBallot },
  };
}
