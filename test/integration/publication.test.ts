/**
 * After the préfecture: the seed act published on its collectivité's public site (CGCT L2131-1) —
 * by the secretariat, or on its own where the assembly asks for it — its stamped copy saying when it
 * became exécutoire, the list of the délibérations of its closed séance (L2121-25), and the
 * collectivité's open data in the SCDL format, validated against the schema. The public site answers
 * without a token, and shows nothing of an act not published.
 */
import { parse } from 'csv-parse/sync';
import { beforeAll, describe, expect, test } from 'vitest';
import type { SessionEvent } from '#events/session-events';
import { isValidSiret } from '#events/vocabulary';
import { SCDL_SCHEMA as schemaJson } from '#open-data/deliberations-schema';
import { pdfText } from '../support/pdf-text.ts';
import { sampleEvents } from '../support/seance.ts';
import { customCheckErrors, rowValidator, type TableSchema } from '../support/table-schema.ts';
import { api, asSession, eventually, processed, seance, sessionPath, stack } from './support.ts';

const seed = sampleEvents('cd35-2025-03-20-ad-2025-0043.json');
const ITEM = 'AD_2025_0043';

/** A SIRET of the collectivité: its SIREN and the first establishment number whose check digit is valid. */
function siretOf(siren: string): string {
  for (let n = 10; n < 100; n++) if (isValidSiret(`${siren}000${n}`)) return `${siren}000${n}`;
  throw new Error(`no SIRET for ${siren}`);
}

/** The seed séance held on `date` by a collectivité of its own, with its SIRET and publication mode. */
function seedSeance(sessionId: string, date: string, publication: 'automatic' | 'manual', keep = (_: SessionEvent) => true) {
  const key = seance(sessionId, date);
  const events = asSession(seed, sessionId, date)
    .filter(keep)
    .map((event) =>
      event.type === 'SessionOpened'
        ? { ...event, payload: { ...event.payload, assembly: { ...event.payload.assembly, siret: siretOf(key.siren), publication } } }
        : event,
    );
  return { key, events, itemPath: `${sessionPath(key)}/items/${ITEM}` };
}

async function record({ key, events }: ReturnType<typeof seedSeance>) {
  const posted = await api('POST', `${sessionPath(key)}/events`, { body: { events } });
  expect(posted.status, JSON.stringify(posted.body)).toBe(202);
  await processed(
    key,
    events.map((e) => e.eventId),
  );
}

const itemWhen = (path: string, ready: (item: any) => boolean) =>
  eventually(async () => {
    const { body } = await api('GET', path);
    return ready(body) ? body : undefined;
  }, 40);

/** The public site, as anyone reads it: no token. */
const site = (path: string) => fetch(`${stack().publicUrl}${path}`);

