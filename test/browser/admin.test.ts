/**
 * The administrators' page: a transmission that failed while the préfecture was down is replayed
 * from the page once it is back, and the act is acknowledged.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sampleEvents } from '../support/seance.ts';
import { launch, postEvents, screenshot, seriousViolations, signedInPage, stack } from './support.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const faults = (change: Record<string, unknown>) =>
  fetch(`${stack().prefectureUrl}/_faults`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${stack().tokens.admin}`, 'content-type': 'application/json' },
    body: JSON.stringify(change),
  });

const admin = async (path: string) =>
  (await (await fetch(`${stack().apiUrl}${path}`, { headers: { authorization: `Bearer ${stack().tokens.admin}` } })).json()) as any;

test('an administrator replays, from the page, a transmission that failed while the préfecture was down', async () => {
  const siren = '213505555';
  const events = sampleEvents('val-exemple-2025-06-12-commune.json').map((e) => {
    const moved = { ...e, sessionId: 'prefecture-down', eventId: `prefecture-down-${e.eventId}` };
    return moved.type === 'SessionOpened'
      ? { ...moved, payload: { ...moved.payload, assembly: { ...moved.payload.assembly, siren } } }
      : moved;
  });
  expect((await faults({ down: true })).status).toBe(200);
  try {
    await postEvents(siren, 'prefecture-down', events);
    await expect
      .poll(async () => (await admin(`/admin/failures?status=open&queue=transmissions&siren=${siren}`)).failures.length, {
        timeout: 60_000,
      })
      .toBe(2);
  } finally {
    await faults({ down: false });
  }
  const page = await signedInPage(browser, 'admin');
  await page.getByRole('link', { name: 'Administration' }).click();
  await page.getByRole('heading', { level: 1, name: 'Administration' }).waitFor();
  await page.getByText('PrefectureUnavailableError').first().waitFor();
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, '8-administration');
  await page.getByRole('button', { name: 'Tout rejouer' }).click();
  await expect
    .poll(() => page.getByTestId('replay-progress').textContent(), { timeout: 20_000 })
    .toMatch(/^\d+ message\(s\) rejoué\(s\), 0 encore en file de rejet\.$/);
  await expect
    .poll(async () => (await admin(`/transmissions?status=acknowledged&siren=${siren}`)).transmissions.length, { timeout: 30_000 })
    .toBe(2);
  await expect
    .poll(async () => (await admin(`/admin/failures?status=resolved&siren=${siren}`)).failures.length, { timeout: 20_000 })
    .toBe(2);
});
