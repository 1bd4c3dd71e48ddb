/**
 * Bearer tokens of the API: signed JWTs (HS256) carrying a role and the assemblies (SIRENs) the bearer
 * acts for. The local stack issues them on first start; a deployment issues them with its own secret.
 */
import { jwtVerify, SignJWT } from 'jose';
import { z } from 'zod';

export const ROLES = ['secretariat', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const Principal = z.object({
  role: z.enum(ROLES),
  /** SIRENs of the assemblies the bearer acts for, or "*" for every assembly. */
  scope: z.union([z.literal('*'), z.array(z.string().regex(/^\d{9}$/)).min(1)]),
  sub: z.string().min(1),
});
export type Principal = z.infer<typeof Principal>;

const ISSUER = 'registre';

const key = (secret: string) => new TextEncoder().encode(secret);

export async function issueToken(secret: string, principal: Principal): Promise<string> {
  return new SignJWT({ role: principal.role, scope: principal.scope })
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setSubject(principal.sub)
    .setIssuedAt()
    .sign(key(secret));
}

/**
 * The principal of a valid token, or undefined for a token that is malformed or forged — or expired,
 * when it carries an expiry (`exp`). The local stack's tokens carry none: they live as long as the
 * secret that signed them (delete .local/secrets.json to revoke them all).
 */
export async function verifyToken(secret: string, token: string): Promise<Principal | undefined> {
  try {
    const { payload } = await jwtVerify(token, key(secret), { issuer: ISSUER, algorithms: ['HS256'] });
    const principal = Principal.safeParse(payload);
    return principal.success ? principal.data : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a bearer (or the poster of a logged event) acts for the collectivité of this SIREN. */
export function inScope(principal: { readonly scope: '*' | readonly string[] }, siren: string): boolean {
  return principal.scope === '*' || principal.scope.includes(siren);
}
