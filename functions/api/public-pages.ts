/**
 * The pages of the public site, one per collectivité: its acts published in full, electronically
 * (CGCT L2131-1), each with the day it became executory and its documents, and the list of the
 * délibérations each séance examined, adopted or rejected (L2121-25). Pure functions of what is
 * published: each returns a whole HTML page, in French, in the DSFR, readable without script.
 */
import { matiereOf } from '#actes/classification';
import type { NatureAbbreviation } from '#events/vocabulary';
import type { PublishedAct, PublishedSeance } from '#ports/publications';
import type { AssemblyListing } from '#ports/seance-index';
import { breadcrumb, capitalised, dateText, dayText, escapeHtml, hrefs, instantText, page, SERVICE_NAME, table } from './public-layout.ts';

/** The @CTES natures of an act, as the public reads them. */
const NATURE_LABELS: Record<NatureAbbreviation, string> = {
  DE: 'Délibération',
  AR: 'Acte réglementaire',
  AI: 'Acte individuel',
  CC: 'Contrat, convention ou avenant',
  BF: 'Document budgétaire et financier',
  AU: 'Autre',
};

/** The search of a collectivité's page, as its query string gave it (dates YYYY-MM-DD). */
export interface ActSearch {
  readonly du?: string;
  readonly au?: string;
  readonly numero?: string;
  readonly objet?: string;
}

export interface CollectivitePageInput {
  readonly assembly: { readonly siren: string; readonly name: string };
  /** The acts that match `query`, as the caller filtered them; shown newest first. */
  readonly acts: readonly PublishedAct[];
  readonly seances: readonly PublishedSeance[];
  readonly query: ActSearch;
  /** The years with published acts, each with its open data. */
  readonly years: readonly string[];
}

const plural = (count: number, one: string, many: string) => `${count} ${count > 1 ? many : one}`;

const newestFirst =
  <T>(date: (value: T) => string, then: (value: T) => string) =>
  (a: T, b: T) =>
    date(b).localeCompare(date(a)) || then(b).localeCompare(then(a));

/** The badge of an act's result: adoptée, rejetée, or what else it says (an election). */
function resultBadge(act: Pick<PublishedAct, 'adopted' | 'outcome'>): string {
  if (!act.adopted) return '<p class="fr-badge fr-badge--sm fr-badge--error">Rejetée</p>';
  if (act.outcome.startsWith('adopt')) return '<p class="fr-badge fr-badge--sm fr-badge--success">Adoptée</p>';
  return `<p class="fr-badge fr-badge--sm fr-badge--info">${escapeHtml(capitalised(act.outcome))}</p>`;
}

/** "Acte n° AD 2025 0043", hidden but for screen readers: what makes a "PDF" link name its act. */
const whichAct = (act: PublishedAct) => `<span class="fr-sr-only"> de l'acte n° ${escapeHtml(act.label)}</span>`;

/** The home of the public site: the collectivités that publish their acts here. */
export function publicHomePage(assemblies: readonly AssemblyListing[]): string {
  const sorted = [...assemblies].sort((a, b) => a.name.localeCompare(b.name, 'fr'));
  const list = sorted.length
    ? `<ul>
${sorted
  .map(
    (a) =>
      `<li><a class="fr-link" href="${escapeHtml(hrefs.collectivite(a.siren))}">${escapeHtml(a.name)}</a> (SIREN ${escapeHtml(a.siren)})</li>`,
  )
  .join('\n')}
</ul>`
    : "<p>Aucune collectivité ne publie encore d'acte ici.</p>";
  return page({
    title: 'Accueil',
    main: `<h1 class="fr-mt-4w">${SERVICE_NAME}</h1>
<p class="fr-text--lead">Les délibérations et les actes des collectivités, publiés sous forme électronique et dans leur intégralité (CGCT L2131-1, L3131-1, L4141-1), avec la liste des délibérations examinées à chaque séance (CGCT L2121-25).</p>
<h2>Collectivités</h2>
${list}`,
  });
}

