/**
 * A conseil communautaire in the page: suppléants in the roll grid, a member withdrawing from an
 * item, the compte administratif presided by the member elected for it, and the election of a
 * vice-président in two rounds — each decided by the legal engine in the page before it is sent.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, test } from 'vitest';
import type { SessionEvent } from '#events/session-events';
import { sampleEvents } from '../support/seance.ts';
import { launch, logOf, postEvents, screenshot, seriousViolations, signedInPage, stack } from './support.ts';

let browser: Browser;
beforeAll(async () => {
  browser = await launch();
});
afterAll(async () => {
  await browser?.close();
});

const [opening, roll, accountsWithdrawal] = sampleEvents('cc-val-exemple-2026-03-26-epci.json') as [
  SessionEvent,
  SessionEvent,
  SessionEvent,
];

async function pageAt(siren: string, sessionId: string, path: string, heading: string): Promise<Page> {
  const page = await signedInPage(browser);
  await page.goto(`${page.url().split('#')[0]}#/seances/${siren}/${sessionId}${path}`);
  await page.getByRole('heading', { name: heading, exact: true }).waitFor({ timeout: 20_000 });
  return page;
}

/** The sample's opening and roll, under a séance id and a collectivité of the test's own (so its numbers are free). */
async function opened(siren: string, sessionId: string, more: readonly SessionEvent[] = []) {
  const moved = [opening, roll, ...more].map((event) => ({ ...event, sessionId, eventId: `${sessionId}-${event.eventId}` }));
  const [open] = moved;
  if (open?.type === 'SessionOpened') moved[0] = { ...open, payload: { ...open.payload, assembly: { ...open.payload.assembly, siren } } };
  await postEvents(siren, sessionId, moved);
}

test('a conseil communautaire opened from the page: suppléants from the CSV, the house style, an election and a two-thirds item (CGCT L5211-6, L5214-16 IV)', async () => {
  if (opening.type !== 'SessionOpened') throw new Error('no opening');
  const page = await signedInPage(browser);
  await page.getByRole('link', { name: 'Ouvrir une séance' }).click();
  const siren = '200040046';
  await page.locator('#siren').fill(siren);
  await page.locator('#name').fill(opening.payload.assembly.name);
  await page.locator('#body').fill(opening.payload.assembly.body);
  await page.locator('#kind').selectOption('epci');
  await page.locator('#departement').fill('035');
  await page.locator('#wording-with-abstentions').selectOption('majorite');
  await page.locator('label[for="wording-counts"]').click();
  await page.locator('#sessionId').fill('epci-opened');
  await page.locator('#date').fill(opening.payload.date);
  await page.locator('#openedAt').fill(opening.payload.openedAt);
  await page.locator('#place').fill(opening.payload.place!);
  const byId = new Map(opening.payload.members.map((m) => [m.id, m]));
  const lines = opening.payload.members.map((m) =>
    m.role === 'suppleant' ? `${m.civility};${m.name};;suppléant;${byId.get(m.standsFor!)!.name}` : `${m.civility};${m.name};`,
  );
  await page.locator('#members-typed').fill(['civilité;nom;prénom;rôle;suppléé', ...lines].join('\n'));
  await page.getByRole('button', { name: 'Lire la liste saisie' }).click();
  expect(await page.getByTestId('members-count').textContent()).toBe('20 membres en exercice importés, et 3 suppléants :');
  expect(await page.getByTestId('suppleants').textContent()).toContain('M. TESSIER, suppléant de Mme GIRAUD');
  expect(await page.locator('#president option').allTextContents()).not.toContain('M. TESSIER (suppléant de Mme GIRAUD)');
  await page.locator('#president').selectOption('morel');
  await page.locator('#item-0-number').fill('CC_2026_101');
  await page.locator('#item-0-title').fill("Élection d'un vice-président");
  await page.locator('#item-0-kind').selectOption('election');
  await page.locator('#item-0-office').selectOption('vice_president');
  await page.getByRole('button', { name: 'Ajouter un point' }).click();
  await page.locator('#item-1-number').fill('CC_2026_102');
  await page.locator('#item-1-title').fill("Définition de l'intérêt communautaire");
  await page.locator('#item-1-majority-share').selectOption('two_thirds');
  await page.locator('#item-1-majority-of').selectOption('suffrages_exprimes');
  await page.locator('#item-1-majority-article').fill('CGCT L5214-16 IV');
  expect(await seriousViolations(page)).toEqual([]);
  await page.locator('#wording-with-abstentions').scrollIntoViewIfNeeded();
  await screenshot(page, '12-ouverture-epci');
  await page.getByRole('button', { name: 'Ouvrir la séance' }).click();
  await page.getByRole('heading', { name: 'Appel' }).waitFor({ timeout: 20_000 });
  const response = await fetch(`${stack().apiUrl}/assemblies/${siren}/sessions/epci-opened`, {
    headers: { authorization: `Bearer ${stack().tokens.secretariat}` },
  });
  const seance = (await response.json()) as {
    assembly: { wording?: unknown };
    members: { id: string; role?: string; standsFor?: string }[];
  };
  expect(seance.assembly.wording).toEqual({ withAbstentions: 'majorite', counts: true });
  expect(seance.members.filter((m) => m.role === 'suppleant').map((m) => [m.id, m.standsFor])).toHaveLength(3);
  const item = await fetch(`${stack().apiUrl}/assemblies/${siren}/sessions/epci-opened/items/CC_2026_102`, {
    headers: { authorization: `Bearer ${stack().tokens.secretariat}` },
  });
  expect(((await item.json()) as { majority: unknown }).majority).toEqual({
    share: 'two_thirds',
    of: 'suffrages_exprimes',
    article: 'CGCT L5214-16 IV',
  });
});

