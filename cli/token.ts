/**
 * `registre token`: an access token of the local stack's issuer, for a role and collectivités,
 * minted with the issuer's key kept in the stack's state folder (`.local/issuer-key.json`) — what
 * Cognito gives a user of those groups on AWS. And the local stack's own tokens, minted afresh
 * when those of `stack.json` have expired.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isValidSiren } from '#events/vocabulary';
import { DEFAULT_TOKEN_SECONDS, existingLocalIssuer, LOCAL_SESSION_SECONDS, localPrincipal } from '#local/token-issuer';
import type { Principal, Role } from '#runtime/access-tokens';
import { CliError } from './api-client.ts';

/** What the CLI reads of `stack.json`. */
export interface StackFile {
  readonly apiUrl: string;
  readonly issuerUrl?: string;
  readonly tokens?: Readonly<Partial<Record<Role, string>>>;
  /** The préfecture simulator, which the demo writes letters from. */
  readonly prefecture?: { readonly url: string };
}

export function readStackFile(dir: string): StackFile | undefined {
  const file = join(dir, 'stack.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as StackFile) : undefined;
}

/** The longest life `--expires` gives a token: a day, Cognito's longest for an access token. */
const MAX_SECONDS = 86_400;
const UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86_400 };
const ROLE_WORDS: Readonly<Record<string, Role>> = {
  secretariat: 'secretariat',
  secrétariat: 'secretariat',
  admin: 'admin',
  administration: 'admin',
};

export interface TokenRequest {
  readonly dir: string;
  readonly role: string | undefined;
  readonly sirens: readonly string[] | undefined;
  readonly expires: string | undefined;
}

/** Reads the request, then mints; each mistake is one line naming the flag. */
export async function mintToken(request: TokenRequest): Promise<{ token: string; expiresAt: string; principal: Principal }> {
  if (request.role === undefined) throw new CliError('token demande un rôle : --role secretariat ou --role admin');
  const role = ROLE_WORDS[request.role];
  if (role === undefined) throw new CliError(`--role vaut secretariat ou admin, pas "${request.role}"`);
  const principal: Principal = { role, scope: scopeOf(request.sirens), sub: `local-${role}` };
  const seconds = secondsOf(request.expires);
  const issuer = await localIssuerOf(request.dir);
  return { token: await issuer.mint(principal, seconds), expiresAt: new Date(Date.now() + seconds * 1000).toISOString(), principal };
}

/** A fresh token of the local stack for a role, for every collectivité (those of stack.json have expired), or undefined without its key. */
export async function freshLocalToken(dir: string, stack: StackFile, role: Role): Promise<string | undefined> {
  if (stack.issuerUrl === undefined) return undefined;
  const issuer = await existingLocalIssuer(dir, stack.issuerUrl);
  return issuer?.mint(localPrincipal(role), LOCAL_SESSION_SECONDS);
}

/** Seconds before a token expires (its `exp`, read, not verified); 0 when it cannot be read. */
export function secondsLeft(token: string): number {
  try {
    const { exp } = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
    return typeof exp === 'number' ? exp - Date.now() / 1000 : 0;
  } catch {
    return 0;
  }
}

function scopeOf(sirens: readonly string[] | undefined): Principal['scope'] {
  if (sirens === undefined || sirens.length === 0)
    throw new CliError("token demande ses collectivités : --siren SIREN (autant de fois qu'il faut), ou --siren '*' pour toutes");
  if (sirens.includes('*')) {
    if (sirens.length > 1) throw new CliError("--siren '*' vaut toutes les collectivités : ne le mêlez pas à des SIREN");
    return '*';
  }
  const wrong = sirens.find((siren) => !isValidSiren(siren));
  if (wrong !== undefined) throw new CliError(`--siren attend un SIREN (9 chiffres, clé de contrôle valide) ou '*', pas "${wrong}"`);
  return [...new Set(sirens)];
}

function secondsOf(expires: string | undefined): number {
  if (expires === undefined) return DEFAULT_TOKEN_SECONDS;
  const match = /^(\d{1,6})([smhd])$/.exec(expires);
  const seconds = match ? Number(match[1]) * UNITS[match[2]!]! : 0;
  if (seconds <= 0 || seconds > MAX_SECONDS)
    throw new CliError(`--expires attend une durée comme 30m, 1h, 8h ou 1d (au plus un jour), pas "${expires}"`);
  return seconds;
}

async function localIssuerOf(dir: string) {
  const stack = readStackFile(dir);
  if (stack === undefined)
    throw new CliError(`aucun stack local dans ${dir} : lancez "npm start" une fois (ou donnez --dir, son dossier d'état)`);
  if (stack.issuerUrl === undefined)
    throw new CliError(`${join(dir, 'stack.json')} vient d'une version sans émetteur de jetons : relancez "npm start"`);
  const issuer = await existingLocalIssuer(dir, stack.issuerUrl);
  if (issuer === undefined) throw new CliError(`la clé de l'émetteur local manque dans ${dir} : relancez "npm start"`);
  return issuer;
}