function searchForm(siren: string, query: ActSearch): string {
  const field = (id: keyof ActSearch, label: string, type: 'date' | 'text', hint?: string) => `<div class="fr-input-group">
<label class="fr-label" for="${id}">${label}${hint ? `<span class="fr-hint-text">${hint}</span>` : ''}</label>
<input class="fr-input" type="${type}" id="${id}" name="${id}" value="${escapeHtml(query[id] ?? '')}">
</div>`;
  return `<form method="get" action="${escapeHtml(hrefs.collectivite(siren))}" role="search" aria-labelledby="recherche">
<h2 id="recherche">Rechercher un acte</h2>
<fieldset class="fr-fieldset">
<legend class="fr-fieldset__legend">Date de la séance</legend>
<div class="fr-fieldset__element fr-fieldset__element--inline">${field('du', 'Du', 'date')}</div>
<div class="fr-fieldset__element fr-fieldset__element--inline">${field('au', 'Au', 'date')}</div>
</fieldset>
<div class="fr-grid-row fr-grid-row--gutters">
<div class="fr-col-12 fr-col-md-4">${field('numero', 'Numéro', 'text', 'Par exemple : AD 2025 0043')}</div>
<div class="fr-col-12 fr-col-md-8">${field('objet', 'Objet', 'text', "Un ou plusieurs mots de l'objet de l'acte")}</div>
</div>
<ul class="fr-btns-group fr-btns-group--inline-md fr-mt-2w">
<li><button class="fr-btn" type="submit">Rechercher</button></li>
${searched(query) ? `<li><a class="fr-btn fr-btn--secondary" href="${escapeHtml(hrefs.collectivite(siren))}">Effacer la recherche</a></li>` : ''}
</ul>
</form>`;
}

const searched = (query: ActSearch) => Object.values(query).some((value) => typeof value === 'string' && value.trim() !== '');

/** The search in words, for the table's caption: "séances du 1er janvier 2025 au 31 mars 2025, objet contenant « voirie »". */
function searchText(query: ActSearch): string {
  const parts = [
    query.du?.trim() && `séances à partir du ${dateText(query.du.trim())}`,
    query.au?.trim() && `séances jusqu'au ${dateText(query.au.trim())}`,
    query.numero?.trim() && `numéro contenant « ${escapeHtml(query.numero.trim())} »`,
    query.objet?.trim() && `objet contenant « ${escapeHtml(query.objet.trim())} »`,
  ].filter(Boolean);
  return parts.join(', ');
}

function actsTable(acts: readonly PublishedAct[], query: ActSearch): string {
  const criteria = searchText(query);
  const count = plural(acts.length, 'acte', 'actes');
  if (!acts.length) {
    return searched(query) ? `<p>Aucun acte publié ne correspond à la recherche.</p>` : "<p>Aucun acte n'est encore publié.</p>";
  }
  const rows = [...acts]
    .sort(
      newestFirst(
        (a) => a.decisionDate,
        (a) => a.item,
      ),
    )
    .map((act) => [
      dateText(act.decisionDate),
      escapeHtml(act.label),
      `<a href="${escapeHtml(hrefs.act(act.siren, act.actesId))}">${escapeHtml(act.title)}</a>`,
      resultBadge(act),
      dateText(act.executoireOn),
      `<ul class="fr-mb-0">
<li><a class="fr-link fr-link--sm" href="${escapeHtml(hrefs.document(act.siren, act.actesId, 'pdf'))}" type="application/pdf" hreflang="fr">PDF${whichAct(act)}</a></li>
<li><a class="fr-link fr-link--sm" href="${escapeHtml(hrefs.document(act.siren, act.actesId, 'html'))}" type="text/html" hreflang="fr">HTML${whichAct(act)}</a></li>
</ul>`,
    ]);
  return `${searched(query) ? `<p>${count} ${acts.length > 1 ? 'correspondent' : 'correspond'} à la recherche.</p>` : ''}
${table(
  criteria ? `Actes publiés (${count}) : ${criteria}` : `Actes publiés (${count})`,
  ['Date', 'Numéro', 'Objet', 'Résultat', 'Exécutoire le', 'Documents'],
  rows,
)}`;
}

function seancesList(seances: readonly PublishedSeance[]): string {
  if (!seances.length) return "<p>Aucune liste de délibérations n'est encore publiée.</p>";
  const items = [...seances]
    .sort(
      newestFirst(
        (s) => s.date,
        (s) => s.sessionId,
      ),
    )
    .map(
      (s) =>
        `<li><a class="fr-link" href="${escapeHtml(hrefs.seance(s.siren, s.sessionId))}">Séance du ${dateText(s.date)}</a> — liste publiée le ${instantText(s.publishedAt)}</li>`,
    );
  return `<ul>\n${items.join('\n')}\n</ul>`;
}

function openData(siren: string, years: readonly string[]): string {
  if (!years.length) return "<p>Aucune donnée ouverte n'est encore publiée.</p>";
  const items = [...new Set(years)]
    .sort((a, b) => b.localeCompare(a))
    .map(
      (year) =>
        `<li><a class="fr-link fr-link--download" href="${escapeHtml(hrefs.openData(siren, year))}" type="text/csv" download>Délibérations ${escapeHtml(year)} (CSV, format SCDL)<span class="fr-link__detail"> CSV – UTF-8</span></a></li>`,
    );
  return `<p>Les délibérations publiées, une ligne par acte, au format du socle commun des données locales (SCDL « Délibérations »).</p>
<ul>\n${items.join('\n')}\n</ul>`;
}

