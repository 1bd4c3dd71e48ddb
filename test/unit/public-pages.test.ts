import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import type { PublishedAct, PublishedSeance } from '#ports/publications';
import type { AssemblyListing } from '#ports/seance-index';
import { escapeHtml, instantText } from '../../functions/api/public-layout.ts';
import { actPage, collectivitePage, notFoundPage, publicHomePage, seancePage } from '../../functions/api/public-pages.ts';
import { published, SIREN } from '../support/published-acts.ts';

const NAME = "Département d'Ille-et-Vilaine";
const TRICKY_TITLE = 'Marché <script>alert("x")</script> & avenant n° 2';

const seedAct = published('AD_2025_0043', '2025-03-20', {
  title: 'Transformation numérique et transformations des pratiques',
  matiere: '7.1.2',
  outcome: "adoptée à l'unanimité",
  vote: { inOffice: 54, pour: 54, contre: 0, abstention: 0 },
  receivedOn: '2025-03-24',
  // 14h05 in Paris: UTC+1 in March before the change of hour.
  publishedAt: '2025-03-24T13:05:00.000Z',
  executoireOn: '2025-03-24',
});
const trickyAct = published('AD_2025_0044', '2025-03-20', { title: TRICKY_TITLE });

const seance: PublishedSeance = {
  siren: SIREN,
  sessionId: 'cd35-2025-03-20',
  assemblyName: NAME,
  date: '2025-03-20',
  publishedAt: '2025-03-20T17:30:00.000Z',
  deliberations: [
    {
      number: 'AD_2025_0043',
      label: 'AD 2025 0043',
      title: seedAct.title,
      adopted: true,
      outcome: "adoptée à l'unanimité",
      publishedAs: seedAct.actesId,
    },
    { number: 'AD_2025_0045', label: 'AD 2025 0045', title: 'Subvention au club de voile', adopted: false, outcome: 'rejetée' },
  ],
};

const listings: AssemblyListing[] = [
  { siren: SIREN, name: NAME, kind: 'departement', departement: '035' },
  { siren: '213502388', name: 'Commune de Rennes & <Métropole>', kind: 'commune', departement: '035' },
];

const collectivite = (acts: readonly PublishedAct[], query = {}) =>
  collectivitePage({ assembly: { siren: SIREN, name: NAME }, acts, seances: [seance], query, years: ['2024', '2025'] });

/** The text of an element's content, tags removed and entities of escapeHtml undone. */
const textOf = (html: string) =>
  html
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();

