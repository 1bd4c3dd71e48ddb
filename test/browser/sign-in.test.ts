/**
 * Signing in and out of the console through OpenID Connect, as on AWS with Cognito but against the
 * local stack's issuer: the collectivités chosen are those the header shows; signing out goes
 * through the issuer's /logout and back; a session whose token expires, or that the API refuses
 * (401), ends on the sign-in page with a word saying so, and signing in again comes back to the page.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ephemeralIssuer, existingLocalIssuer, type TokenIssuer } from '#local/token-issuer';
import { launch, screenshot, seriousViolations, signIn, signInPage, stack } from './support.ts';

let browser: Browser;
let issuer: TokenIssuer;
beforeAll(async () => {
  browser = await launch();
  issuer = (await existingLocalIssuer(stack().dir, stack().issuerUrl))!;
});
afterAll(async () => {
  await browser?.close();
});

/** The sign-in page's alert, once it shows. */
async function alertOf(page: Page): Promise<string> {
  await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  return (await alert.textContent()) ?? '';
}

test('signed in for the collectivités chosen, then out through the issuer', async () => {
  const page = await signInPage(browser);
  await signIn(page, { collectivites: '213505555, 223500018' });
  expect(await page.getByTestId('signed-in').textContent()).toContain(
    'local-secretariat (secrétariat), collectivités 213505555, 223500018',
  );
  // The code came back in the address: it is gone from it, and from the history.
  expect(new URL(page.url()).search).toBe('');
  await page.getByRole('button', { name: 'Se déconnecter' }).click();
  await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
  expect(new URL(page.url()).origin).toBe(stack().consoleUrl);
  expect(await page.evaluate(() => sessionStorage.getItem('registre.token'))).toBeNull();
  await page.context().close();
});

test('a token that expires ends the session on the sign-in page, which says so; signing in again comes back to the page', async () => {
  const page = await signInPage(browser);
  await signIn(page);
  await page.goto(`${stack().consoleUrl}/#/nouvelle-seance`);
  await page.getByRole('heading', { level: 1, name: 'Ouvrir une séance' }).waitFor();
  // The token of the tab, as the issuer would give one that expires in two seconds.
  const short = await issuer.mint({ role: 'secretariat', scope: '*', sub: 'local-secretariat' }, 2);
  await page.evaluate((token) => sessionStorage.setItem('registre.token', token), short);
  await page.reload();
  await page.getByRole('heading', { level: 1, name: 'Ouvrir une séance' }).waitFor();
  expect(await alertOf(page)).toContain('Votre session a expiré : reconnectez-vous');
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, '0-session-expiree');
  await signIn(page);
  await page.getByRole('heading', { level: 1, name: 'Ouvrir une séance' }).waitFor();
  await page.context().close();
});

test('a token the API refuses (401) ends the session the same way', async () => {
  const page = await signInPage(browser);
  await signIn(page);
  // Well formed and unexpired, but signed by a key that is not the issuer's.
  const forged = await (await ephemeralIssuer(stack().issuerUrl)).mint({ role: 'secretariat', scope: '*', sub: 'local-secretariat' });
  await page.evaluate((token) => sessionStorage.setItem('registre.token', token), forged);
  await page.reload();
  expect(await alertOf(page)).toContain('Session expirée');
  await page.context().close();
});
