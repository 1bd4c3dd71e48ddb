/**
 * The public site and the open data, without a token: what a collectivité publishes of its acts
 * (CGCT L2131-1), the lists of the délibérations of its closed séances (L2121-25), and its
 * délibérations in the SCDL format. Only published acts are ever read here; the pages are HTML,
 * readable without JavaScript, and the open data is CSV.
 */
import * as z from 'zod';
import { publishedSeanceOf } from '#acts/published';
import { SessionId, Siren } from '#events/session-events';
import { scdlCsv } from '#open-data/scdl';
import type { ActStore } from '#ports/act-store';
import type { PublishedSeance } from '#ports/publications';
import type { SessionKey, SessionStore } from '#ports/session-store';
import { HttpError, type Response } from './http.ts';
import { actPage, collectivitePage, errorPage, notFoundPage, publicHomePage, seancePage, type ActSearch } from './public-pages.ts';
import { invalid, type Event } from './requests.ts';

export interface PublicDeps {
  readonly sessions: SessionStore;
  readonly acts: ActStore;
  /** The public site's base URL, which the open data's DELIB_URL points into. */
  readonly publicSiteUrl?: string;
}

/** Published pages change only as acts are published: a minute of caching keeps CloudFront in front of the function. */
const html = (statusCode: number, body: string): Response => ({
  statusCode,
  headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'public, max-age=60' },
  body,
});
const notFound = (message: string) => html(404, notFoundPage(message));

const Day = z.iso.date({ error: 'must be a date as YYYY-MM-DD' });
/** What the search form sends; other parameters (a campaign's, say) are ignored. */
const SearchQuery = z
  .object({
    du: Day.optional(),
    au: Day.optional(),
    numero: z.string().max(50, 'must be at most 50 characters').optional(),
    objet: z.string().max(200, 'must be at most 200 characters').optional(),
  })
  .refine(({ du, au }) => !du || !au || du <= au, { path: ['au'], message: 'must not be before du' });
const OpenDataQuery = z.strictObject({
  siren: Siren,
  year: z
    .string()
    .regex(/^\d{4}$/, 'must be a year, e.g. "2025"')
    .optional(),
});
const ActesId = z.string().regex(/^[09][0-9][0-9AB]-\d{9}-\d{8}-[A-Z0-9_]{1,15}-[A-Z]{2}$/);

/** Compared without case nor accents, as people type a subject. */
const folded = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLocaleLowerCase('fr');

export function publicRoutes(deps: PublicDeps) {
  const { sessions, acts } = deps;

  /** A closed séance, and when its closing was recorded: when the list of its délibérations was published (L2121-25). */
  const closedSeance = async (key: SessionKey) => {
    const [{ state }, log] = await Promise.all([sessions.load(key), sessions.log(key)]);
    const closing = log.findLast((entry) => entry.type === 'SessionClosed' && entry.status === 'applied');
    return state?.status === 'closed' && closing?.processedAt ? { state, publishedAt: closing.processedAt } : undefined;
  };

  const closedSeances = async (siren: string): Promise<PublishedSeance[]> => {
    const listed = (await sessions.index.sessions(siren, {})).filter((session) => session.status === 'closed');
    const closed = await Promise.all(listed.map((session) => closedSeance({ siren, sessionId: session.sessionId })));
    return closed.flatMap((seance) => (seance ? [publishedSeanceOf(seance.state, seance.publishedAt, [])] : []));
  };

  const assemblyOf = async (siren: string) => (await sessions.index.assemblies()).find((assembly) => assembly.siren === siren);

  return [
    {
      method: 'GET' as const,
      path: '/public',
      handler: async () => html(200, publicHomePage(await sessions.index.assemblies())),
    },
    {
      method: 'GET' as const,
      path: '/public/{siren}',
      handler: async (event: Event) => {
        const siren = event.pathParameters?.siren ?? '';
        // A form sends its empty fields too: an empty field searches for nothing.
        const filled = Object.entries(event.queryStringParameters ?? {}).filter(([, value]) => value !== '');
        const query = SearchQuery.safeParse(Object.fromEntries(filled));
        if (!query.success) {
          const problems = query.error.issues.map((issue) => `${issue.path.join('.')} : ${issue.message}`).join(' ; ');
          return html(400, errorPage('Recherche invalide', 400, `La recherche ne peut être faite (${problems}).`));
        }
        const assembly = Siren.safeParse(siren).success ? await assemblyOf(siren) : undefined;
        if (!assembly) return notFound(`Aucune collectivité de SIREN ${siren} ne publie ses actes ici.`);
        const search: ActSearch = query.data;
        const published = await acts.listPublished(siren);
        const matching = published.filter(
          (act) =>
            (!search.du || act.decisionDate >= search.du) &&
            (!search.au || act.decisionDate <= search.au) &&
            (!search.numero || folded(`${act.label} ${act.item}`).includes(folded(search.numero))) &&
            (!search.objet || folded(act.title).includes(folded(search.objet))),
        );
        const years = [...new Set(published.map((act) => act.decisionDate.slice(0, 4)))].sort().reverse();
        return html(200, collectivitePage({ assembly, acts: matching, seances: await closedSeances(siren), query: search, years }));
      },
    },
    {
      method: 'GET' as const,
      path: '/public/{siren}/actes/{actesId}',
      handler: async (event: Event) => {
        const { siren = '', actesId = '' } = event.pathParameters ?? {};
        const act =
          Siren.safeParse(siren).success && ActesId.safeParse(actesId).success ? await acts.getPublished(siren, actesId) : undefined;
        return act ? html(200, actPage(act)) : notFound(`Aucun acte ${actesId} n'est publié par cette collectivité.`);
      },
    },
    {
      method: 'GET' as const,
      path: '/public/{siren}/seances/{sessionId}',
      handler: async (event: Event) => {
        const { siren = '', sessionId = '' } = event.pathParameters ?? {};
        const valid = Siren.safeParse(siren).success && SessionId.safeParse(sessionId).success;
        const seance = valid ? await closedSeance({ siren, sessionId }) : undefined;
        if (!seance) return notFound(`Aucune liste de délibérations n'est publiée pour la séance ${sessionId}.`);
        const published = await acts.listPublished(siren, { from: seance.state.date, to: seance.state.date });
        return html(200, seancePage(publishedSeanceOf(seance.state, seance.publishedAt, published)));
      },
    },
    {
      method: 'GET' as const,
      path: '/open-data/deliberations.csv',
      handler: async (event: Event) => {
        const query = OpenDataQuery.safeParse(event.queryStringParameters ?? {});
        if (!query.success) throw invalid('invalid_query', query.error, 'query');
        if (!deps.publicSiteUrl) throw new HttpError(503, 'not_configured', 'the public site URL (PUBLIC_SITE_URL) is not set');
        const { siren, year } = query.data;
        const range = year ? { from: `${year}-01-01`, to: `${year}-12-31` } : {};
        const body = scdlCsv(await acts.listPublished(siren, range), deps.publicSiteUrl);
        const filename = `deliberations-${siren}${year ? `-${year}` : ''}.csv`;
        return {
          statusCode: 200,
          headers: {
            'content-type': 'text/csv; charset=utf-8',
            'content-disposition': `attachment; filename="${filename}"`,
            'cache-control': 'public, max-age=300',
          },
          body,
        };
      },
    },
  ];
}
