/**
 * Who is signed in: the bearer token, kept for the tab (sessionStorage: a reload keeps it, closing
 * the tab signs out), and what it says — subject, role, collectivités. The token is read, not
 * verified: the API verifies it at every request.
 */

export type Role = 'secretariat' | 'admin';

export interface SignedIn {
  readonly token: string;
  readonly sub: string;
  readonly role: Role;
  /** The SIRENs the token acts for, or every collectivité. */
  readonly scope: '*' | readonly string[];
}

const KEY = 'registre.token';

export function signedIn(): SignedIn | undefined {
  const token = sessionStorage.getItem(KEY);
  return token ? read(token) : undefined;
}

export function signIn(token: string): SignedIn | undefined {
  const who = read(token.trim());
  if (who) sessionStorage.setItem(KEY, who.token);
  return who;
}

export function signOut(): void {
  sessionStorage.removeItem(KEY);
}

function read(token: string): SignedIn | undefined {
  try {
    const payload = JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as Partial<SignedIn>;
    if ((payload.role !== 'secretariat' && payload.role !== 'admin') || typeof payload.sub !== 'string' || payload.scope === undefined)
      return undefined;
    return { token, sub: payload.sub, role: payload.role, scope: payload.scope };
  } catch {
    return undefined;
  }
}

export const ROLE_LABELS: Readonly<Record<Role, string>> = { secretariat: 'secrétariat', admin: 'administration' };
