/**
 * The vote in the page: by roll call, one click per voter and a proxy holder voting for their
 * mandant; and a tally the law refuses, said with its article before anything is sent.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sampleEvents } from '../support/seance.ts';
import { launch, logOf, postEvents, screenshot, seriousViolations, signedInPage } from './support.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const commune = sampleEvents('val-exemple-2025-06-12-commune.json');

/** The commune séance opened, and its roll called: everyone present but the last member, represented by the first. */
async function seanceWithRoll(siren: string, sessionId: string) {
  const opening = commune.find((e) => e.type === 'SessionOpened')!;
  if (opening.type !== 'SessionOpened') throw new Error('no opening');
  const members = opening.payload.members.map((m) => m.id);
  const item = opening.payload.items[0]!.number;
  await postEvents(siren, sessionId, [
    {
      ...opening,
      sessionId,
      eventId: `${sessionId}-open`,
      payload: { ...opening.payload, assembly: { ...opening.payload.assembly, siren } },
    },
    {
      eventId: `${sessionId}-roll`,
      type: 'AttendanceRecorded',
      sessionId,
      occurredAt: '2025-06-12T18:35:00+02:00',
      payload: {
        entries: members.map((id, i) =>
          i === members.length - 1 ? { memberId: id, status: 'absent', proxyTo: members[0] } : { memberId: id, status: 'present' },
        ),
      },
    },
  ]);
  return { members, item };
}

async function itemPage(siren: string, sessionId: string, item: string): Promise<Page> {
  const page = await signedInPage(browser);
  await page.goto(`${page.url().split('#')[0]}#/seances/${siren}/${sessionId}/points/${item}`);
  await page.getByRole('heading', { name: 'Vote' }).waitFor({ timeout: 20_000 });
  return page;
}

test('a roll-call vote, one click per voter, the proxy holder voting for their mandant: the outcome shown before it is confirmed', async () => {
  const { members, item } = await seanceWithRoll('213506561', 'roll-call-vote');
  const page = await itemPage('213506561', 'roll-call-vote', item);
  await page.locator('label[for="method-roll_call"]').click();
  const voters = [...members.slice(0, -1).map((id) => id), `${members[0]}:${members.at(-1)}`];
  for (const [index, voter] of voters.entries())
    await page.locator(`label[for="ballot-${voter}-${index < 2 ? 'contre' : 'pour'}"]`).click();
  expect(await page.getByTestId('vote-preview').textContent()).toBe('Votants 11, suffrages exprimés 11 — résultat : adoptée à la majorité');
  expect(await seriousViolations(page)).toEqual([]);
  await screenshot(page, '9-appel-nominal');
  await page.getByRole('button', { name: 'Vérifier le vote' }).click();
  await page.getByRole('button', { name: 'Confirmer le vote' }).click();
  await expect
    .poll(() => page.getByTestId('outcome').textContent(), { timeout: 20_000 })
    .toBe('Pour 9, contre 2, abstention 0 : adoptée à la majorité');
  expect((await logOf('213506561', 'roll-call-vote')).map((e) => [e.type, e.status])).toContainEqual(['VoteCast', 'applied']);
});

test('a tally with more votes than votants is refused in the page with its article, and cannot be sent', async () => {
  const { item } = await seanceWithRoll('213507569', 'too-many-votes');
  const page = await itemPage('213507569', 'too-many-votes', item);
  await page.locator('#tally-pour').fill('12');
  const preview = page.getByTestId('vote-preview');
  expect(await preview.textContent()).toMatch(/\(CGCT L\d+-\d+\)$/);
  expect(await page.getByRole('button', { name: 'Vérifier le vote' }).isDisabled()).toBe(true);
  expect((await logOf('213507569', 'too-many-votes')).filter((e) => e.type === 'VoteCast')).toEqual([]);
});