/** A collectivité's page: the search of its published acts, their table, its séances' lists, its open data. */
export function collectivitePage({ assembly, acts, seances, query, years }: CollectivitePageInput): string {
  const title = searched(query) ? `${assembly.name} : ${plural(acts.length, 'acte trouvé', 'actes trouvés')}` : assembly.name;
  return page({
    title,
    collectivite: assembly.name,
    main: `${breadcrumb([{ label: assembly.name }])}
<h1>${escapeHtml(assembly.name)}</h1>
<p class="fr-text--lead">Actes publiés sous forme électronique et dans leur intégralité (CGCT L2131-1, L3131-1, L4141-1).</p>
${searchForm(assembly.siren, query)}
<h2 class="fr-mt-6w">Actes publiés</h2>
${actsTable(acts, query)}
<h2 class="fr-mt-6w">Listes des délibérations par séance</h2>
<p>La liste des délibérations examinées à chaque séance, adoptées et rejetées (CGCT L2121-25).</p>
${seancesList(seances)}
<h2 class="fr-mt-6w">Données ouvertes</h2>
${openData(assembly.siren, years)}`,
  });
}

/** Groups of 16 hexadecimal digits that may break at a line's end, so the fingerprint fits a phone. */
const breakable = (hex: string) => (hex.match(/.{1,16}/g) ?? []).map(escapeHtml).join('<wbr>');

function votesText(vote: NonNullable<PublishedAct['vote']>): string {
  return `Pour : ${vote.pour} · Contre : ${vote.contre} · Abstention${vote.abstention > 1 ? 's' : ''} : ${vote.abstention} (${plural(vote.inOffice, 'membre', 'membres')} en exercice)`;
}

/** The page of a published act: what it is, when it became executory, its documents. */
export function actPage(act: PublishedAct): string {
  const matiere = act.matiere === undefined ? undefined : matiereOf(act.matiere);
  const seance = `${dateText(act.decisionDate)} (<a href="${escapeHtml(hrefs.seance(act.siren, act.sessionId))}">liste des délibérations de la séance du ${dateText(act.decisionDate)}</a>)`;
  const details: [string, string | undefined][] = [
    ['Numéro', escapeHtml(act.label)],
    ['IDActe', `<code>${escapeHtml(act.actesId)}</code>`],
    ['Séance du', seance],
    ['Nature', escapeHtml(NATURE_LABELS[act.nature] ?? act.nature)],
    [
      'Matière',
      act.matiere && `${escapeHtml(act.matiere)}${matiere ? ` (${escapeHtml(matiere.label1)} — ${escapeHtml(matiere.label2)})` : ''}`,
    ],
    ['Budget', act.budget && `${escapeHtml(act.budget.name)} ${escapeHtml(act.budget.year)}`],
    ['Résultat', escapeHtml(capitalised(act.outcome))],
    ['Votes', act.vote && votesText(act.vote)],
    ['Transmis en préfecture le', act.receivedOn && dateText(act.receivedOn)],
    ['Publié le', instantText(act.publishedAt)],
    ['Exécutoire le', `<strong>${dateText(act.executoireOn)}</strong>`],
    ['Empreinte SHA-256 du PDF', `<code>${breakable(act.sha256)}</code>`],
  ];
  const list = details
    .filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '')
    .map(([term, value]) => `<dt class="fr-text--bold fr-mb-0">${term}</dt>\n<dd class="fr-ml-0 fr-mb-2w">${value}</dd>`)
    .join('\n');
  const why = act.receivedOn
    ? "publié et transmis au représentant de l'État dans le département"
    : "publié, sans transmission au représentant de l'État";
  const pdfDetail = act.receivedOn ? 'Extrait signé, revêtu du tampon de la préfecture' : 'Extrait signé';
  const documents = [
    ['pdf', pdfDetail, 'PDF', 'application/pdf'],
    ['html', 'Version accessible', 'HTML', 'text/html'],
    ['txt', 'Version texte', 'TXT', 'text/plain'],
  ] as const;
  const links = documents
    .map(
      ([format, label, detail, type]) =>
        `<li><a class="fr-link fr-link--download" href="${escapeHtml(hrefs.document(act.siren, act.actesId, format))}" type="${type}" hreflang="fr">${label}${whichAct(act)}<span class="fr-link__detail"> ${detail}</span></a></li>`,
    )
    .join('\n');
  return page({
    title: `${act.label} : ${act.title} — ${act.assembly.name}`,
    collectivite: act.assembly.name,
    main: `${breadcrumb([{ label: act.assembly.name, href: hrefs.collectivite(act.siren) }, { label: `Acte n° ${act.label}` }])}
<h1>${escapeHtml(act.title)}</h1>
<p class="fr-text--lead fr-mb-1w">${escapeHtml(NATURE_LABELS[act.nature] ?? act.nature)} n° ${escapeHtml(act.label)} — ${escapeHtml(act.assembly.name)}</p>
${resultBadge(act)}
<div class="fr-callout">
<p class="fr-callout__title">Exécutoire le ${dateText(act.executoireOn)}</p>
<p class="fr-callout__text">Cet acte est exécutoire depuis qu'il a été ${why} (CGCT ${publicationArticle(act.assembly.kind)}).</p>
</div>
<h2 class="fr-mt-6w">Informations</h2>
<dl>
${list}
</dl>
<h2 class="fr-mt-6w">Documents</h2>
<ul class="fr-mb-6w">
${links}
</ul>`,
  });
}