test('the roll grid marks each suppléant with the titulaire they stand for, and records a withdrawal from an item (CGCT L5211-6, L2131-11)', async () => {
  await opened('200040012', 'epci-roll');
  const page = await pageAt('200040012', 'epci-roll', '', 'Appel');
  expect(await page.locator('[data-member="giraud-s"] th').textContent()).toContain('suppléant de Mme GIRAUD');
  expect(await page.locator('#proxy-giraud-s').isDisabled()).toBe(true);
  await page.locator('#roll-from').selectOption('CC_2026_004');
  expect(await page.locator('#withdraw-reason option').allTextContents()).not.toContain('compte administratif (vote)');
  await page.locator('#withdraw-member').selectOption('dumas');
  await page.locator('#withdraw-reason').selectOption('interest');
  await page.getByRole('button', { name: 'Ajouter le retrait' }).click();
  expect(await page.getByTestId('withdrawals').textContent()).toContain('Mme DUMAS — intéressé à l’affaire');
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByTestId('withdrawals').scrollIntoViewIfNeeded();
  await screenshot(page, '13-appel-suppleants-retrait');
  await page.getByRole('button', { name: "Enregistrer l'appel" }).click();
  await expect
    .poll(async () => (await logOf('200040012', 'epci-roll')).filter((e) => e.type === 'AttendanceRecorded').map((e) => e.status), {
      timeout: 20_000,
    })
    .toEqual(['applied', 'applied']);
});

test('the compte administratif, the président withdrawn: the page asks who presides, then words the outcome in the house style (CGCT L2121-14)', async () => {
  await opened('200040020', 'epci-ca', [accountsWithdrawal]);
  const page = await pageAt('200040020', 'epci-ca', '/points/CC_2026_001', 'Vote');
  await page.locator('#tally-pour').fill('16');
  await page.locator('#tally-contre').fill('0');
  await page.locator('#tally-abstention').fill('2');
  const preview = page.getByTestId('vote-preview');
  expect(await preview.textContent()).toContain('élit son président de séance, autre que M. MOREL');
  await page.locator('#presided-by').selectOption('lambert');
  expect(await preview.textContent()).toBe(
    'Votants 18, suffrages exprimés 16 — résultat : adoptée à la majorité avec 16 voix pour et 2 abstentions',
  );
  await page.getByRole('button', { name: 'Vérifier le vote' }).click();
  await page.getByRole('button', { name: 'Confirmer le vote' }).click();
  await expect
    .poll(() => page.getByTestId('outcome').textContent(), { timeout: 20_000 })
    .toBe('Pour 16, contre 0, abstention 2 : adoptée à la majorité avec 16 voix pour et 2 abstentions');
  expect(await page.getByTestId('withdrawn').textContent()).toContain('M. MOREL');
});

test('the election of a vice-président: no absolute majority at the first round, elected at the second, the rounds shown (CGCT L2122-7 par L5211-2)', async () => {
  await opened('200040038', 'epci-election');
  const page = await pageAt('200040038', 'epci-election', '/points/CC_2026_002', 'Élection');
  await page.locator('label[for="candidate-benard"]').click();
  await page.locator('label[for="candidate-chevalier"]').click();
  await page.locator('#round-1-ballots').fill('19');
  await page.locator('#round-1-blank').fill('1');
  await page.locator('#round-1-votes-benard').fill('9');
  await page.locator('#round-1-votes-chevalier').fill('9');
  const preview = page.getByTestId('election-preview');
  expect(await preview.textContent()).toBe(
    "aucun candidat n'a la majorité absolue (10 voix) au premier tour : la majorité relative n'élit qu'au troisième tour ; saisissez le tour suivant (CGCT L2122-7 par L5211-2)",
  );
  expect(await page.getByRole('button', { name: "Vérifier l'élection" }).isDisabled()).toBe(true);
  await page.getByRole('button', { name: 'Ajouter le tour suivant' }).click();
  await page.locator('#round-2-ballots').fill('19');
  await page.locator('#round-2-null').fill('1');
  await page.locator('#round-2-votes-benard').fill('10');
  await page.locator('#round-2-votes-chevalier').fill('8');
  expect(await preview.textContent()).toBe('Est élue Mme BENARD au deuxième tour de scrutin avec 10 voix');
  expect(await seriousViolations(page)).toEqual([]);
  expect(await page.getByTestId('quorum').textContent()).toContain('Quorum pour le point CC 2026 002');
  await screenshot(page, '14-election-deux-tours');
  await page.getByRole('button', { name: "Vérifier l'élection" }).click();
  await page.getByRole('button', { name: "Confirmer l'élection" }).click();
  await expect
    .poll(() => page.getByTestId('outcome').textContent(), { timeout: 20_000 })
    .toBe('Est élue Mme BENARD au deuxième tour de scrutin avec 10 voix');
  const rounds = await page.getByTestId('rounds').locator('tbody tr').allTextContents();
  expect(rounds).toEqual(['11910181099', '219011810108']);
  expect(await seriousViolations(page)).toEqual([]);
  await page.getByTestId('rounds').scrollIntoViewIfNeeded();
  await page.evaluate('window.scrollBy(0, -120)');
  await screenshot(page, '15-election-resultat');
});
