/**
 * The public site as anyone reads it, without signing in (CGCT L2131-1, L2121-25): the seed act,
 * acknowledged then published, found by searching the collectivité's acts, its page saying when it
 * became exécutoire, the list of the délibérations of its séance, and the published HTML extract —
 * each page checked by axe-core and looked at in a screenshot. The pages hold no script at all.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launch, postEvents, screenshot, seedSeance, seriousViolations, sirenStarting, stack } from './support.ts';

/** A collectivité of its own, so the seed act's number is free there. */
const siren = sirenStarting('20004123');
const sessionId = 'public-site';
const events = seedSeance(siren, sessionId);
const itemPath = `/assemblies/${siren}/sessions/${sessionId}/items/AD_2025_0043`;

async function item(): Promise<any> {
  const response = await fetch(`${stack().apiUrl}${itemPath}`, { headers: { authorization: `Bearer ${stack().tokens.secretariat}` } });
  return response.json();
}

async function until(ready: (body: any) => boolean): Promise<any> {
  for (let tries = 0; tries < 120; tries++) {
    const body = await item();
    if (ready(body)) return body;
    await new Promise((done) => setTimeout(done, 500));
  }
  throw new Error('the act never got there');
}

let browser: Browser;
let page: Page;
let actesId: string;
beforeAll(async () => {
  browser = await launch();
  await postEvents(siren, sessionId, events);
  actesId = (await until((body) => body.transmission?.status === 'acknowledged')).actesId;
  const published = await fetch(`${stack().apiUrl}${itemPath}/publication`, {
    method: 'POST',
    headers: { authorization: `Bearer ${stack().tokens.secretariat}` },
  });
  expect(published.status).toBe(202);
  await until((body) => body.publication !== null);
  // The pages carry no script (the content security policy allows none); axe-core needs the browser's own.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'fr-FR' });
  page = await context.newPage();
}, 90_000);
afterAll(async () => {
  await browser?.close();
});

test("the collectivité's published acts, searched by subject, without signing in (L2131-1)", async () => {
  await page.goto(`${stack().publicUrl}/`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  expect(await page.locator('script').count()).toBe(0);
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'public-0-accueil');

  await page.goto(`${stack().publicUrl}/${siren}`);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain("Département d'Ille-et-Vilaine");
  await page.getByLabel('Objet').fill('transformation numerique');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await page.waitForURL(/objet=/);
  expect(await page.getByLabel('Objet').inputValue()).toBe('transformation numerique');
  expect(await page.getByRole('link', { name: /Transformation numérique/ }).count()).toBe(1);
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'public-1-collectivite');

  await page.getByLabel('Objet').fill('voirie');
  await page.getByRole('button', { name: 'Rechercher' }).click();
  await page.getByText('Aucun acte publié ne correspond à la recherche.').waitFor();
});

test("the act's page says when it became exécutoire, and links its stamped PDF and its accessible HTML", async () => {
  await page.goto(`${stack().publicUrl}/${siren}/actes/${actesId}`);
  expect(await page.locator('main').textContent()).toMatch(/Exécutoire le \d{1,2}(er)? \p{L}+ \d{4}/u);
  expect(await page.locator(`a[href="/documents/${siren}/${actesId}.pdf"]`).count()).toBeGreaterThan(0);
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'public-2-acte', { top: true });

  await page.goto(`${stack().publicUrl}/documents/${siren}/${actesId}.html`);
  expect(await page.locator('body').textContent()).toMatch(/Publié le : .+ — exécutoire le : /);
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'public-3-extrait-publie', { top: true });
});

test('the list of the délibérations of the closed séance (L2121-25)', async () => {
  await page.goto(`${stack().publicUrl}/${siren}/seances/${sessionId}`);
  expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Liste des délibérations');
  expect(await page.locator('table').textContent()).toContain('adoptée');
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, 'public-4-liste-seance', { top: true });
});
