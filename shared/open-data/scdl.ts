/**
 * The open data of a collectivité's published acts in the SCDL « Délibérations » format, version
 * 2.1.5 (schema.data.gouv.fr, `deliberations-2.1.5.schema.json` beside this file): one CSV row per
 * act, as the data.gouv.fr catalogue and its validator (Validata) read them.
 */
import { stringify } from 'csv-stringify/sync';
import { matiereOf, scdlMatiereName } from '#actes/classification';
import type { PublishedAct } from '#ports/publications';

/** The columns of the SCDL « Délibérations » 2.1.5 table, in the schema's order. */
export const SCDL_COLUMNS = [
  'COLL_NOM',
  'COLL_SIRET',
  'DELIB_ID',
  'DELIB_DATE',
  'DELIB_MATIERE_CODE',
  'DELIB_MATIERE_NOM',
  'DELIB_OBJET',
  'BUDGET_ANNEE',
  'BUDGET_NOM',
  'PREF_ID',
  'PREF_DATE',
  'VOTE_EFFECTIF',
  'VOTE_REEL',
  'VOTE_POUR',
  'VOTE_CONTRE',
  'VOTE_ABSTENTION',
  'DELIB_URL',
] as const;

/** A column of the SCDL « Délibérations » table. */
export type ScdlColumn = (typeof SCDL_COLUMNS)[number];

/** One row of the table as the CSV writes it: every cell as text, an unknown value as "". */
export type ScdlRow = { readonly [C in ScdlColumn]: string };

const withoutTrailingSlash = (url: string) => url.replace(/\/+$/, '');

/**
 * The SCDL row of a published act (CGCT L2131-1: what is published is what the open data lists).
 *
 * - DELIB_ID is the NumeroInterne, the collectivité's own number for the act.
 * - DELIB_MATIERE_CODE and DELIB_MATIERE_NOM are the national levels 1 and 2 of the @CTES
 *   classification; both are empty for an act without a known classification, which the schema
 *   then refuses (they are required): every act sent to the préfecture has one.
 * - PREF_ID names the préfecture of the département ("PREF035", "PREF02A"); PREF_DATE is the day the
 *   préfecture received the act (ARActe DateReception), empty for an act not transmitted.
 * - VOTE_EFFECTIF is the members in office; VOTE_REEL those who took part in the vote, pour, contre
 *   and abstention (proxies included, members not taking part excluded), so that it is the sum the
 *   schema checks. An election has no such counts: the five vote columns are then all empty.
 * - DELIB_URL is the published PDF under `publicUrl`, the public site's address.
 */
export function scdlRow(act: PublishedAct, publicUrl: string): ScdlRow {
  const matiere = act.matiere === undefined ? undefined : matiereOf(act.matiere);
  const vote = act.vote;
  return {
    COLL_NOM: act.assembly.name,
    COLL_SIRET: act.assembly.siret ?? '',
    DELIB_ID: act.item,
    DELIB_DATE: act.decisionDate,
    DELIB_MATIERE_CODE: matiere?.code ?? '',
    DELIB_MATIERE_NOM: (matiere && scdlMatiereName(matiere.code)) ?? '',
    DELIB_OBJET: act.title,
    BUDGET_ANNEE: act.budget?.year ?? '',
    BUDGET_NOM: act.budget?.name ?? '',
    PREF_ID: `PREF${act.assembly.departement}`,
    PREF_DATE: act.receivedOn ?? '',
    VOTE_EFFECTIF: vote ? String(vote.inOffice) : '',
    VOTE_REEL: vote ? String(vote.pour + vote.contre + vote.abstention) : '',
    VOTE_POUR: vote ? String(vote.pour) : '',
    VOTE_CONTRE: vote ? String(vote.contre) : '',
    VOTE_ABSTENTION: vote ? String(vote.abstention) : '',
    DELIB_URL: `${withoutTrailingSlash(publicUrl)}/documents/${encodeURIComponent(act.siren)}/${encodeURIComponent(act.actesId)}.pdf`,
  };
}

const byDateThenId = (a: ScdlRow, b: ScdlRow) =>
  a.DELIB_DATE < b.DELIB_DATE ? -1 : a.DELIB_DATE > b.DELIB_DATE ? 1 : a.DELIB_ID < b.DELIB_ID ? -1 : a.DELIB_ID > b.DELIB_ID ? 1 : 0;

/**
 * The SCDL « Délibérations » CSV of published acts: the header, then one row per act by date of
 * decision and number. Written as the Table Schema's default CSV dialect reads it (comma, double
 * quotes doubled inside a quoted cell, CRLF line ends; RFC 4180), UTF-8 text without a byte-order
 * mark, an absent value as an empty cell.
 */
export function scdlCsv(acts: readonly PublishedAct[], publicUrl: string): string {
  const rows = acts.map((act) => scdlRow(act, publicUrl)).sort(byDateThenId);
  return stringify(rows, { header: true, columns: [...SCDL_COLUMNS], record_delimiter: 'windows' });
}