/** What the list says of a délibération's decision: its outcome, "rejetée" when it was rejected. */
function decisionText(d: PublishedSeance['deliberations'][number]): string {
  const outcome = d.outcome.trim();
  return escapeHtml(!d.adopted && !outcome.startsWith('rejet') ? (outcome ? `rejetée (${outcome})` : 'rejetée') : outcome);
}

/** The article that publishes an act of this kind of collectivité: L2131-1 for communes (and EPCI, by L5211-3), L3131-1 for départements, L4141-1 for régions. */
function publicationArticle(kind: PublishedAct['assembly']['kind']): string {
  if (kind === 'departement') return 'L3131-1';
  if (kind === 'region') return 'L4141-1';
  if (kind === 'commission_permanente') return 'L3131-1, L4141-1';
  return 'L2131-1';
}

/** The list of the délibérations a séance examined, adopted and rejected alike (CGCT L2121-25). */
export function seancePage(seance: PublishedSeance): string {
  const date = dateText(seance.date);
  const rows = seance.deliberations.map((d) => [
    escapeHtml(d.label),
    escapeHtml(d.title),
    `${d.adopted ? '' : '<strong>'}${decisionText(d)}${d.adopted ? '' : '</strong>'}`,
    d.publishedAs
      ? `<a href="${escapeHtml(hrefs.act(seance.siren, d.publishedAs))}">Voir l'acte publié<span class="fr-sr-only"> n° ${escapeHtml(d.label)}</span></a>`
      : 'Non publié',
  ]);
  const list = rows.length
    ? table(
        `Délibérations examinées en séance du ${date} (${plural(rows.length, 'délibération', 'délibérations')})`,
        ['Numéro', 'Objet', 'Décision', 'Acte publié'],
        rows,
      )
    : "<p>Aucune délibération n'a été examinée au cours de cette séance.</p>";
  return page({
    title: `Liste des délibérations de la séance du ${dayText(seance.date)} — ${seance.assemblyName}`,
    collectivite: seance.assemblyName,
    main: `${breadcrumb([{ label: seance.assemblyName, href: hrefs.collectivite(seance.siren) }, { label: `Séance du ${dayText(seance.date)}` }])}
<h1>Liste des délibérations — séance du ${date}</h1>
<p class="fr-text--lead">Les délibérations examinées au cours de la séance du ${date}, adoptées et rejetées (CGCT L2121-25).</p>
<p>Publiée le ${instantText(seance.publishedAt)}.</p>
${list}`,
  });
}

/** The page of an address that names nothing published. */
export const notFoundPage = (message: string): string => errorPage('Page introuvable', 404, message);

/** A page saying why a request gets nothing: 404 (nothing published there), 400 (a search that cannot be made). */
export function errorPage(title: string, code: number, message: string): string {
  return page({
    title,
    main: `<h1 class="fr-mt-4w">${escapeHtml(title)}</h1>
<p class="fr-text--sm">Erreur ${code}</p>
<p class="fr-text--lead">${escapeHtml(message)}</p>
<p>Si vous avez suivi un lien, il est peut-être erroné ; l'adresse saisie peut aussi contenir une faute.</p>
<ul class="fr-btns-group fr-btns-group--inline-md">
<li><a class="fr-btn" href="${hrefs.home()}">Accueil des actes publiés</a></li>
</ul>`,
  });
}
