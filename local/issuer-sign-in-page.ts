/**
 * The pages of the local issuer (local/issuer-server.ts), in French and in the DSFR's classes: the
 * sign-in form, where the local user chooses the role and the collectivités of the token, and the
 * page that says why a request is refused. What the form chooses is checked here too, field by field,
 * so that a wrong choice comes back on the form with its message.
 */
import type { ServerResponse } from 'node:http';
import { isValidSiren } from '#events/vocabulary';
import { ROLES, type Principal, type Role } from '#runtime/access-tokens';
import { LOCAL_CLIENT_ID } from './token-issuer.ts';

/** What a page takes from the issuer's options. */
export interface PageSettings {
  /** The built console, whose styles (the DSFR) the page links to; without it, a plain page. */
  readonly styles?: string;
  /** The console's origin, where the form's answer redirects, hence allowed as a form action. */
  readonly consoleOrigin: () => string | undefined;
}

/** An authorization request, as read from the page's query or its form (whose hidden fields carry it). */
export interface AuthorizationRequest {
  readonly redirectUri: string;
  readonly state: string | undefined;
  readonly challenge: string;
  readonly scope: string;
}

/** A field of the sign-in form that makes no token, and why, in French. */
export interface FieldError {
  readonly field: 'role' | 'collectivites';
  readonly message: string;
}

/** What the form shows in its fields: the choice made so far, and the field at fault if any. */
export interface SignInValues {
  readonly role: string;
  readonly collectivites: string;
  readonly error?: FieldError;
}

const ROLE_LABELS: Readonly<Record<Role, string>> = { secretariat: 'Secrétariat de séance', admin: 'Administration' };

/** The chosen role and collectivités, or the field that cannot make a token. */
export function chosenPrincipal(role: string, collectivites: string): Principal | FieldError {
  if (!(ROLES as readonly string[]).includes(role))
    return { field: 'role', message: 'Choisissez un rôle : secrétariat de séance ou administration.' };
  const problem = (message: string): FieldError => ({ field: 'collectivites', message });
  const words = collectivites.split(/[\s,;]+/).filter(Boolean);
  if (words.length === 0) return problem('Indiquez * (toutes les collectivités) ou au moins un SIREN.');
  if (words.includes('*')) {
    if (words.length > 1) return problem('* vaut toutes les collectivités : ne le mêlez pas à des SIREN.');
    return { role: role as Role, scope: '*', sub: `local-${role}` };
  }
  const wrong = words.filter((word) => !isValidSiren(word));
  if (wrong.length > 0) return problem(`Ce ne sont pas des SIREN (9 chiffres, clé de contrôle valide) : ${wrong.join(', ')}.`);
  return { role: role as Role, scope: [...new Set(words)], sub: `local-${role}` };
}

/** The sign-in page: the request in hidden fields, the role as radios, the collectivités as text, and the error of either. */
export function signInForm(
  response: ServerResponse,
  settings: PageSettings,
  status: number,
  request: AuthorizationRequest,
  values: SignInValues,
): void {
  const hidden = {
    response_type: 'code',
    client_id: LOCAL_CLIENT_ID,
    redirect_uri: request.redirectUri,
    code_challenge: request.challenge,
    code_challenge_method: 'S256',
    scope: request.scope,
    ...(request.state !== undefined && { state: request.state }),
  };
  const roleError = values.error?.field === 'role' ? values.error.message : undefined;
  const error = values.error?.field === 'collectivites' ? values.error.message : undefined;
  const radios = ROLES.map(
    (role) => `
          <div class="fr-fieldset__element">
            <div class="fr-radio-group">
              <input type="radio" id="role-${role}" name="role" value="${role}"${values.role === role ? ' checked' : ''}>
              <label class="fr-label" for="role-${role}">${ROLE_LABELS[role]}</label>
            </div>
          </div>`,
  ).join('');
  page(
    response,
    settings,
    status,
    'Connexion à Registre sur ce poste',
    `<p>Sur cette machine, Registre est son propre fournisseur d’identité : choisissez le rôle et les collectivités
        de votre jeton, sans mot de passe. Sur AWS, Cognito vous demande votre identifiant et votre mot de passe.</p>
      <form method="post" action="/oauth2/authorize" novalidate>
        ${Object.entries(hidden)
          .map(([name, value]) => `<input type="hidden" name="${name}" value="${escape(value)}">`)
          .join('\n        ')}
        <fieldset class="fr-fieldset${roleError ? ' fr-fieldset--error' : ''}" id="role" aria-labelledby="role-legend${
          roleError ? ' role-error' : ''
        }">
          <legend class="fr-fieldset__legend" id="role-legend">Rôle</legend>${radios}
          ${roleError ? `<div class="fr-messages-group"><p class="fr-message fr-message--error" id="role-error">${escape(roleError)}</p></div>` : ''}
        </fieldset>
        <div class="fr-input-group${error ? ' fr-input-group--error' : ''}">
          <label class="fr-label" for="collectivites">Collectivités
            <span class="fr-hint-text">* pour toutes, ou leurs SIREN (9 chiffres) séparés par des espaces ou des virgules</span>
          </label>
          <input class="fr-input${error ? ' fr-input--error' : ''}" type="text" id="collectivites" name="collectivites"
            value="${escape(values.collectivites)}" autocomplete="off" spellcheck="false"${
              error ? ' aria-invalid="true" aria-describedby="collectivites-error"' : ''
            }>
          ${error ? `<p class="fr-error-text" id="collectivites-error">${escape(error)}</p>` : ''}
        </div>
        <button class="fr-btn" type="submit">Se connecter</button>
      </form>`,
  );
}

/**
 * A page of the issuer: `title` (escaped here) over `body` (HTML, escaped by the caller), with a
 * policy that loads nothing but the issuer's own styles and lets forms go only to the issuer and the console.
 */
export function page(response: ServerResponse, settings: PageSettings, status: number, title: string, body: string): void {
  const consoleOrigin = settings.consoleOrigin();
  response.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
    'content-security-policy': [
      "default-src 'none'",
      "style-src 'self'",
      "font-src 'self'",
      "img-src 'self' data:",
      // The form's answer redirects to the console: form-action covers the redirect too.
      `form-action 'self'${consoleOrigin ? ` ${consoleOrigin}` : ''}`,
      "base-uri 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
    'x-content-type-options': 'nosniff',
    // Not no-referrer: the browser would then send "Origin: null" with the form, and fromOwnPage (issuer-server.ts) could not tell.
    'referrer-policy': 'same-origin',
  });
  response.end(`<!doctype html>
<html lang="fr" data-fr-scheme="light">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escape(title)} — Registre</title>
    ${settings.styles ? '<link rel="stylesheet" href="/styles.css">' : ''}
  </head>
  <body>
    <main class="fr-container fr-py-4w" id="contenu">
      <h1>${escape(title)}</h1>
      ${body}
    </main>
  </body>
</html>
`);
}

/** Text made safe inside HTML, in an element or a quoted attribute. */
export const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
