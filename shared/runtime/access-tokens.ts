/**
 * Access tokens of the API: JWTs signed by an OpenID Connect issuer with an asymmetric key, checked
 * against the issuer's published keys (JWKS). On AWS the issuer is the Cognito user pool; locally, the
 * stack is its own issuer with the same claims. Either way a token is Cognito's access token:
 *
 * - `token_use: "access"`, `client_id` (the app client the token was issued to), `exp`;
 * - `cognito:groups`: one role group (`secretariat` or `admin`) and the collectivités the bearer acts
 *   for, one group `siren-<SIREN>` each, or `siren-*` for all of them.
 *
 * Groups, not custom attributes: Cognito puts groups in access tokens without a token-generation
 * trigger, so the API checks the token the console actually sends.
 */
import { errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import * as z from 'zod';

export const ROLES = ['secretariat', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const Principal = z.object({
  role: z.enum(ROLES),
  /** SIRENs of the assemblies the bearer acts for, or "*" for every assembly. */
  scope: z.union([z.literal('*'), z.array(z.string().regex(/^\d{9}$/)).min(1)]),
  sub: z.string().min(1),
});
export type Principal = z.infer<typeof Principal>;

/** The claim holding the groups, as Cognito names it. */
export const GROUPS_CLAIM = 'cognito:groups';
/** Prefix of the groups naming a collectivité; `siren-*` stands for all of them. */
export const SCOPE_GROUP_PREFIX = 'siren-';
/** The algorithm of Cognito's keys, which the local issuer uses too. */
export const TOKEN_ALGORITHM = 'RS256';

/** The groups giving a principal its role and scope: what an administrator assigns in the user pool. */
export function groupsOf(principal: Pick<Principal, 'role' | 'scope'>): string[] {
  const scope = principal.scope === '*' ? ['*'] : principal.scope;
  return [principal.role, ...scope.map((siren) => `${SCOPE_GROUP_PREFIX}${siren}`)];
}

/**
 * The principal of verified claims, or why there is none. With both role groups, the bearer is an
 * administrator; a scope group `siren-*` makes the scope every collectivité.
 */
export function principalOf(claims: JWTPayload): Principal | string {
  const groups = z.array(z.string()).safeParse(claims[GROUPS_CLAIM] ?? []);
  if (!groups.success) return `the claim ${GROUPS_CLAIM} must be a list of group names`;
  const role = ROLES.findLast((r) => groups.data.includes(r));
  if (!role) return `the token carries no role: its user belongs to neither group ${ROLES.join(' nor ')}`;
  const sirens = groups.data.filter((g) => g.startsWith(SCOPE_GROUP_PREFIX)).map((g) => g.slice(SCOPE_GROUP_PREFIX.length));
  if (sirens.length === 0) return `the token acts for no collectivité: its user belongs to no group ${SCOPE_GROUP_PREFIX}<SIREN>`;
  const principal = Principal.safeParse({ role, scope: sirens.includes('*') ? '*' : sirens, sub: claims.sub });
  if (!principal.success) return `the groups ${SCOPE_GROUP_PREFIX}… must each name a SIREN of nine digits, or * for all`;
  return principal.data;
}

export interface TokenVerifierOptions {
  /** The issuer (`iss`): the user pool's URL on AWS, the local stack's issuer URL locally. */
  readonly issuer: string;
  /** App clients whose tokens are accepted (`client_id`, or `aud` for an ID token's issuer). */
  readonly audiences: readonly string[];
  /** The issuer's keys: `remoteKeys(issuer)` in a function, a local key set in tests. */
  readonly keys: JWTVerifyGetKey;
}

/** A bearer's principal, or the reason its token is refused (answered 401). */
export type Verification = { readonly principal: Principal } | { readonly refused: string };

/** Checks tokens as API Gateway's JWT authorizer does — signature, issuer, expiry, audience — then reads the groups. */
export function tokenVerifier(options: TokenVerifierOptions): (token: string) => Promise<Verification> {
  return async (token) => {
    let claims: JWTPayload;
    try {
      ({ payload: claims } = await jwtVerify(token, options.keys, {
        issuer: options.issuer,
        algorithms: [TOKEN_ALGORITHM],
        requiredClaims: ['exp', 'sub'],
      }));
    } catch (error) {
      return { refused: refusalOf(error) };
    }
    if (claims.token_use !== 'access') return { refused: 'the token is not an access token (token_use must be "access")' };
    const audiences = [claims.client_id, ...(Array.isArray(claims.aud) ? claims.aud : [claims.aud])];
    if (!audiences.some((audience) => typeof audience === 'string' && options.audiences.includes(audience)))
      return { refused: 'the token was issued to another application (client_id)' };
    const principal = principalOf(claims);
    return typeof principal === 'string' ? { refused: principal } : { principal };
  };
}

function refusalOf(error: unknown): string {
  if (error instanceof errors.JWTExpired) return 'the token has expired: sign in again';
  if (error instanceof errors.JWTClaimValidationFailed && error.claim === 'iss') return 'the token comes from another issuer';
  if (error instanceof errors.JWKSNoMatchingKey || error instanceof errors.JWSSignatureVerificationFailed)
    return 'the token is not signed by the issuer';
  return 'the token is not valid';
}

/** Where an OpenID Connect issuer (Cognito included) publishes its keys. */
export const jwksUrlOf = (issuer: string) => new URL(`${issuer.replace(/\/$/, '')}/.well-known/jwks.json`);

/** Whether a bearer (or the poster of a logged event) acts for the collectivité of this SIREN. */
export function inScope(principal: { readonly scope: '*' | readonly string[] }, siren: string): boolean {
  return principal.scope === '*' || principal.scope.includes(siren);
}