describe('publishing an acknowledged act (CGCT L2131-1)', () => {
  const manual = seedSeance('pub-manual', '2025-02-11', 'manual');
  const { siren } = manual.key;
  let actesId: string;

  beforeAll(async () => {
    await record(manual);
    actesId = (await itemWhen(manual.itemPath, (item) => item.transmission?.status === 'acknowledged')).actesId;
  }, 60_000);

  test('acknowledged but not published, the act is absent from the public site and its documents answer 404', async () => {
    const page = await site(`/${siren}`);
    expect(page.status).toBe(200);
    expect(await page.text()).not.toContain(actesId);
    expect((await site(`/${siren}/actes/${actesId}`)).status).toBe(404);
    for (const format of ['pdf', 'html', 'txt']) expect((await site(`/documents/${siren}/${actesId}.${format}`)).status).toBe(404);
    const { body } = await api('GET', manual.itemPath);
    expect(body).toMatchObject({ status: 'acknowledged', publication: null });
    expect(body.statusLine).toMatch(/^Transmis en préfecture le \d/);
  });

  test('the secretariat publishes it: the item says publiée and exécutoire le …, the public page lists it without a token', async () => {
    expect(await api('POST', `${manual.itemPath}/publication`)).toEqual({ status: 202, body: { actesId, status: 'requested' } });
    const item = await itemWhen(manual.itemPath, (body) => body.publication !== null);
    expect(item).toMatchObject({ status: 'published', statusLabel: 'publiée' });
    expect(item.publication.url).toBe(`${stack().publicUrl}/${siren}/actes/${actesId}`);
    // L2131-1: exécutoire the later of the publication and the reception by the préfecture.
    const later = [item.transmission.receivedOn, item.publication.publishedAt.slice(0, 10)].sort().at(-1);
    expect(item.publication.executoireOn).toBe(later);
    expect(item.statusLine).toMatch(/^Transmis en préfecture le .+ — publié le .+ — exécutoire le .+$/);

    const list = await (await site(`/${siren}`)).text();
    expect(list).toContain(`/${siren}/actes/${actesId}`);
    expect(list).toContain(`/documents/${siren}/${actesId}.pdf`);
    const page = await site(`/${siren}/actes/${actesId}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/Exécutoire le/);

    const pdf = await site(`/documents/${siren}/${actesId}.pdf`);
    expect([pdf.status, pdf.headers.get('content-type')]).toEqual([200, 'application/pdf']);
    const text = (await pdfText(new Uint8Array(await pdf.arrayBuffer()))).pages.join('\n');
    expect(text).toContain(`Transmis en préfecture le : `);
    expect(text).toMatch(/Publié le : .+ — exécutoire le : /);
    expect((await site(`/documents/${siren}/${actesId}.html`)).status).toBe(200);
  });

  test('published once: asking again changes nothing, its date stays', async () => {
    const { body: item } = await api('GET', manual.itemPath);
    expect(await api('POST', `${manual.itemPath}/publication`)).toEqual({
      status: 200,
      body: { actesId, status: 'published', publishedAt: item.publication.publishedAt },
    });
  });

  test('the site reaches nothing but its pages: a path climbing out lands on a public page, a search backwards is a 400 page', async () => {
    for (const path of ['/../health', '/%2e%2e/health', '/open-data/../admin/failures', '/%2e%2e/assemblies']) {
      const response = await site(path);
      // Under /public, where no route but the site's answers: 404, never the API's 401 nor its health.
      expect([path, response.status]).toEqual([path, 404]);
    }
    const backwards = await site(`/${siren}?du=2025-12-31&au=2025-01-01`);
    expect(backwards.status).toBe(400);
    expect(await backwards.text()).toContain('Recherche invalide');
    expect((await site(`/${siren}?utm_source=lettre&objet=`)).status).toBe(200);
  });

  test('L2121-25: the list of the délibérations of the closed séance is published, without a token', async () => {
    const page = await site(`/${siren}/seances/${manual.key.sessionId}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('Liste des délibérations');
    expect(html).toMatch(/adoptée/);
    expect(await (await site(`/${siren}`)).text()).toContain(`/${siren}/seances/${manual.key.sessionId}`);
  });

  test("the SCDL export validates against the schema (Ajv and its custom checks), and its votes are the item view's", async () => {
    const response = await site(`/open-data/deliberations.csv?siren=${siren}&year=2025`);
    expect([response.status, response.headers.get('content-type')]).toEqual([200, 'text/csv; charset=utf-8']);
    const schema: TableSchema = schemaJson;
    const rows = parse(await response.text(), { columns: true }) as Record<string, string>[];
    expect(rows).toHaveLength(1);
    const [row] = rows as [Record<string, string>];
    expect(Object.keys(row)).toEqual(schema.fields.map((field) => field.name));
    expect([...rowValidator(schema)(row), ...customCheckErrors(schema, row)]).toEqual([]);
    const { body: item } = await api('GET', manual.itemPath);
    expect(row).toMatchObject({
      COLL_SIRET: siretOf(siren),
      DELIB_ID: ITEM,
      DELIB_DATE: '2025-02-11',
      PREF_DATE: item.transmission.receivedOn,
      VOTE_EFFECTIF: String(item.quorum.inOffice),
      VOTE_POUR: String(item.vote.pour),
      VOTE_CONTRE: String(item.vote.contre),
      VOTE_ABSTENTION: String(item.vote.abstention),
      VOTE_REEL: String(item.vote.pour + item.vote.contre + item.vote.abstention),
      DELIB_URL: `${stack().publicUrl}/documents/${siren}/${actesId}.pdf`,
    });
    expect((await site(`/open-data/deliberations.csv?siren=${siren}&year=2024`)).status).toBe(200);
    expect((await site('/open-data/deliberations.csv?siren=123')).status).toBe(400);
  });
});

describe('an assembly publishing automatically, and acts that cannot be published yet', () => {
  test('with publication "automatic", the act is published as soon as the préfecture acknowledges it', async () => {
    const automatic = seedSeance('pub-auto', '2025-02-12', 'automatic');
    await record(automatic);
    const item = await itemWhen(automatic.itemPath, (body) => body.publication !== null);
    expect(item).toMatchObject({ status: 'published' });
    expect((await site(`/documents/${automatic.key.siren}/${item.actesId}.pdf`)).status).toBe(200);
  }, 60_000);

  test('an act not signed, so never transmitted, is refused publication (409) and its séance still open has no list', async () => {
    const unsigned = seedSeance('pub-unsigned', '2025-02-13', 'manual', (e) => e.type !== 'ActSigned' && e.type !== 'SessionClosed');
    await record(unsigned);
    const { status, body } = await api('POST', `${unsigned.itemPath}/publication`);
    expect([status, body.error]).toEqual([409, 'not_acknowledged']);
    expect((await site(`/${unsigned.key.siren}/seances/${unsigned.key.sessionId}`)).status).toBe(404);
  });
});
