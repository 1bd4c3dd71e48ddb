/**
 * Who sits and what is on the agenda, as a séance's opening declares them (contract version 2): the
 * assembly and its house style of wording, the members (titulaires and suppléants), and the agenda's
 * items with what their vote is (a délibération, the compte administratif, an election) and the
 * majority a text may require. Version 3 adds what publishing the acts needs (CGCT L2131-1) and the
 * open data (SCDL) asks: the SIRET, whether acts publish themselves once acknowledged, an item's budget.
 */
import * as z from 'zod';
import { ItemNumber, MemberId, ShortText, Siren, Siret, Text, unique } from './contract-fields.ts';
import { ELECTED_OFFICES } from './election.ts';
import { ASSEMBLY_KINDS, DEPARTEMENT_PATTERN, NATURE_ABBREVIATIONS } from './vocabulary.ts';

/**
 * How the assembly's acts word an outcome (its house style). With abstentions and no vote against,
 * some acts say "à l'unanimité des suffrages exprimés" (the default), others "à la majorité"; some
 * follow "à la majorité" with the votes ("avec 32 voix pour et 7 abstentions"), and some name who
 * voted against or abstained when the ballots are named.
 */
export const Wording = z.strictObject({
  withAbstentions: z.enum(['unanimite_des_suffrages_exprimes', 'majorite']).optional(),
  counts: z.boolean().optional(),
  names: z.boolean().optional(),
});

export const Assembly = z
  .strictObject({
    siren: Siren,
    /** The SIRET of its seat, which the open data names it by; it begins with the SIREN. */
    siret: Siret.optional(),
    /**
     * Whether an act is published as soon as the préfecture acknowledges it (`automatic`), or when the
     * secretariat publishes it (`manual`, the default).
     */
    publication: z.enum(['automatic', 'manual']).optional(),
    name: ShortText,
    body: ShortText,
    kind: z.enum(ASSEMBLY_KINDS),
    departement: z.string().regex(DEPARTEMENT_PATTERN, 'must be the 3-character @CTES département code, e.g. "035", "02A", "974"'),
    arrondissement: z.string().regex(/^\d$/, 'must be one digit').optional(),
    wording: Wording.optional(),
  })
  .superRefine((assembly, ctx) => {
    if (assembly.siret !== undefined && !assembly.siret.startsWith(assembly.siren))
      ctx.addIssue({ code: 'custom', path: ['siret'], message: `must begin with the SIREN ${assembly.siren}` });
  });

/**
 * A member of the assembly. A `suppleant` (EPCI, syndicats: CGCT L5211-6, L5212-7) is not a member in
 * office: they sit, with voix délibérative, only while the titulaire they stand for is absent.
 */
export const Member = z
  .strictObject({
    id: MemberId,
    civility: z.enum(['M.', 'Mme']),
    name: ShortText,
    role: z.enum(['titulaire', 'suppleant']).optional(),
    /** The titulaire a suppléant stands for. */
    standsFor: MemberId.optional(),
  })
  .superRefine((member, ctx) => {
    const suppleant = member.role === 'suppleant';
    if (suppleant && member.standsFor === undefined)
      ctx.addIssue({ code: 'custom', path: ['standsFor'], message: 'a suppléant must name the titulaire they stand for' });
    if (!suppleant && member.standsFor !== undefined)
      ctx.addIssue({ code: 'custom', path: ['standsFor'], message: 'only a suppléant (role "suppleant") stands for a titulaire' });
  });

/**
 * A majority beyond the simple majority of suffrages exprimés, as a text requires it — two thirds of
 * the suffrages exprimés for the intérêt communautaire (L5214-16 IV, L5216-5 III), say. `article`
 * is the text the act cites.
 */
export const RequiredMajority = z.strictObject({
  share: z.enum(['absolute', 'three_fifths', 'two_thirds', 'three_quarters']),
  of: z.enum(['suffrages_exprimes', 'members_in_office']),
  article: ShortText,
});

/** Most délibérations go with annexes; S²LOW and Pastell accept up to a few dozen a transmission. */
export const MAX_ANNEXES = 50;

