import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { replay } from '#domain/session';
import { extractContent } from '#extract/extract-content';
import { frenchDate, frenchHour } from '#extract/french';
import { renderHtml } from '#extract/render-html';
import { renderPdf } from '#extract/render-pdf';
import { renderText } from '#extract/render-text';
import type { SessionOpened } from '#events/session-events';
import { pdfText } from '../support/pdf-text.ts';
import { itemOf, sampleEvents } from '../support/seance.ts';

const SEED = join(import.meta.dirname, '..', 'data', 'deliberation-AD-2025-0043.txt');

function act(file: string, number: string) {
  const events = sampleEvents(file);
  const { state } = replay(events);
  const opening = events.find((e): e is SessionOpened => e.type === 'SessionOpened')!;
  return { state: state!, item: itemOf(state, number), texts: opening.payload.items.find((i) => i.number === number)! };
}

const seed = act('cd35-2025-03-20-ad-2025-0043.json', 'AD_2025_0043');
const content = extractContent(seed.state, seed.item, seed.texts);
const stamped = extractContent(seed.state, seed.item, seed.texts, { receivedOn: '2025-03-28', actesId: seed.item.actesId });
/** Whitespace is the only difference allowed, as the OCR of the seed left it. */
const squeeze = (line: string) => line.replace(/\s+/g, '');

