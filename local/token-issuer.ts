/**
 * The local stack as its own token issuer: an RSA key pair, the public half published as a JWKS, and
 * access tokens shaped as Cognito's (see shared/runtime/access-tokens.ts), so the API verifies local
 * tokens exactly as it verifies the user pool's on AWS. Tokens expire.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  createLocalJWKSet,
  exportJWK,
  generateKeyPair,
  importJWK,
  SignJWT,
  type CryptoKey,
  type JSONWebKeySet,
  type JWK,
  type JWTVerifyGetKey,
} from 'jose';
import { GROUPS_CLAIM, groupsOf, TOKEN_ALGORITHM, type Principal, type Role } from '#runtime/access-tokens';

/** The app client of the local stack's tokens (Cognito's `client_id`). */
export const LOCAL_CLIENT_ID = 'registre-local';
/** An hour, as Cognito's access tokens by default. */
export const DEFAULT_TOKEN_SECONDS = 3600;
/**
 * A working day: the life of the tokens the local stack writes to stack.json and of the console's
 * sign-in on this machine (no refresh token locally: a séance must not lose its secretary at noon).
 */
export const LOCAL_SESSION_SECONDS = 8 * 3600;
/** The issuer's private key, in the stack's state folder (`.local/issuer-key.json`). */
export const ISSUER_KEY_FILE = 'issuer-key.json';

/** Who the local tokens of a role are: `local-<role>`, for every collectivité. */
export const localPrincipal = (role: Role): Principal => ({ role, scope: '*', sub: `local-${role}` });

export interface TokenIssuer {
  /** The `iss` of its tokens, and where its JWKS is published (`<issuer>/.well-known/jwks.json`). */
  readonly issuer: string;
  readonly clientId: string;
  /** The public keys, as the issuer publishes them. */
  readonly jwks: JSONWebKeySet;
  /** The public keys, for a verifier in the same process. */
  readonly keys: JWTVerifyGetKey;
  /** An access token for this principal, valid `seconds` from now (negative: already expired). */
  mint(principal: Principal, seconds?: number): Promise<string>;
  /**
   * A token whose claims are these over the usual ones (`cognito:groups`, `client_id`, …): what no
   * user pool would issue, for the tests of the refusals (no role group, another app client).
   */
  mintClaims(claims: Readonly<Record<string, unknown>>, seconds?: number): Promise<string>;
}

/** An issuer from a private JWK (with its `kid`). */
async function issuerOf(issuer: string, privateJwk: JWK): Promise<TokenIssuer> {
  const privateKey = (await importJWK(privateJwk, TOKEN_ALGORITHM)) as CryptoKey;
  const { d: _d, p: _p, q: _q, dp: _dp, dq: _dq, qi: _qi, ...publicJwk } = privateJwk;
  const jwks: JSONWebKeySet = { keys: [{ ...publicJwk, alg: TOKEN_ALGORITHM, use: 'sig' }] };
  return {
    issuer,
    clientId: LOCAL_CLIENT_ID,
    jwks,
    keys: createLocalJWKSet(jwks),
    mint: (principal, seconds = DEFAULT_TOKEN_SECONDS) => sign({ sub: principal.sub, [GROUPS_CLAIM]: groupsOf(principal) }, seconds),
    mintClaims: (claims, seconds = DEFAULT_TOKEN_SECONDS) => sign({ sub: 'test', ...claims }, seconds),
  };

  function sign(claims: Readonly<Record<string, unknown>>, seconds: number): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ token_use: 'access', client_id: LOCAL_CLIENT_ID, scope: 'openid', ...claims })
      .setProtectedHeader({ alg: TOKEN_ALGORITHM, kid: privateJwk.kid! })
      .setIssuer(issuer)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + seconds)
      .sign(privateKey);
  }
}

/** A fresh key pair, kept in memory: for tests, and for "another issuer". */
export async function ephemeralIssuer(issuer: string): Promise<TokenIssuer> {
  return issuerOf(issuer, await newPrivateJwk());
}

/**
 * The local stack's issuer: its key is generated on first start into `dir/issuer-key.json` (readable
 * by this user only) and kept, so tokens minted before a restart stay valid until they expire.
 */
export async function localIssuer(dir: string, issuer: string): Promise<TokenIssuer> {
  const file = join(dir, ISSUER_KEY_FILE);
  if (!existsSync(file)) writeFileSync(file, `${JSON.stringify(await newPrivateJwk(), null, 2)}\n`, { mode: 0o600 });
  return issuerOf(issuer, JSON.parse(readFileSync(file, 'utf8')) as JWK);
}

/**
 * The issuer of a local stack that has run on `dir`, from the key it keeps there, or undefined when it
 * never ran there: the command line and the tests mint with it and never make a key of their own.
 */
export async function existingLocalIssuer(dir: string, issuer: string): Promise<TokenIssuer | undefined> {
  const file = join(dir, ISSUER_KEY_FILE);
  return existsSync(file) ? issuerOf(issuer, JSON.parse(readFileSync(file, 'utf8')) as JWK) : undefined;
}

async function newPrivateJwk(): Promise<JWK> {
  const { privateKey } = await generateKeyPair(TOKEN_ALGORITHM, { extractable: true, modulusLength: 2048 });
  return { ...(await exportJWK(privateKey)), kid: randomUUID(), alg: TOKEN_ALGORITHM };
}
