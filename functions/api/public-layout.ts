/**
 * The shell of the public site's pages, where collectivités publish their acts (CGCT L2131-1) and the
 * lists of the délibérations of their séances (L2121-25): the DSFR page (skip link, header, main,
 * footer), the escaping of every text put in it, its addresses, and its dates in French. Pure: each
 * function returns HTML text, and the pages need no script to be read.
 */
import { frenchDate, frenchInstant } from '#extract/french';
import { escapeHtml } from '#extract/render-html';

/** The service's name, in the header and at the end of every title. */
export const SERVICE_NAME = 'Actes publiés';

export { escapeHtml };

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** "2025-03-20" → "20 mars 2025"; a value that is no date is shown as it is. Text, not yet escaped. */
export const dayText = (isoDate: string): string => (ISO_DATE.test(isoDate) ? frenchDate(isoDate) : isoDate);

/** The same, escaped for HTML. */
export const dateText = (isoDate: string): string => escapeHtml(dayText(isoDate));

/** An instant as the acts write it: "24 mars 2025 à 14h05", "1er avril 2025 à 9h". Escaped. */
export const instantText = (iso: string): string => escapeHtml(frenchInstant(iso) ?? iso);

/** "adoptée à l'unanimité" → "Adoptée à l'unanimité". */
export const capitalised = (text: string) => text.charAt(0).toLocaleUpperCase('fr') + text.slice(1);

const segment = encodeURIComponent;

/** The addresses of the public site, from its root. */
export const hrefs = {
  home: () => '/',
  collectivite: (siren: string) => `/${segment(siren)}`,
  act: (siren: string, actesId: string) => `/${segment(siren)}/actes/${segment(actesId)}`,
  seance: (siren: string, sessionId: string) => `/${segment(siren)}/seances/${segment(sessionId)}`,
  document: (siren: string, actesId: string, format: 'pdf' | 'html' | 'txt') =>
    `/documents/${segment(siren)}/${segment(actesId)}.${format}`,
  openData: (siren: string, year: string) => `/open-data/deliberations.csv?siren=${segment(siren)}&year=${segment(year)}`,
};

/** A crumb of the breadcrumb: a link, or (the last one) the page itself. */
export interface Crumb {
  readonly label: string;
  readonly href?: string;
}

/** Where the page stands, in the DSFR's breadcrumb, always unfolded (no script to unfold it). */
export function breadcrumb(trail: readonly Crumb[]): string {
  const items = [{ label: 'Accueil', href: hrefs.home() }, ...trail].map((crumb, index, all) =>
    index === all.length - 1 || crumb.href === undefined
      ? `<li><a class="fr-breadcrumb__link" aria-current="page">${escapeHtml(crumb.label)}</a></li>`
      : `<li><a class="fr-breadcrumb__link" href="${escapeHtml(crumb.href)}">${escapeHtml(crumb.label)}</a></li>`,
  );
  return `<nav role="navigation" class="fr-breadcrumb" aria-label="vous êtes ici :">
<ol class="fr-breadcrumb__list">${items.join('')}</ol>
</nav>`;
}

/** A DSFR table: its caption (HTML), its column headers, and its rows of cells (HTML). */
export function table(caption: string, columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const head = columns.map((column) => `<th scope="col">${escapeHtml(column)}</th>`).join('');
  const body = rows.map((cells) => `<tr>${cells.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('\n');
  return `<div class="fr-table fr-table--multiline">
<div class="fr-table__wrapper"><div class="fr-table__container"><div class="fr-table__content">
<table>
<caption>${caption}</caption>
<thead><tr>${head}</tr></thead>
<tbody>
${body}
</tbody>
</table>
</div></div></div>
</div>`;
}

/** What a page puts in the shell. */
export interface PageContent {
  /** What the page is, before " — Actes publiés" in its title. */
  readonly title: string;
  /** The collectivité the page is about, named in the header and the footer. */
  readonly collectivite?: string;
  /** The content of `<main>`, HTML, with the page's only h1. */
  readonly main: string;
}

function header(collectivite: string | undefined): string {
  const tagline = collectivite ?? 'Publication électronique des actes des collectivités territoriales';
  return `<header role="banner" class="fr-header">
<div class="fr-header__body">
<div class="fr-container">
<div class="fr-header__body-row">
<div class="fr-header__brand fr-enlarge-link">
<div class="fr-header__brand-top">
<div class="fr-header__logo"><p class="fr-logo">République<br>Française</p></div>
</div>
<div class="fr-header__service">
<a href="${hrefs.home()}" title="Accueil — ${SERVICE_NAME}"><p class="fr-header__service-title">${SERVICE_NAME}</p></a>
<p class="fr-header__service-tagline">${escapeHtml(tagline)}</p>
</div>
</div>
</div>
</div>
</div>
</header>`;
}

function footer(collectivite: string | undefined): string {
  const whose = collectivite === undefined ? '' : `Publication des actes : ${escapeHtml(collectivite)}. `;
  return `<footer class="fr-footer" role="contentinfo" id="pied-de-page">
<div class="fr-container">
<div class="fr-footer__body">
<div class="fr-footer__brand fr-enlarge-link">
<a href="${hrefs.home()}" title="Accueil — ${SERVICE_NAME}"><p class="fr-logo">République<br>Française</p></a>
</div>
<div class="fr-footer__content">
<p class="fr-footer__content-desc">${whose}Les actes sont publiés ici sous forme électronique, dans leur intégralité, en application du code général des collectivités territoriales (articles L2131-1, L3131-1 et L4141-1). Chaque acte est exécutoire à la date indiquée sur sa page.</p>
</div>
</div>
</div>
</footer>`;
}

/** A whole page of the public site: the DSFR's skip link, header, main and footer, readable without script. */
export function page({ title, collectivite, main }: PageContent): string {
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, shrink-to-fit=no">
<meta name="format-detection" content="telephone=no">
<title>${escapeHtml(title)} — ${SERVICE_NAME}</title>
<link rel="stylesheet" href="/assets/dsfr.min.css">
</head>
<body>
<div class="fr-skiplinks">
<nav class="fr-container" role="navigation" aria-label="Accès rapide">
<ul class="fr-skiplinks__list">
<li><a class="fr-link" href="#contenu">Aller au contenu</a></li>
<li><a class="fr-link" href="#pied-de-page">Aller au pied de page</a></li>
</ul>
</nav>
</div>
${header(collectivite)}
<main id="contenu" class="fr-container fr-pb-6w" tabindex="-1">
${main}
</main>
${footer(collectivite)}
</body>
</html>
`;
}