/** The opening tags of an element, with their attributes (values unescaped). */
function tags(html: string, name: string): Record<string, string>[] {
  return [...html.matchAll(new RegExp(`<${name}\\b([^>]*)>`, 'g'))].map(([, attributes]) =>
    Object.fromEntries([...attributes!.matchAll(/([a-z-]+)(?:="([^"]*)")?/g)].map(([, key, value]) => [key!, textOf(value ?? '')])),
  );
}

/** The cells of each row of the page's tables, as text. */
const rowsOf = (html: string) =>
  [...html.matchAll(/<tr>(.*?)<\/tr>/gs)].map(([, row]) => [...row!.matchAll(/<t[dh][^>]*>(.*?)<\/t[dh]>/gs)].map(([, cell]) => cell!));

const VOID = new Set(['meta', 'link', 'input', 'br', 'wbr']);
/** Elements a paragraph cannot hold: the parser would close the paragraph before them. */
const BLOCKS = new Set(['p', 'div', 'ul', 'ol', 'dl', 'table', 'h1', 'h2', 'h3', 'form', 'fieldset', 'nav', 'header', 'main', 'footer']);

/**
 * A DOM-free check of the markup: with every text escaped, a `<` only opens a tag, so walking the tags
 * tells whether each element is closed where it was opened, and holds only what it may.
 */
function unbalanced(html: string): string[] {
  const stack: string[] = [];
  const errors: string[] = [];
  for (const [, closing, name] of html.replace(/^<!doctype html>/i, '').matchAll(/<(\/?)([a-z][a-z0-9]*)\b[^>]*>/g)) {
    if (VOID.has(name!)) continue;
    if (!closing && BLOCKS.has(name!) && stack.includes('p')) errors.push(`<${name}> inside <p>`);
    if (!closing) stack.push(name!);
    else if (stack.pop() !== name) errors.push(`</${name}>`);
  }
  return [...errors, ...stack.map((name) => `<${name}> left open`)];
}

const DSFR_CSS = readFileSync(createRequire(import.meta.url).resolve('@gouvfr/dsfr/dist/dsfr.min.css'), 'utf8');

const pages = {
  home: publicHomePage(listings),
  collectivite: collectivite([seedAct, trickyAct], { objet: 'numérique' }),
  empty: collectivite([], { du: '2030-01-01' }),
  act: actPage(seedAct),
  tricky: actPage(trickyAct),
  seance: seancePage(seance),
  notFound: notFoundPage('Aucun acte publié ne porte ce numéro.'),
};

describe('every page of the public site (RGAA, DSFR)', () => {
  test.each(Object.entries(pages))('%s: lang="fr", a title, one h1, a skip link, header/main/footer, no script', (_, html) => {
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<html lang="fr">');
    expect(html).toMatch(/<title>[^<]+ — Actes publiés<\/title>/);
    expect(html.match(/<h1\b/g)).toHaveLength(1);
    expect(html).toMatch(/<a class="fr-link" href="#contenu">Aller au contenu<\/a>/);
    expect(html).toContain('<main id="contenu"');
    for (const landmark of ['header', 'main', 'footer']) expect(html.match(new RegExp(`<${landmark}\\b`, 'g'))).toHaveLength(1);
    expect(html).toContain('<link rel="stylesheet" href="/assets/dsfr.min.css">');
    expect(html).not.toMatch(/<script|\bon[a-z]+=|javascript:|style=/i);
    expect(unbalanced(html)).toEqual([]);
    expect(html).toContain('L2131-1');
  });

  test.each(Object.entries(pages))('%s: labelled fields, tables with a caption and scoped headers, links with text', (_, html) => {
    const labels = new Set(tags(html, 'label').map((label) => label.for));
    for (const input of tags(html, 'input')) expect(labels).toContain(input.id);
    const tables = html.match(/<table>/g)?.length ?? 0;
    expect(html.match(/<caption>[^<]/g)?.length ?? 0).toBe(tables);
    for (const th of tags(html, 'th')) expect(th.scope).toMatch(/^(col|row)$/);
    for (const [, content] of html.matchAll(/<a\b[^>]*>(.*?)<\/a>/gs)) expect(textOf(content!)).not.toBe('');
  });

  test.each(Object.entries(pages))('%s: uses only classes the DSFR defines', (_, html) => {
    const classes = new Set(tags(html, '[a-z]+').flatMap((t) => (t.class ?? '').split(/\s+/).filter(Boolean)));
    const unknown = [...classes].filter((name) => !new RegExp(`\\.${name.replace(/[@\\]/g, '\\\\$&')}(?![\\w-])`).test(DSFR_CSS));
    expect(unknown).toEqual([]);
  });
});

describe('escaping', () => {
  test('a title with <script> and & is shown as text, never as markup', () => {
    for (const html of [pages.tricky, pages.collectivite]) {
      expect(html).not.toContain('<script');
      expect(html).toContain('Marché &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; avenant n° 2');
    }
    const h1 = pages.tricky.match(/<h1>(.*?)<\/h1>/s)![1]!;
    expect(textOf(h1)).toBe(TRICKY_TITLE);
    expect(pages.tricky).toMatch(/<title>[^<]*&lt;script&gt;[^<]*<\/title>/);
  });

  test('escapeHtml escapes the five characters of HTML', () => {
    expect(escapeHtml(`<a href="x">l'"&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;l&#39;&quot;&amp;&#39;&lt;/a&gt;');
  });

  test('the home page escapes a collectivité name and links its page', () => {
    expect(pages.home).toContain('Commune de Rennes &amp; &lt;Métropole&gt;');
    expect(tags(pages.home, 'a').map((a) => a.href)).toEqual(expect.arrayContaining(['/213502388', `/${SIREN}`]));
  });
});

describe('the page of a published act (CGCT L2131-1)', () => {
  const html = pages.act;
  const terms = Object.fromEntries(
    [...html.matchAll(/<dt[^>]*>(.*?)<\/dt>\s*<dd[^>]*>(.*?)<\/dd>/gs)].map(([, dt, dd]) => [textOf(dt!), textOf(dd!)]),
  );

  test('it cites the article that publishes the acts of its kind of collectivité: L2131-1 (communes, EPCI), L3131-1 (départements), L4141-1 (régions)', () => {
    const cited = (kind: 'commune' | 'epci' | 'departement' | 'region') =>
      /exécutoire depuis [^(]*\(CGCT ([^)]*)\)/.exec(textOf(actPage({ ...seedAct, assembly: { ...seedAct.assembly, kind } })))?.[1];
    expect([cited('commune'), cited('epci'), cited('departement'), cited('region')]).toEqual(['L2131-1', 'L2131-1', 'L3131-1', 'L4141-1']);
  });

  test('L2131-1: it says the day the act became executory, in French', () => {
    expect(terms['Exécutoire le']).toBe('24 mars 2025');
    expect(textOf(html)).toContain('Exécutoire le 24 mars 2025');
  });

  test('L2131-1: it says when it was published, at the hour of Paris, and received in préfecture', () => {
    expect(terms['Publié le']).toBe('24 mars 2025 à 14h05');
    expect(terms['Transmis en préfecture le']).toBe('24 mars 2025');
    expect(instantText('2025-07-01T07:00:00Z')).toBe('1er juillet 2025 à 9h');
    expect(instantText('2025-03-30T22:30:00Z')).toBe('31 mars 2025 à 0h30');
  });

  test('its number, IDActe, séance, nature, matière, result, votes and fingerprint', () => {
    expect(terms).toMatchObject({
      Numéro: 'AD 2025 0043',
      IDActe: seedAct.actesId,
      Nature: 'Délibération',
      Résultat: "Adoptée à l'unanimité",
      'Empreinte SHA-256 du PDF': seedAct.sha256,
    });
    expect(terms['Séance du']).toMatch(/^20 mars 2025/);
    expect(terms['Matière']).toMatch(/^7\.1\.2 /);
    expect(terms['Votes']).toContain('Pour : 54');
    expect(terms['Votes']).toContain('54 membres en exercice');
    expect(textOf(html.match(/<h1>(.*?)<\/h1>/s)![1]!)).toBe(seedAct.title);
  });

  test('without votes nor reception, those lines are left out', () => {
    const bare = actPage(published('AR_2025_0001', '2025-04-01', { nature: 'AR', outcome: 'élection' }));
    expect(bare).not.toContain('>Votes<');
    expect(bare).not.toContain('Transmis en préfecture le');
    expect(bare).toContain('Acte réglementaire');
    expect(bare).toContain('1er avril 2025');
  });

  test('it links its documents (PDF, accessible HTML, text) and its collectivité', () => {
    const hrefs = tags(html, 'a').map((a) => a.href);
    for (const format of ['pdf', 'html', 'txt']) expect(hrefs).toContain(`/documents/${SIREN}/${seedAct.actesId}.${format}`);
    expect(hrefs).toContain(`/${SIREN}`);
    expect(hrefs).toContain(`/${SIREN}/seances/cd35-2025-03-20`);
    expect(textOf(html)).toContain("Version accessible de l'acte n° AD 2025 0043 HTML");
    expect(textOf(html)).toContain('tampon de la préfecture');
  });
});

describe("a collectivité's page (CGCT L2131-1)", () => {
  const html = collectivite([seedAct, trickyAct], { du: '2025-01-01', au: '2025-12-31', numero: 'AD 2025', objet: '"pratiques" & co' });

  test('its h1 names the collectivité, and its search form sends GET to its own address', () => {
    expect(textOf(html.match(/<h1>(.*?)<\/h1>/s)![1]!)).toBe(NAME);
    expect(tags(html, 'form')[0]).toMatchObject({ method: 'get', action: `/${SIREN}` });
    expect(textOf(html)).toContain('Rechercher');
  });

  test('the search keeps the values it was given in its fields', () => {
    const inputs = Object.fromEntries(tags(html, 'input').map((input) => [input.name, input]));
    expect(inputs.du).toMatchObject({ type: 'date', value: '2025-01-01' });
    expect(inputs.au).toMatchObject({ type: 'date', value: '2025-12-31' });
    expect(inputs.numero?.value).toBe('AD 2025');
    expect(inputs.objet?.value).toBe('"pratiques" & co');
    expect(html).toContain('value="&quot;pratiques&quot; &amp; co"');
    const labels = Object.fromEntries(tags(html, 'label').map((l, i) => [l.for, textOf(html.match(/<label[^>]*>(.*?)<\/label>/gs)![i]!)]));
    expect(labels.du).toBe('Du');
    expect(labels.au).toBe('Au');
    expect(labels.numero).toMatch(/^Numéro/);
    expect(labels.objet).toMatch(/^Objet/);
  });

  test('L2131-1: each act links its page and its PDF and HTML documents, named with its number', () => {
    const links = [...html.matchAll(/<a\b([^>]*)>(.*?)<\/a>/gs)].map(([, attrs, content]) => ({
      href: /href="([^"]*)"/.exec(attrs!)?.[1],
      text: textOf(content!),
    }));
    expect(links).toContainEqual({ href: `/${SIREN}/actes/${seedAct.actesId}`, text: seedAct.title });
    expect(links).toContainEqual({ href: `/documents/${SIREN}/${seedAct.actesId}.pdf`, text: "PDF de l'acte n° AD 2025 0043" });
    expect(links).toContainEqual({ href: `/documents/${SIREN}/${seedAct.actesId}.html`, text: "HTML de l'acte n° AD 2025 0043" });
  });

  test('the table shows date, number, object, result and the day it became executory', () => {
    const rows = rowsOf(html).map((cells) => cells.map(textOf));
    expect(rows[0]).toEqual(['Date', 'Numéro', 'Objet', 'Résultat', 'Exécutoire le', 'Documents']);
    expect(rows).toContainEqual(expect.arrayContaining(['20 mars 2025', 'AD 2025 0043', seedAct.title, 'Adoptée', '24 mars 2025']));
    expect(html).toContain('fr-badge--success');
    expect(html).toMatch(/<caption>[^<]*2 actes/);
  });

  test('L2131-1: a rejected act wears the error badge', () => {
    expect(collectivite([published('AD_2025_0045', '2025-03-20', { adopted: false, outcome: 'rejetée' })])).toMatch(
      /fr-badge--error">Rejetée</,
    );
  });

  test('when nothing matches, it says so instead of an empty table', () => {
    expect(pages.empty).toContain('Aucun acte publié ne correspond à la recherche.');
    expect(pages.empty).not.toContain('<table>');
  });

  test("L2121-25: it links each séance's list of délibérations, and the open data of each year", () => {
    const links = tags(html, 'a').map((a) => a.href);
    expect(links).toContain(`/${SIREN}/seances/cd35-2025-03-20`);
    expect(textOf(html)).toContain('Séance du 20 mars 2025 — liste publiée le 20 mars 2025 à 18h30');
    expect(links).toContain(`/open-data/deliberations.csv?siren=${SIREN}&year=2025`);
    expect(html).toContain(`/open-data/deliberations.csv?siren=${SIREN}&amp;year=2024`);
    expect(textOf(html)).toContain('Délibérations 2025 (CSV, format SCDL)');
    expect(html).toMatch(/<h2[^>]*>Listes des délibérations par séance<\/h2>/);
    expect(html).toMatch(/<h2[^>]*>Données ouvertes<\/h2>/);
  });

  test('addresses are built with encodeURIComponent', () => {
    const odd = published('AD/2025 0046', '2025-03-20', { actesId: 'a/b c?d' });
    const page = collectivite([odd]);
    expect(page).toContain('href="/223500018/actes/a%2Fb%20c%3Fd"');
    expect(page).toContain('href="/documents/223500018/a%2Fb%20c%3Fd.pdf"');
  });
});

describe('the list of the délibérations of a séance (CGCT L2121-25)', () => {
  const html = pages.seance;

  test('L2121-25: its h1 names the séance, and it says when the list was published', () => {
    expect(textOf(html.match(/<h1>(.*?)<\/h1>/s)![1]!)).toBe('Liste des délibérations — séance du 20 mars 2025');
    expect(textOf(html)).toContain('Publiée le 20 mars 2025 à 18h30');
  });

  test('L2121-25: it lists the rejected délibérations as well as the adopted ones', () => {
    const rows = rowsOf(html).map((cells) => cells.map(textOf));
    expect(rows[0]).toEqual(['Numéro', 'Objet', 'Décision', 'Acte publié']);
    expect(rows).toContainEqual(['AD 2025 0043', seedAct.title, "adoptée à l'unanimité", "Voir l'acte publié n° AD 2025 0043"]);
    expect(rows).toContainEqual(['AD 2025 0045', 'Subvention au club de voile', 'rejetée', 'Non publié']);
    expect(tags(html, 'a').map((a) => a.href)).toContain(`/${SIREN}/actes/${seedAct.actesId}`);
  });
});

test('the 404 page says what was not found and leads home', () => {
  expect(pages.notFound).toMatch(/<h1[^>]*>Page introuvable<\/h1>/);
  expect(pages.notFound).toContain('Aucun acte publié ne porte ce numéro.');
  expect(notFoundPage('<b>')).toContain('&lt;b&gt;');
  expect(tags(pages.notFound, 'a').map((a) => a.href)).toContain('/');
});