/**
 * A document annexed to a délibération (a budget, a convention, a plan): the file uploaded first
 * (`POST /assemblies/{siren}/annexes`, named by its SHA-256), its @CTES type (TypePJ, e.g. "22_AN")
 * and its title. @CTES numbers it after the act itself: the first annex is document 2.
 */
export const Annex = z.strictObject({
  file: z.string().regex(/^[0-9a-f]{64}$/, 'must be the SHA-256 of an uploaded file: 64 lowercase hexadecimal digits'),
  type: z.string().regex(/^\d{2}_[A-Z]{2}$/, 'must be an @CTES piece type (TypePJ) such as "22_AN": two digits, "_", two capitals'),
  title: ShortText,
});

export const AgendaItem = z
  .strictObject({
    number: ItemNumber,
    /** Printed form of the number, e.g. "AD 2025 0043". */
    label: Text.max(50, 'must be at most 50 characters').optional(),
    title: Text.max(499, 'must be at most 499 characters (@CTES Objet, as S²LOW accepts it)').regex(
      /^[^\r\n]*$/,
      'must hold on one line (@CTES Objet)',
    ),
    /** Member id of the rapporteur. */
    rapporteur: MemberId.optional(),
    commission: ShortText.optional(),
    policy: ShortText.optional(),
    nature: z.enum(NATURE_ABBREVIATIONS),
    /** @CTES classification, levels 1 and 2 at least, e.g. "7.1". */
    matiere: z
      .string()
      .regex(/^[1-9](\.\d{1,2}){1,4}$/, 'must be an @CTES classification code such as "7.1"')
      .optional(),
    visas: z.array(Text).optional(),
    expose: Text.optional(),
    decision: Text.optional(),
    /** What the vote on the item is: a délibération (the default), the compte administratif, an election. */
    kind: z.enum(['deliberation', 'compte_administratif', 'election']).optional(),
    /** The office an election fills. */
    office: z.enum(ELECTED_OFFICES).optional(),
    majority: RequiredMajority.optional(),
    /**
     * For the compte administratif, the member whose accounts they are (the ordonnateur of the
     * exercise, "même s'il n'est plus en fonction", L2121-14): the séance's president when absent,
     * `null` when that person no longer sits.
     */
    accountable: MemberId.nullable().optional(),
    /** The budget the act concerns, as the open data names it (SCDL BUDGET_ANNEE, BUDGET_NOM). */
    budget: z
      .strictObject({
        year: z.string().regex(/^\d{4}(\/\d{4})?$/, 'must be a year, or an interval of years, e.g. "2025" or "2024/2025"'),
        name: ShortText,
      })
      .optional(),
    /** The annexes transmitted with the act, in their order (version 4). */
    annexes: z
      .array(Annex)
      .max(MAX_ANNEXES, `must list at most ${MAX_ANNEXES} annexes`)
      .superRefine(unique((a) => a.file, 'file'))
      .optional(),
  })
  .superRefine((item, ctx) => {
    if (item.accountable !== undefined && item.kind !== 'compte_administratif')
      ctx.addIssue({
        code: 'custom',
        path: ['accountable'],
        message: 'only the compte administratif (kind "compte_administratif") has an accountable member',
      });
    const election = item.kind === 'election';
    if (election && item.office === undefined)
      ctx.addIssue({ code: 'custom', path: ['office'], message: 'an election must name the office it fills' });
    if (!election && item.office !== undefined)
      ctx.addIssue({ code: 'custom', path: ['office'], message: 'only an election (kind "election") fills an office' });
    if (election && item.majority !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['majority'],
        message: 'an election follows the majorities of its rounds, not a required majority',
      });
  });

export type Assembly = z.infer<typeof Assembly>;
export type Member = z.infer<typeof Member>;
export type AgendaItem = z.infer<typeof AgendaItem>;
export type Annex = z.infer<typeof Annex>;
export type RequiredMajority = z.infer<typeof RequiredMajority>;
export type Wording = z.infer<typeof Wording>;
