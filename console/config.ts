/**
 * What the console reads from `/config.json`, beside its index.html, to know how to sign in: the
 * OAuth 2.0 endpoints of the hosted sign-in (Cognito's hosted domain on AWS, the local stack's own
 * issuer on this machine — both at Cognito's paths) and the app client it signs in as. The same
 * shape everywhere, so the console has one code path: the local console server answers it, the CDK
 * stack publishes it next to the built pages.
 *
 * The console registers `<its origin>/` as its only redirect (callback) and sign-out URI.
 */
import * as z from 'zod';

export const CONFIG_PATH = '/config.json';

export const ConsoleConfig = z.strictObject({
  signIn: z.strictObject({
    /** The authorization endpoint (authorization code + PKCE S256): `https://<domain>/oauth2/authorize`. */
    authorizeUrl: z.url(),
    /** The token endpoint, which the pages call (CORS): `https://<domain>/oauth2/token`. */
    tokenUrl: z.url(),
    /** Where signing out ends the hosted session, then comes back (`logout_uri`): `https://<domain>/logout`. */
    logoutUrl: z.url(),
    /** The app client (public: no secret), whose `client_id` the API's TOKEN_AUDIENCES holds. */
    clientId: z.string().min(1).max(128),
    /** The scopes asked for; `openid` by default. */
    scopes: z.array(z.string().regex(/^[\x21\x23-\x5b\x5d-\x7e]+$/, 'must be a scope name')).min(1),
  }),
});
export type ConsoleConfig = z.infer<typeof ConsoleConfig>;

/**
 * The configuration of a hosted sign-in domain with Cognito's paths: `signInConfig('https://registre.auth.eu-west-3.amazoncognito.com', clientId)`
 * on AWS, the local issuer's URL on this machine. Plain string building, so CDK tokens pass through.
 */
export function signInConfig(domainUrl: string, clientId: string, scopes: readonly string[] = ['openid']): ConsoleConfig {
  const base = domainUrl.replace(/\/$/, '');
  return {
    signIn: {
      authorizeUrl: `${base}/oauth2/authorize`,
      tokenUrl: `${base}/oauth2/token`,
      logoutUrl: `${base}/logout`,
      clientId,
      scopes: [...scopes],
    },
  };
}

/**
 * The origin of a URL (`https://registre.auth.eu-west-3.amazoncognito.com`), read from its text
 * without parsing it, so that an unresolved CDK token in the host passes through.
 */
export function originOf(url: string): string {
  const origin = /^https?:\/\/[^/?#]+/i.exec(url)?.[0];
  if (origin) return origin;
  // A URL that is one CDK token as a whole: the caller gives a base URL, which is its own origin.
  if (/^\$\{Token\[[^\]]+\]\}$/.test(url)) return url;
  throw new Error(`${url} is not an http(s) URL`);
}
