/**
 * Domain errors are values, not exceptions: every rule of the core that refuses an event returns one,
 * so the pipeline can record the rejection beside the event and the API can answer 422 with it.
 */

export type DomainErrorCode =
  | 'SESSION_NOT_OPENED'
  | 'SESSION_ALREADY_OPENED'
  | 'SESSION_CLOSED'
  | 'SESSION_MISMATCH'
  | 'RULE_SET_OUT_OF_PERIOD'
  | 'UNKNOWN_MEMBER'
  | 'UNKNOWN_ITEM'
  | 'ATTENDANCE_FOR_VOTED_ITEM'
  | 'SELF_PROXY'
  | 'PROXY_HOLDER_ABSENT'
  | 'PROXY_HOLDER_FULL'
  | 'ITEM_ALREADY_VOTED'
  | 'QUORUM_NOT_REACHED'
  | 'EMPTY_TALLY'
  | 'TALLY_EXCEEDS_VOTERS'
  | 'PRESIDING_MEMBER_ABSENT'
  | 'SECRET_BALLOT_NOMINATIVE'
  | 'BALLOT_FROM_ABSENT_MEMBER'
  | 'BALLOT_WITHOUT_PROXY'
  | 'BALLOT_DUPLICATE'
  | 'CASTING_VOTE_REQUIRED'
  | 'CASTING_VOTE_INCONSISTENT'
  | 'ITEM_NOT_VOTED'
  | 'ACT_ALREADY_SIGNED'
  | 'SIGNED_BEFORE_VOTE'
  | 'POSTER_NOT_IN_SCOPE'
  | 'OTHER_ASSEMBLY'
  | 'SESSION_TOO_LARGE'
  | 'INVALID_ACT_IDENTITY'
  | 'UNKNOWN_MATIERE'
  | 'UNKNOWN_ANNEX'
  | 'UNKNOWN_PIECE_TYPE'
  | 'ACT_NUMBER_TAKEN'
  | 'SUPPLEANT_NOT_ALLOWED'
  | 'SUPPLEANT_WITHOUT_TITULAIRE'
  | 'SUPPLEANT_PRESIDING'
  | 'SUPPLEANT_WITH_TITULAIRE'
  | 'SUPPLEANT_AND_PROXY'
  | 'SUPPLEANT_PROXY'
  | 'SUPPLEANTS_FOR_ONE_SEAT'
  | 'WITHDRAWAL_FOR_ACCOUNTS_ONLY'
  | 'BALLOT_FROM_WITHDRAWN_MEMBER'
  | 'ACCOUNTS_EXECUTIVE_VOTING'
  | 'ACCOUNTS_PRESIDENT_REQUIRED'
  | 'SECRET_BALLOT_DUE'
  | 'PUBLIC_BALLOT_DUE'
  | 'ELECTION_EXPECTED'
  | 'NOT_AN_ELECTION'
  | 'SECRET_BALLOT_REQUIRED'
  | 'CANDIDATE_NOT_IN_OFFICE'
  | 'UNKNOWN_CANDIDATE'
  | 'LIST_NOT_ALLOWED'
  | 'ROUND_COUNTS_INCONSISTENT'
  | 'ROUND_EXCEEDS_VOTERS'
  | 'ROUND_AFTER_ELECTION'
  | 'ABSOLUTE_MAJORITY_NOT_REACHED'
  | 'FOURTH_ROUND'
  | 'NO_VOTE_FOR_ANY_CANDIDATE'
  | 'BIRTH_DATE_REQUIRED'
  | 'ELDEST_UNDETERMINED'
  | 'REQUEST_EXCEEDS_PRESENT'
  | 'CANDIDATE_TWICE'
  | 'LIST_NOT_BALANCED';

export interface DomainError {
  readonly code: DomainErrorCode;
  /** The rule broken, e.g. "CGCT L3121-16"; absent for workflow errors (a vote before the opening). */
  readonly rule?: string;
  /** Path of the offending field in the event, e.g. "payload.entries[3].proxyTo". */
  readonly field?: string;
  readonly memberId?: string;
  readonly item?: string;
  readonly message: { readonly fr: string; readonly en: string };
}

export type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DomainError };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });

/** A séance whose projection would outgrow where it is stored: its texts are longer than any real one. */
export const sessionTooLarge = (sessionId: string) =>
  reject('SESSION_TOO_LARGE', {
    fr: `la séance ${sessionId} deviendrait trop volumineuse pour être enregistrée : raccourcissez ses textes`,
    en: `séance ${sessionId} would grow too large to be stored: shorten its texts`,
  });

/** Builds a rejection; the rule, when given, closes both messages as "(CGCT L3121-16)". */
export function reject(
  code: DomainErrorCode,
  message: { fr: string; en: string },
  context: { rule?: string; field?: string; memberId?: string; item?: string } = {},
): { ok: false; error: DomainError } {
  const suffix = context.rule ? ` (${context.rule})` : '';
  const error: DomainError = {
    code,
    ...context,
    message: { fr: `${message.fr}${suffix}`, en: `${message.en}${suffix}` },
  };
  return { ok: false, error };
}

/** Names the item a refusal concerns, unless the rule that refused already named one. */
export function withItem(error: DomainError, item: string | undefined): Result<never> {
  return { ok: false, error: item === undefined || error.item ? error : { ...error, item } };
}