describe('the certified extract of the seed act', () => {
  test('the text holds, line for line, the seed’s convocation, member lists, proxies, vote line and outcome sentence', () => {
    const mended = readFileSync(SEED, 'utf8')
      .replace('**MARTINS** M. (pouvoir donné DUGUÉPÉROUX-HONORÉ)', 'M. MARTINS (pouvoir donné à Mme DUGUÉPÉROUX-HONORÉ)')
      .replace('(pouvoir donné à COURTIGNÉ)', '(pouvoir donné à Mme COURTIGNÉ)');
    const wanted = mended
      .split('\n')
      .filter((line) =>
        /^(Le 20 mars 2025 à|Au moment du vote|Étaient présents:|Absents et pouvoirs:|Mme ABADIE \(pouvoir|Après épuisement|Vu le code|Vote:|Pour : 54|En conséquence)/.test(
          line.trim(),
        ),
      );
    expect(wanted).toHaveLength(10);
    const ours = new Set(renderText(content).split('\n').map(squeeze));
    for (const line of wanted) expect(ours, line).toContain(squeeze(line));
  });

  test('it reads in the order of the registre, from the séance to "Pour extrait conforme"', () => {
    const text = renderText(content);
    const order = [
      'Conseil départemental',
      'Séance du 20 mars 2025',
      'N° AD 2025 0043',
      'Rapporteur : M. COULOMBEL',
      'Commission n°3',
      '38 - Numérique',
      'Transformation numérique et transformations des pratiques',
      'régulièrement convoqués par M. CHENUT, Président',
      'Étaient présents:',
      'Absents et pouvoirs:',
      'Membres en exercice : 54 — Présents : 40 — Représentés : 14 — Votants : 54 — Quorum : 28',
      'levée à 18h07',
      'Exposé :',
      'Décide :',
      'Pour : 54 Contre : 0 Abstention : 0',
      "adoptée à l'unanimité",
      'Pour extrait conforme',
      'À Rennes, le 21 mars 2025',
      'Le Président, M. CHENUT',
    ];
    const positions = order.map((part) => text.indexOf(part));
    expect(positions.every((p) => p >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });

  test('the stamped copy bears the acknowledgement date and the IDActe, as the seed does', () => {
    expect(renderText(stamped).split('\n')[0]).toBe(
      'Transmis en préfecture le : 28 mars 2025 — ID : 035-223500018-20250320-AD_2025_0043-DE',
    );
    expect(renderText(content)).not.toContain('Transmis en préfecture');
  });

  test('the PDF is A4, read back holds the same lines, numbers its pages and carries the IDActe on each', async () => {
    const pdf = await renderPdf(stamped, seed.state.assembly.name);
    const read = await pdfText(pdf);
    expect(read.size.map(Math.round)).toEqual([595, 842]);
    expect(read.title).toBe('AD 2025 0043 — Transformation numérique et transformations des pratiques');
    const all = squeeze(read.pages.join(''));
    for (const line of [
      'Transmis en préfecture le : 28 mars 2025 — ID : 035-223500018-20250320-AD_2025_0043-DE',
      'M. MARTINS (pouvoir donné à Mme DUGUÉPÉROUX-HONORÉ)',
      'Pour : 54 Contre : 0 Abstention : 0',
      "En conséquence, la délibération est adoptée à l'unanimité.",
      'Pour extrait conforme',
    ])
      expect(all).toContain(squeeze(line));
    read.pages.forEach((page, index) => {
      expect(page).toContain(`Page ${index + 1} / ${read.pages.length}`);
      expect(page).toContain('035-223500018-20250320-AD_2025_0043-DE');
    });
    expect(read.pages.length).toBeGreaterThan(1);
  });

  test('the same séance always gives the same PDF bytes, so its SHA-256 identifies it', async () => {
    const first = await renderPdf(content, seed.state.assembly.name);
    const second = await renderPdf(content, seed.state.assembly.name);
    expect(first.equals(second)).toBe(true);
  });

  test('the HTML says the same, escaped', () => {
    const html = renderHtml(content);
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('<p class="outcome">En conséquence, la délibération est adoptée à l&#39;unanimité.</p>');
  });
});

describe('an act with annexes', () => {
  const annexes = [
    { file: 'a'.repeat(64), type: '22_AN', title: 'Budget primitif 2025 — maquette' },
    { file: 'b'.repeat(64), type: '75_PL', title: 'Plan de situation' },
  ];
  const item = { ...seed.item, annexes };
  const text = renderText(extractContent(seed.state, item, seed.texts));

  test('lists them after the outcome, before "Pour extrait conforme", numbered with their piece type', () => {
    const lines = text.split('\n').map((line) => line.trim());
    const heading = lines.indexOf('Annexes (2) :');
    expect(heading).toBeGreaterThan(lines.findIndex((line) => line.startsWith('En conséquence')));
    expect(lines.slice(heading + 1, heading + 3)).toEqual([
      '1. Budget primitif 2025 — maquette (pièce 22_AN)',
      '2. Plan de situation (pièce 75_PL)',
    ]);
    expect(heading).toBeLessThan(lines.indexOf('Pour extrait conforme'));
  });

  test('an act without annexes says nothing of them', () => {
    expect(renderText(content)).not.toMatch(/Annexe/);
  });
});

describe('the wording of other séances', () => {
  const commune = act('val-exemple-2025-06-12-commune.json', 'DEL_2025_042');
  const text = renderText(extractContent(commune.state, commune.item, commune.texts));

  test('a commune is convened by its maire, who signs as such', () => {
    expect(text).toContain('régulièrement convoqués le 5 juin 2025 par Mme LEBRUN, Maire');
    expect(text).toContain('La Maire, Mme LEBRUN');
  });

  test('a roll-call tie names the casting vote of who presided (CGCT L2121-20)', () => {
    expect(text).toContain('Vote (scrutin public) :');
    expect(text).toContain('Pour : 4 Contre : 4 Abstention : 2');
    expect(text).toContain('La voix de Mme LEBRUN, qui préside, étant prépondérante,');
    expect(text).toContain('En conséquence, la délibération est adoptée à la majorité.');
  });

  test('absent members without a proxy are listed with those represented, in the order of the members', () => {
    expect(text).toContain(
      'M. FABRE (pouvoir donné à M. LEROY), M. HENRY (pouvoir donné à M. AUBERT), Mme JACOB (pouvoir donné à Mme BARBIER), Mme MARCHAL',
    );
  });

  test('French dates and hours', () => {
    expect(frenchDate('2025-03-01')).toBe('1er mars 2025');
    expect(frenchDate('2025-08-15')).toBe('15 août 2025');
    expect(frenchHour('09:30')).toBe('9h30');
    expect(frenchHour('10:00')).toBe('10h');
  });

  test('an item not yet signed cannot be certified', () => {
    const { state } = replay(sampleEvents('val-exemple-2025-06-12-commune.json').slice(0, 3));
    expect(() => extractContent(state!, itemOf(state, 'DEL_2025_041'), {})).toThrow('must be voted and signed');
  });
});
