import { describe, expect, test } from 'vitest';
import { replay } from '#domain/session';
import { extractContent } from '#extract/extract-content';
import { renderHtml } from '#extract/render-html';
import { renderPdf } from '#extract/render-pdf';
import { renderText } from '#extract/render-text';
import type { SessionOpened } from '#events/session-events';
import { pdfText } from '../support/pdf-text.ts';
import { electionOf, itemOf, motionOf, sampleEvents } from '../support/seance.ts';

/**
 * The sample séance of a conseil communautaire (events/samples/cc-val-exemple-2026-03-26-epci.json):
 * 20 titulaires, two suppléants sitting, a titulaire with a suppléant who gave a proxy instead, the
 * compte administratif with the président out of the room, the election of a vice-président in two
 * rounds, an item needing two thirds, and a member interested in a subsidy who held a proxy.
 */
const events = sampleEvents('cc-val-exemple-2026-03-26-epci.json');
const { state, steps } = replay(events);
const opening = events.find((e): e is SessionOpened => e.type === 'SessionOpened')!;
const extract = (number: string) =>
  renderText(
    extractContent(
      state!,
      itemOf(state, number),
      opening.payload.items.find((i) => i.number === number)!,
    ),
  );

describe('the sample séance of a conseil communautaire, replayed through the pure core', () => {
  test('every event is applied: the rules of CGCT L5211-6, L2121-14, L2122-7, L5214-16 IV and L2131-11 accept the whole séance', () => {
    expect(steps.filter((s) => s.status !== 'applied')).toEqual([]);
    expect(state?.items.map((i) => i.status)).toEqual(['signed', 'signed', 'signed', 'signed']);
  });

  test('the roll counts titulaires and suppléants apart: 15 titulaires and 2 suppléants present, 2 proxies, 19 votants (CGCT L5211-6)', () => {
    const { quorum, attendance } = motionOf(state, 'CC_2026_003');
    expect(quorum).toMatchObject({ inOffice: 20, required: 11, present: 17, suppleants: 2, represented: 2, voting: 19, reached: true });
    expect(attendance.substitutes).toEqual([
      { memberId: 'giraud-s', titulaireId: 'giraud' },
      { memberId: 'perret-s', titulaireId: 'perret' },
    ]);
    expect(attendance.represented).toContainEqual({ memberId: 'renaud', holderId: 'blanc' });
    expect(extract('CC_2026_003')).toContain(
      'Membres en exercice : 20 — Présents : 17 (titulaires : 15, suppléants : 2) — Représentés : 2 — Votants : 19 — Quorum : 11',
    );
    expect(extract('CC_2026_003')).toContain('M. TESSIER (suppléant de Mme GIRAUD), Mme VALLÉE (suppléante de M. PERRET)');
    expect(extract('CC_2026_003')).toContain('Mme GIRAUD (suppléée par M. TESSIER), M. PERRET (suppléé par Mme VALLÉE)');
  });

  test('the compte administratif: the président withdraws for the vote, M. LAMBERT presides, the house style words it (CGCT L2121-14 par L5211-1)', () => {
    const ca = motionOf(state, 'CC_2026_001');
    expect(ca.presiding).toBe('lambert');
    expect(ca.quorum).toMatchObject({ present: 17, withdrawn: 1, voting: 18 });
    expect(ca.outcome).toMatchObject({
      adopted: true,
      wording: 'adoptée à la majorité',
      text: 'adoptée à la majorité avec 16 voix pour et 2 abstentions',
    });
    const text = extract('CC_2026_001');
    expect(text).toContain("M. MOREL, Président, ayant assisté au débat, s'est retiré au moment du vote du compte administratif.");
    expect(text).toContain('M. LAMBERT, élu pour présider la séance pendant ce vote, en assure la présidence.');
    expect(text).toContain('En conséquence, la délibération est adoptée à la majorité avec 16 voix pour et 2 abstentions.');
    expect(text).not.toMatch(/Étaient présents: M\. MOREL/);
    expect(text).toContain(
      'Présents : 17 (titulaires : 15, suppléants : 2), dont 1 retiré au moment du vote — Représentés : 2 — Votants : 18',
    );
  });

  test('the vice-président is elected at the second round, with the table of rounds (CGCT L2122-7 par L5211-2)', () => {
    const election = electionOf(state, 'CC_2026_002');
    expect(election).toMatchObject({
      office: 'vice_president',
      secret: true,
      rule: 'CGCT L2122-7 par L5211-2',
      elected: { candidate: 'benard', round: 2, votes: 10 },
    });
    const text = extract('CC_2026_002');
    expect(text).toContain('Élection (scrutin secret) :');
    expect(text).toContain(
      'Premier tour — Votants : 19 — Blancs : 1 — Nuls : 0 — Suffrages exprimés : 18 — Majorité absolue : 10 — Mme BENARD : 9 — M. CHEVALIER : 9',
    );
    expect(text).toContain(
      'Deuxième tour — Votants : 19 — Blancs : 0 — Nuls : 1 — Suffrages exprimés : 18 — Majorité absolue : 10 — Mme BENARD : 10 — M. CHEVALIER : 8',
    );
    expect(text).toContain('Est élue Mme BENARD au deuxième tour de scrutin avec 10 voix.');
    expect(text).toContain('Mme BENARD est proclamée vice-présidente.');
  });

  test('the intérêt communautaire takes two thirds of the suffrages exprimés: 14 of 18 (CGCT L5214-16 IV)', () => {
    expect(motionOf(state, 'CC_2026_003').outcome).toMatchObject({ adopted: true, required: { share: 'two_thirds', votes: 12 } });
    expect(extract('CC_2026_003')).toContain(
      'En conséquence, la délibération est adoptée à la majorité des deux tiers des suffrages exprimés avec 14 voix pour, 4 voix contre et 1 abstention.',
    );
  });

  test('Mme DUMAS, interested, withdraws: the proxy she held is not exercised and the extract says so (CGCT L2131-11)', () => {
    const { attendance, quorum } = motionOf(state, 'CC_2026_004');
    expect(attendance.lapsed).toEqual([{ memberId: 'caron', holderId: 'dumas' }]);
    expect(quorum).toMatchObject({ present: 16, represented: 1, voting: 17 });
    const text = extract('CC_2026_004');
    expect(text).toContain('Mme DUMAS, intéressée, ne prend pas part au vote et quitte la séance.');
    expect(text).toContain('M. CARON (pouvoir donné à Mme DUMAS, qui ne prend pas part au vote)');
  });

  test('the rounds are a table in the HTML (headers by column and by row) and in the PDF, and the election reads the same there (CGCT L2122-7)', async () => {
    const content = extractContent(state!, itemOf(state, 'CC_2026_002'), opening.payload.items[1]!);
    const html = renderHtml(content);
    expect(html).toContain('<caption>Tours de scrutin</caption>');
    expect(html).toContain('<th scope="col">Mme BENARD</th><th scope="col">M. CHEVALIER</th>');
    expect(html).toContain(
      '<tr><th scope="row">Deuxième tour</th><td>19</td><td>0</td><td>1</td><td>18</td><td>10</td><td>10</td><td>8</td></tr>',
    );
    const read = (await pdfText(await renderPdf(content, state!.assembly.name))).pages.join(' ').replace(/\s+/g, ' ');
    expect(read).toContain('Majorité absolue');
    expect(read).toContain('Deuxième tour');
    expect(read).toContain('Est élue Mme BENARD au deuxième tour de scrutin avec 10 voix.');
  });
});
