/**
 * The seed séance driven through the console by clicks and typing only: opened with its 54 members
 * imported from a CSV, the roll called with its 14 proxies, voted 54–0–0, closed, signed — until the
 * extract is downloadable and the act is acknowledged by the préfecture with the seed's IDActe, then
 * published on the collectivité's public site.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { AttendanceRecorded, SessionOpened } from '#events/session-events';
import { sampleEvents } from '../support/seance.ts';
import { launch, screenshot, seriousViolations, signIn, signInPage, stack } from './support.ts';

const seed = sampleEvents('cd35-2025-03-20-ad-2025-0043.json');
const opening = seed.find((e): e is SessionOpened => e.type === 'SessionOpened')!;
const roll = seed.find((e): e is AttendanceRecorded => e.type === 'AttendanceRecorded')!;
const item = opening.payload.items[0]!;

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

test('the seed séance, by clicks and typing, from its opening to the acknowledged act 035-223500018-20250320-AD_2025_0043-DE', async () => {
  const page = await signInPage(browser);
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, '0-connexion');
  await signIn(page, {
    onIssuerPage: async (issuerPage) => {
      expect(await seriousViolations(issuerPage)).toEqual([]);
      await screenshot(issuerPage, '0-connexion-locale');
    },
  });
  await page.getByRole('heading', { level: 1, name: 'Séances' }).waitFor();
  expect(await page.getByTestId('signed-in').textContent()).toContain('local-secretariat (secrétariat), toutes les collectivités');
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, '1-seances');

  await page.getByRole('link', { name: 'Ouvrir une séance' }).click();
  const { assembly } = opening.payload;
  await page.locator('#siren').fill(assembly.siren);
  await page.locator('#name').fill(assembly.name);
  await page.locator('#body').fill(assembly.body);
  await page.locator('#kind').selectOption(assembly.kind);
  await page.locator('#departement').fill(assembly.departement);
  await page.locator('#sessionId').fill(opening.sessionId);
  await page.locator('#date').fill(opening.payload.date);
  await page.locator('#openedAt').fill(opening.payload.openedAt);
  await page.locator('#place').fill(opening.payload.place!);
  const csv = join(mkdtempSync(join(tmpdir(), 'registre-csv-')), 'membres.csv');
  writeFileSync(csv, ['civilité;nom;prénom', ...opening.payload.members.map((m) => `${m.civility};${m.name};`)].join('\n'));
  await page.locator('#members-csv').setInputFiles(csv);
  expect(await page.getByTestId('members-count').textContent()).toBe('54 membres en exercice importés.');
  await page.locator('#president').selectOption(opening.payload.president);
  await page.locator('#item-0-number').fill(item.number);
  await page.locator('#item-0-label').fill(item.label!);
  await page.locator('#item-0-title').fill(item.title);
  await page.locator('#item-0-rapporteur').selectOption(item.rapporteur!);
  await page.locator('#item-0-commission').fill(item.commission!);
  await page.locator('#item-0-nature').selectOption(item.nature);
  await page.locator('#item-0-matiere').fill(item.matiere!);
  await page.locator('#item-0-visas').fill(item.visas!.join('\n'));
  await page.locator('#item-0-expose').fill(item.expose!);
  await page.locator('#item-0-decision').fill(item.decision!);
  // Two annexes, uploaded as they are chosen, then titled and typed: they go to the préfecture with the act.
  await page.locator('#item-0-annexes-files').setInputFiles([
    { name: 'Rapport PNED3.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7\n% rapport\n%%EOF\n') },
    {
      name: 'plan.png',
      mimeType: 'image/png',
      buffer: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('plan')]),
    },
  ]);
  await page.locator('#item-0-annexes-1-title').waitFor();
  expect(await page.locator('#item-0-annexes-0-title').inputValue()).toBe('Rapport PNED3');
  await page.locator('#item-0-annexes-1-title').fill('Plan de situation');
  await page.locator('#item-0-annexes-1-type').selectOption('75_PL');
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByTestId('item-0-annexes-list').scrollIntoViewIfNeeded();
  await screenshot(page, '2-nouvelle-seance-annexes');
  await screenshot(page, '2-nouvelle-seance', { top: true });
  await page.getByRole('button', { name: 'Ouvrir la séance' }).click();

  // The séance page, once the pipeline applied the opening.
  await page.getByRole('heading', { name: 'Appel' }).waitFor({ timeout: 20_000 });
  for (const entry of roll.payload.entries) {
    if (entry.status === 'present') await page.locator(`label[for="present-${entry.memberId}"]`).click();
    if (entry.proxyTo) await page.locator(`#proxy-${entry.memberId}`).selectOption(entry.proxyTo);
  }
  await page.getByRole('button', { name: "Enregistrer l'appel" }).click();
  const quorum = page.getByTestId('quorum');
  await expect.poll(() => quorum.textContent(), { timeout: 20_000 }).toContain('Votants : 54');
  expect(await quorum.textContent()).toContain('Quorum atteint');
  expect(await quorum.textContent()).toContain('Présents : 40');
  expect(await quorum.textContent()).toContain('Représentés : 14');
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, '3-seance', { top: true });

  await page.getByRole('link', { name: item.label! }).first().click();
  await page.locator('#tally-pour').fill('54');
  await page.locator('#tally-contre').fill('0');
  await page.locator('#tally-abstention').fill('0');
  expect(await page.getByTestId('vote-preview').textContent()).toContain("adoptée à l'unanimité");
  await page.getByRole('button', { name: 'Vérifier le vote' }).click();
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, '4-vote');
  await page.getByRole('button', { name: 'Confirmer le vote' }).click();
  await expect.poll(() => page.getByTestId('item-status').textContent(), { timeout: 20_000 }).toBe('votée');

  await page.getByRole('link', { name: opening.sessionId }).click();
  await page.locator('#closed-at').fill('18:07');
  await page.getByRole('button', { name: 'Lever la séance' }).click();
  await expect.poll(() => page.locator('h1 + p').textContent(), { timeout: 20_000 }).toContain('levée à 18:07');

  // The list of séances shows it, closed.
  await page.getByRole('link', { name: 'Séances' }).first().click();
  const row = page.getByRole('row', { name: new RegExp(opening.sessionId) });
  await row.waitFor();
  expect(await row.textContent()).toContain('levée');
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, '1-seances-liste');
  await page.getByRole('link', { name: opening.sessionId }).click();

  await page.getByRole('link', { name: item.label! }).first().click();
  await page.locator('#signed-at').fill('2025-03-21');
  await page.locator('#signed-place').fill('Rennes');
  await page.getByRole('button', { name: "Signer l'acte" }).click();
  await expect.poll(() => page.getByTestId('item-status').textContent(), { timeout: 60_000 }).toBe('acquittée');
  await expect.poll(() => page.getByTestId('transmission').textContent(), { timeout: 10_000 }).toContain('acquittée');
  expect(await page.getByTestId('transmission').textContent()).toContain('035-223500018-20250320-AD_2025_0043-DE');
  expect(await page.getByTestId('annexes').textContent()).toMatch(/Rapport PNED3 \(pièce 22_AN\).*Plan de situation \(pièce 75_PL\)/);
  const inbox = (await (await fetch(`${stack().prefectureUrl}/inbox`)).json()) as {
    acts: { idActe: string; documents: { name: string }[] }[];
  };
  expect(inbox.acts.find((a) => a.idActe === '035-223500018-20250320-AD_2025_0043-DE')?.documents.map((d) => d.name)).toEqual([
    '99_DE-035-223500018-20250320-AD_2025_0043-DE-1-1_1.pdf',
    '22_AN-035-223500018-20250320-AD_2025_0043-DE-1-1_2.pdf',
    '75_PL-035-223500018-20250320-AD_2025_0043-DE-1-1_3.png',
  ]);
  const download = page.waitForEvent('download');
  await page.getByRole('link', { name: "Télécharger l'extrait (PDF)" }).click();
  const pdf = await download;
  expect(pdf.suggestedFilename()).toBe('035-223500018-20250320-AD_2025_0043-DE.pdf');
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, '5-deliberation', { top: true });

  // The extract's HTML, which the page previews in a sandboxed frame, read as a page of its own.
  const preview = await page.locator('iframe.registre-extract').getAttribute('src');
  const extract = await page.context().newPage();
  await extract.goto(preview!);
  expect(await extract.locator('h1').textContent()).toBe(item.title);
  expect(await seriousViolations(extract)).toEqual([]);

  // Published on the collectivité's site, the act is exécutoire (CGCT L2131-1).
  await page.getByTestId('publish').click();
  await expect.poll(() => page.getByTestId('item-status').textContent(), { timeout: 30_000 }).toBe('publiée');
  expect(await page.getByTestId('publication').textContent()).toMatch(/Exécutoire le \d/);
  expect(await page.getByTestId('status-line').textContent()).toMatch(/— publié le .+ — exécutoire le /);
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByTestId('publication').scrollIntoViewIfNeeded();
  await screenshot(page, '6-publication');
});
