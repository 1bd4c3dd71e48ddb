/**
 * What the console's browser tests share: Debian's Chromium driven by playwright-core (no browser is
 * downloaded), a page signed in through the console's own sign-in (OpenID Connect, the local stack's
 * issuer), axe-core's verdict, and screenshots at 1280×800 under `test-output/screenshots/`
 * (git-ignored) to look at.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect, inject } from 'vitest';
import type { SessionEvent } from '#events/session-events';
import { isValidSiren } from '#events/vocabulary';
import { sampleEvents } from '../support/seance.ts';

export const stack = () => inject('browserStack');

export const SCREENSHOTS = join(import.meta.dirname, '..', '..', 'test-output', 'screenshots');

/** Chromium as Debian installs it; CHROMIUM_PATH names another. */
export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', headless: true });
}

/** The console's sign-in page, in a browser context of its own (its own storage). */
export async function signInPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR', acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(stack().consoleUrl);
  await page.getByRole('heading', { level: 1, name: 'Connexion' }).waitFor();
  return page;
}

/** The local issuer's sign-in page's title, where the console's "Se connecter" leads on this machine. */
export const ISSUER_PAGE = 'Connexion à Registre sur ce poste';

/**
 * From the console's sign-in page, signs in as a person does: "Se connecter", then on the local
 * issuer's page the role and the collectivités (`*` or SIRENs), then back to the console, signed in.
 * `onIssuerPage` looks at that page first (axe-core, a screenshot).
 */
export async function signIn(
  page: Page,
  options: { role?: 'secretariat' | 'admin'; collectivites?: string; onIssuerPage?: (page: Page) => Promise<void> } = {},
): Promise<void> {
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByRole('heading', { level: 1, name: ISSUER_PAGE }).waitFor();
  await options.onIssuerPage?.(page);
  // The DSFR draws the radio in its label, which takes the click.
  await page.locator(`label[for="role-${options.role ?? 'secretariat'}"]`).click();
  expect(await page.getByLabel(options.role === 'admin' ? 'Administration' : 'Secrétariat de séance').isChecked()).toBe(true);
  await page.getByLabel('Collectivités').fill(options.collectivites ?? '*');
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.getByTestId('signed-in').waitFor();
}

export async function signedInPage(browser: Browser, role: 'secretariat' | 'admin' = 'secretariat'): Promise<Page> {
  const page = await signInPage(browser);
  await signIn(page, { role });
  await page.getByRole('heading', { level: 1, name: 'Séances' }).waitFor();
  return page;
}

/**
 * The serious and critical violations axe-core finds on the page as it stands (RGAA builds on WCAG
 * 2.1 AA). A sandboxed frame (the extract's preview) runs no script, so axe cannot run inside it —
 * Chromium 156 blocks the injection and the run then never ends: it is left out here, and the
 * document it shows is checked as a page of its own.
 */
export async function seriousViolations(page: Page): Promise<string[]> {
  const { violations } = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .exclude('iframe[sandbox]')
    .analyze();
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map(
      (v) =>
        `${v.id} (${v.impact}): ${v.help} — ${v.nodes
          .map((n) => n.target.join(' '))
          .slice(0, 3)
          .join(', ')}`,
    );
}

/** The page as it shows in a 1280×800 window; `top` scrolls up first (the page as one arrives on it). */
export async function screenshot(page: Page, name: string, options: { top?: boolean } = {}): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  if (options.top) await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: false });
}

/** Posts events through the API as the secretariat, as another client would (the page is not under test there). */
export async function postEvents(siren: string, sessionId: string, events: readonly unknown[]): Promise<void> {
  const response = await fetch(`${stack().apiUrl}/assemblies/${siren}/sessions/${sessionId}/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack().tokens.secretariat}`, 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  });
  if (response.status !== 202) throw new Error(`posting answered ${response.status}: ${await response.text()}`);
}

/** The séance's log as the API has it. */
export async function logOf(siren: string, sessionId: string): Promise<{ eventId: string; type: string; status: string }[]> {
  const response = await fetch(`${stack().apiUrl}/assemblies/${siren}/sessions/${sessionId}/events`, {
    headers: { authorization: `Bearer ${stack().tokens.secretariat}` },
  });
  return ((await response.json()) as { events: { eventId: string; type: string; status: string }[] }).events;
}

/** A SIREN of its own, the first valid one (Luhn) beginning with these eight digits: the seed act's number is free there. */
export const sirenStarting = (eight: string) => [...Array(10).keys()].map((digit) => `${eight}${digit}`).find(isValidSiren)!;

/** The seed séance of 20 March 2025 under another séance id, for another collectivité. */
export function seedSeance(siren: string, sessionId: string): SessionEvent[] {
  return sampleEvents('cd35-2025-03-20-ad-2025-0043.json').map((event) => {
    const moved = { ...event, sessionId, eventId: `${sessionId}-${event.eventId}` } as SessionEvent;
    return moved.type === 'SessionOpened'
      ? { ...moved, payload: { ...moved.payload, assembly: { ...moved.payload.assembly, siren } } }
      : moved;
  });
}
