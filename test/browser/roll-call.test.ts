/**
 * The roll call in the page: the law's refusals shown at their row before anything is sent, steps
 * kept through a network cut and a reload then applied once each, and the grid worked by keyboard.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { SessionEvent } from '#events/session-events';
import { sampleEvents } from '../support/seance.ts';
import { launch, logOf, postEvents, screenshot, seriousViolations, signedInPage } from './support.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

/** The sample commune séance opened under another id (and another collectivité, so its numbers are free). */
async function openedCommune(sessionId: string, siren: string): Promise<SessionEvent & { type: 'SessionOpened' }> {
  const opening = sampleEvents('val-exemple-2025-06-12-commune.json').find((e) => e.type === 'SessionOpened')!;
  if (opening.type !== 'SessionOpened') throw new Error('no opening');
  const moved = {
    ...opening,
    sessionId,
    eventId: `${sessionId}-open`,
    payload: { ...opening.payload, assembly: { ...opening.payload.assembly, siren } },
  };
  await postEvents(siren, sessionId, [moved]);
  return moved;
}

async function seancePage(siren: string, sessionId: string): Promise<Page> {
  const page = await signedInPage(browser);
  await page.goto(`${page.url().split('#')[0]}#/seances/${siren}/${sessionId}`);
  await page.getByRole('heading', { name: 'Appel' }).waitFor({ timeout: 20_000 });
  return page;
}

test('a second proxy given to the same holder is refused on the page with its article (CGCT L2121-20), and nothing reaches the API', async () => {
  const opening = await openedCommune('second-proxy', '213502388');
  const page = await seancePage('213502388', 'second-proxy');
  const [holder, first, second] = opening.payload.members.map((m) => m.id);
  const posts: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST') posts.push(request.url());
  });
  await page.locator(`label[for="present-${holder}"]`).click();
  for (const giver of [first, second]) await page.locator(`#proxy-${giver}`).selectOption(holder!);
  await page.getByRole('button', { name: "Enregistrer l'appel" }).click();
  const refusal = page.locator(`#proxy-${second}-error`);
  await refusal.waitFor();
  expect(await refusal.textContent()).toMatch(/détient déjà un pouvoir.*\(CGCT L2121-20\)$/);
  expect((await refusal.textContent())!.match(/L2121-20/g)).toHaveLength(1);
  expect(posts).toEqual([]);
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, '6-pouvoir-refuse');
});

test('with the API unreachable, three roll-call steps are kept through a reload, then applied exactly once each when it comes back', async () => {
  const opening = await openedCommune('network-cut', '213503527');
  const page = await seancePage('213503527', 'network-cut');
  const members = opening.payload.members.map((m) => m.id);
  await page.route('**/assemblies/**', (route) => route.abort('internetdisconnected'));
  for (const [index, member] of members.slice(0, 3).entries()) {
    await page.locator(`label[for="present-${member}"]`).click();
    await page.getByRole('button', { name: "Enregistrer l'appel" }).click();
    await expect.poll(() => page.getByText("en attente d'envoi").count()).toBe(index + 1);
  }
  expect(await page.getByText("en attente d'envoi").count()).toBe(3);
  await page.reload();
  await page.getByTestId('waiting').waitFor();
  expect(await page.getByText("en attente d'envoi").count()).toBe(3);
  await screenshot(page, '7-hors-ligne');
  await page.unroute('**/assemblies/**');
  await expect
    .poll(
      async () => (await logOf('213503527', 'network-cut')).filter((e) => e.type === 'AttendanceRecorded' && e.status === 'applied').length,
      {
        timeout: 30_000,
      },
    )
    .toBe(3);
  await page.getByTestId('waiting').waitFor({ state: 'detached', timeout: 10_000 });
  const log = await logOf('213503527', 'network-cut');
  expect(log.filter((e) => e.type === 'AttendanceRecorded').map((e) => e.status)).toEqual(['applied', 'applied', 'applied']);
});

test('what the secretary is changing in the grid is kept while the pipeline applies the step recorded before it', async () => {
  const opening = await openedCommune('editing', '213508567');
  const page = await seancePage('213508567', 'editing');
  const [first, second] = opening.payload.members.map((m) => m.id);
  await page.locator(`label[for="present-${first}"]`).click();
  await page.getByRole('button', { name: "Enregistrer l'appel" }).click();
  await page.locator(`label[for="present-${second}"]`).click();
  await expect
    .poll(
      async () => (await logOf('213508567', 'editing')).filter((e) => e.type === 'AttendanceRecorded' && e.status === 'applied').length,
      {
        timeout: 20_000,
      },
    )
    .toBe(1);
  await page.getByTestId('waiting').waitFor({ state: 'detached' });
  expect([await page.locator(`#present-${first}`).isChecked(), await page.locator(`#present-${second}`).isChecked()]).toEqual([true, true]);
});

const focused = (page: Page) => page.evaluate<string>('document.activeElement?.id ?? ""');

test('the roll grid is worked by keyboard alone: Tab from one member to the next, Space to tick present, Enter to record', async () => {
  const opening = await openedCommune('keyboard', '213504566');
  const page = await seancePage('213504566', 'keyboard');
  const [first, second] = opening.payload.members.map((m) => m.id);
  await page.locator('#roll-from').focus();
  await page.keyboard.press('Tab');
  expect(await focused(page)).toBe(`present-${first}`);
  await page.keyboard.press('Space');
  // Present, the member gives no proxy: the list is disabled and Tab goes on to the next member.
  await page.keyboard.press('Tab');
  expect(await focused(page)).toBe(`present-${second}`);
  await page.keyboard.press('Space');
  expect([await page.locator(`#present-${first}`).isChecked(), await page.locator(`#present-${second}`).isChecked()]).toEqual([true, true]);
  await page.getByRole('button', { name: "Enregistrer l'appel" }).focus();
  await page.keyboard.press('Enter');
  await expect
    .poll(
      async () => (await logOf('213504566', 'keyboard')).filter((e) => e.type === 'AttendanceRecorded' && e.status === 'applied').length,
      {
        timeout: 20_000,
      },
    )
    .toBe(1);
});
