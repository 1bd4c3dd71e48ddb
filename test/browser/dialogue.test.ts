/**
 * The dialogue with the préfecture, from both sides, in a real browser: the préfecture agent opens
 * the acknowledged act in the simulator and asks for pieces complémentaires; the secretariat sees the
 * letter on the délibération's page in the console, answers it with its letter and a piece (two
 * PDFs), and the agent sees the answer come back; then the secretariat cancels the transmission.
 * Every page checked by axe-core and looked at in a screenshot.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { launch, postEvents, screenshot, seedSeance, seriousViolations, signedInPage, sirenStarting, stack } from './support.ts';

/** A collectivité of its own, so the seed act's number is free there. */
const siren = sirenStarting('20004124');
const sessionId = 'dialogue';
const events = seedSeance(siren, sessionId);
const itemPath = `/assemblies/${siren}/sessions/${sessionId}/items/AD_2025_0043`;
const pdf = (text: string) => Buffer.from(`%PDF-1.7\n% ${text}\n%%EOF\n`);

async function item(): Promise<any> {
  const response = await fetch(`${stack().apiUrl}${itemPath}`, { headers: { authorization: `Bearer ${stack().tokens.secretariat}` } });
  return response.json();
}

let browser: Browser;
let actesId: string;
beforeAll(async () => {
  browser = await launch();
  await postEvents(siren, sessionId, events);
  for (let tries = 0; tries < 120 && (await item()).transmission?.status !== 'acknowledged'; tries++)
    await new Promise((done) => setTimeout(done, 500));
  actesId = (await item()).actesId;
}, 90_000);
afterAll(async () => {
  await browser?.close();
});

async function prefecturePage(): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'fr-FR' });
  const page = await context.newPage();
  await page.goto(`${stack().prefectureUrl}/actes/${actesId}`);
  await page.getByRole('heading', { level: 1 }).waitFor();
  return page;
}

test('the préfecture asks for pieces; the secretariat answers from the console; the préfecture receives them', async () => {
  const prefecture = await prefecturePage();
  expect(await prefecture.getByRole('heading', { level: 1 }).textContent()).toContain(actesId);
  await prefecture.getByLabel('Demande de pièces complémentaires').check();
  await prefecture.getByLabel(/Objet, pièces demandées/).fill('Le plan de financement signé');
  expect(await seriousViolations(prefecture)).toEqual([]);
  await screenshot(prefecture, 'prefecture-1-acte');
  await prefecture.getByRole('button', { name: 'Envoyer le courrier' }).click();
  await prefecture.getByText('pas encore pris en compte par la collectivité').waitFor();

  await expect.poll(async () => (await item()).letters?.length, { timeout: 30_000 }).toBe(1);
  const page = await signedInPage(browser);
  await page.goto(`${stack().consoleUrl}#/seances/${siren}/${sessionId}/points/AD_2025_0043`);
  const letters = page.getByTestId('letters');
  await letters.getByText('Demande de pièces complémentaires du').waitFor();
  await letters.getByText('« Le plan de financement signé »').waitFor();
  expect(await letters.getByText(/Accusé de réception envoyé à la préfecture le/).count()).toBe(1);
  expect(await seriousViolations(page)).toEqual([]);
  await letters.evaluate((section) => section.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'dialogue-1-courrier');

  await page
    .getByLabel(/Lettre de la collectivité/)
    .setInputFiles({ name: 'reponse.pdf', mimeType: 'application/pdf', buffer: pdf('réponse') });
  await page
    .getByLabel(/Pièces complémentaires/)
    .setInputFiles({ name: 'plan.pdf', mimeType: 'application/pdf', buffer: pdf('plan de financement') });
  // The piece types are those the préfecture's classification allows for a délibération (99_SE is not in the common list).
  expect(await page.getByLabel('Type des pièces').locator('option[value="99_SE"]').count()).toBe(1);
  await page.getByLabel('Type des pièces').selectOption('22_AN');
  await page.getByRole('button', { name: 'Envoyer à la préfecture' }).click();
  await expect
    .poll(() => page.getByTestId('answer-status').textContent(), { timeout: 30_000 })
    .toMatch(/^Réponse reçue par la préfecture le /);
  expect(await seriousViolations(page)).toEqual([]);
  await letters.evaluate((section) => section.scrollIntoView({ block: 'start' }));
  await screenshot(page, 'dialogue-2-reponse');

  await prefecture.reload();
  await prefecture.getByText('Pièces complémentaires', { exact: true }).waitFor();
  expect(await prefecture.getByRole('link', { name: `22_AN-${actesId}-3-4_2.pdf` }).count()).toBe(1);
  expect(await prefecture.getByText(/pris en compte par la collectivité le/).count()).toBe(1);
  expect(await seriousViolations(prefecture)).toEqual([]);
  await screenshot(prefecture, 'prefecture-2-reponse');
});

test('the secretariat cancels the transmission, and the préfecture acknowledges it (ARAnnulation)', async () => {
  const page = await signedInPage(browser);
  await page.goto(`${stack().consoleUrl}#/seances/${siren}/${sessionId}/points/AD_2025_0043`);
  await page.getByRole('button', { name: 'Annuler la transmission' }).click();
  await page.getByRole('button', { name: "Confirmer l'annulation" }).click();
  await expect
    .poll(() => page.getByTestId('transmission').textContent(), { timeout: 30_000 })
    .toMatch(/^annulée — IDActe .* accusé de réception de l'annulation du /);
  expect(await page.getByTestId('item-status').textContent()).toBe('transmission annulée');
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByTestId('transmission').evaluate((line) => line.scrollIntoView({ block: 'center' }));
  await screenshot(page, 'dialogue-3-annulation');
  const prefecture = await prefecturePage();
  await prefecture.getByText(/transmission annulée le \d+ /).waitFor();
});
