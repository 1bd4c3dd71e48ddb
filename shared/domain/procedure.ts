/**
 * The rules of procedure added with contract version 2, by kind of assembly: suppléants, members who
 * withdraw, the compte administratif, requests for a public or a secret ballot, and elections. They
 * are not stored with the séance's rule set: only events of version 2 use them, and what they decided
 * is recorded in the vote's fact (its roll, quorum and outcome), so a rebuilt séance keeps it.
 */
import type { ElectedOffice } from '#events/election';
import type { AssemblyKind } from '#events/vocabulary';

export interface Procedure {
  /** Where the kind has suppléants, the articles that seat them; none elsewhere. */
  readonly suppleants?: string;
  /** A member interested in an item takes no part in it, in their own name or as a proxy holder. */
  readonly interest: string;
  /**
   * Representatives in the body an item concerns who withdraw are not counted among the members in
   * office for its quorum: communes and EPCI only (L2131-11 since loi n° 2022-217), not départements
   * and régions (Rép. min. n° 01392, JO Sénat 3 avril 2025).
   */
  readonly representatives: { readonly outOfOffice: boolean; readonly article: string };
  /** The executive withdraws for the vote of its compte administratif, and the assembly elects who presides. */
  readonly accounts: string;
  /** Members present who may ask for a public ballot, and for a secret one (none: no such request). */
  readonly requests: { readonly publicShare: number; readonly secretShare?: number; readonly article: string };
  readonly elections: Elections;
}

export interface Elections {
  /** The article of nominations by secret ballot, which the assembly may waive unanimously. */
  readonly nominations: string;
  /** Offices a text elects by secret ballot expressly: the assembly cannot waive it. */
  readonly secretByLaw: Partial<Record<ElectedOffice, string>>;
  /** Absolute majority at the first two rounds, relative at the third, the eldest on a tie. */
  readonly rounds: Partial<Record<ElectedOffice, string>> & { readonly default: string };
  /** Offices whose absolute majority counts the members in office, not the suffrages exprimés. */
  readonly ofMembers: Partial<Record<ElectedOffice, string>>;
  /** Offices whose election needs two thirds of the members present (the quorum of the installation). */
  readonly twoThirdsPresent: Partial<Record<ElectedOffice, string>>;
  /** Offices elected by list, and the article. */
  readonly byList: Partial<Record<ElectedOffice, string>>;
}

const COMMUNE: Procedure = {
  interest: 'CGCT L2131-11',
  representatives: { outOfOffice: true, article: 'CGCT L2131-11, L1111-6' },
  accounts: 'CGCT L2121-14, L1612-12',
  requests: { publicShare: 1 / 4, secretShare: 1 / 3, article: 'CGCT L2121-21' },
  elections: {
    nominations: 'CGCT L2121-21',
    secretByLaw: { maire: 'CGCT L2122-7', adjoint: 'CGCT L2122-7-1, L2122-7-2' },
    rounds: { maire: 'CGCT L2122-7', adjoint: 'CGCT L2122-7-1, L2122-7-2', default: 'CGCT L2121-21' },
    ofMembers: {},
    twoThirdsPresent: {},
    byList: { adjoint: 'CGCT L2122-7-2' },
  },
};

const EPCI: Procedure = {
  ...COMMUNE,
  suppleants: 'CGCT L5211-6, L5212-7',
  representatives: { outOfOffice: true, article: 'CGCT L2131-11 par L5211-3, L1111-6' },
  accounts: 'CGCT L2121-14 par L5211-1, L1612-12',
  requests: { ...COMMUNE.requests, article: 'CGCT L2121-21 par L5211-1' },
  elections: {
    nominations: 'CGCT L2121-21 par L5211-1',
    secretByLaw: { president: 'CGCT L2122-7 par L5211-2', vice_president: 'CGCT L2122-7 par L5211-2' },
    rounds: {
      president: 'CGCT L2122-7 par L5211-2',
      vice_president: 'CGCT L2122-7 par L5211-2',
      default: 'CGCT L2121-21 par L5211-1',
    },
    ofMembers: {},
    twoThirdsPresent: {},
    byList: {},
  },
};

const departementElections = (rounds: string): Elections => ({
  nominations: 'CGCT L3121-15',
  secretByLaw: {},
  rounds: { president: rounds, default: 'CGCT L3121-15' },
  ofMembers: { president: rounds },
  twoThirdsPresent: { president: rounds },
  byList: {},
});

const DEPARTEMENT: Procedure = {
  interest: 'loi n° 2013-907, art. 2 ; CGCT L1111-6',
  representatives: { outOfOffice: false, article: 'CGCT L3121-14 ; Rép. min. Sénat n° 01392 (2025)' },
  accounts: 'CGCT L3312-5',
  requests: { publicShare: 1 / 6, article: 'CGCT L3121-15' },
  elections: departementElections('CGCT L3122-1'),
};

const REGION: Procedure = {
  ...DEPARTEMENT,
  representatives: { outOfOffice: false, article: 'CGCT L4132-13 ; Rép. min. Sénat n° 01392 (2025)' },
  accounts: 'CGCT L4312-8',
  requests: { publicShare: 1 / 6, article: 'CGCT L4132-14' },
  elections: {
    ...departementElections('CGCT L4133-1'),
    nominations: 'CGCT L4132-14',
    rounds: { president: 'CGCT L4133-1', default: 'CGCT L4132-14' },
  },
};

const PROCEDURES: Record<AssemblyKind, Procedure> = {
  commune: COMMUNE,
  epci: EPCI,
  departement: DEPARTEMENT,
  region: REGION,
  commission_permanente: { ...DEPARTEMENT, elections: { ...DEPARTEMENT.elections, ofMembers: {}, twoThirdsPresent: {} } },
};

export const procedureOf = (kind: AssemblyKind): Procedure => PROCEDURES[kind];
