/**
 * The published descriptions stay true: the events' JSON Schema is what the zod schemas generate;
 * docs/openapi.yaml is a valid OpenAPI 3.1 document (checked by a maintained validator), it documents
 * exactly the routes the handler serves, and the views the API answers with validate against the
 * schemas it publishes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileErrors, dereference, validate } from '@readme/openapi-parser';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { LetterKind, LetterRecord } from '#ports/letters';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { replay } from '#domain/session';
import { sessionEventJsonSchema, SCHEMA_FILE } from '#events/json-schema';
import { apiRoutes, makeApiHandler } from '#functions/api/app';
import { assembliesView, eventsView, itemView, sessionsView, sessionView } from '#functions/api/views';
import type { SessionOpened } from '#events/session-events';
import { invoke } from '#local/lambda-context';
import type { ExtractRecord, TransmissionRecord } from '#ports/act-store';
import { assemblyListingOf, sessionListingOf } from '#ports/seance-index';
import { sampleEvents, sampleFiles } from '../support/seance.ts';

const OPENAPI_FILE = join(import.meta.dirname, '..', '..', 'docs', 'openapi.yaml');
type Operation = { operationId?: string };
const openapi = parse(readFileSync(OPENAPI_FILE, 'utf8')) as { paths: Record<string, Record<string, Operation>> };

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];
const documented = Object.entries(openapi.paths).flatMap(([path, item]) =>
  Object.keys(item)
    .filter((key) => METHODS.includes(key))
    .map((method) => ({ method: method.toUpperCase(), path, operation: item[method]! })),
);
/** The stores hold nothing: the public routes, which need no token, then find nothing to show. */
const deps = {
  sessions: { index: { assemblies: async () => [], sessions: async () => [] }, load: async () => ({}), log: async () => [] } as never,
  acts: { listPublished: async () => [], getPublished: async () => undefined } as never,
  documents: undefined as never,
  queue: undefined as never,
  publications: undefined as never,
  dialogue: undefined as never,
  failures: undefined as never,
  deadLetters: undefined as never,
  now: () => new Date(),
  // No request here carries a token.
  verifyToken: async () => ({ refused: 'no token is valid here' }),
};

describe('docs/session-events.schema.json', () => {
  test('is what the zod schemas generate (npm run contract:schema)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(sessionEventJsonSchema());
  });

  test('every sample event validates against it, and text the contract refuses does not (U+FFFE, an emoji)', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as object;
    const ajv = new Ajv2020({ allErrors: true, validateFormats: false, strict: false });
    const validate = ajv.compile(schema);
    for (const file of sampleFiles())
      for (const event of sampleEvents(file)) expect([event.eventId, validate(event)]).toEqual([event.eventId, true]);
    const closing = {
      eventId: 'e',
      type: 'ActSigned',
      sessionId: 's',
      occurredAt: '2025-03-20T18:00:00+01:00',
      payload: { item: 'A1', signedBy: 'm', signedAt: '2025-03-21' },
    };
    expect(validate({ ...closing, payload: { ...closing.payload, place: 'Rennes' } })).toBe(true);
    expect(validate({ ...closing, payload: { ...closing.payload, place: 'Rennes\uFFFE' } })).toBe(false);
    expect(validate({ ...closing, payload: { ...closing.payload, place: 'Rennes 🎉' } })).toBe(false);
  });

  test('every sample event is of one of its event types', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as { oneOf: { properties: { type: { const: string } } }[] };
    const types = schema.oneOf.map((variant) => variant.properties.type.const);
    for (const file of sampleFiles()) for (const event of sampleEvents(file)) expect(types).toContain(event.type);
  });
});

describe('docs/openapi.yaml', () => {
  test('is a valid OpenAPI 3.1 document (@readme/openapi-parser)', async () => {
    const result = await validate(OPENAPI_FILE);
    expect(result.valid ? 'valid' : compileErrors(result)).toBe('valid');
    expect(result.warnings).toEqual([]);
  });

  test('names every operation with an operationId', () => {
    expect(documented.filter((d) => !d.operation.operationId).map((d) => `${d.method} ${d.path}`)).toEqual([]);
  });

  test('documents every route the API serves, and nothing else', () => {
    const routed = apiRoutes(deps).map((route) => `${route.method} ${route.path}`);
    expect(documented.map((d) => `${d.method} ${d.path}`).sort()).toEqual(routed.sort());
  });

  test.each(documented.map((d) => [d.method, d.path]))('%s %s is routed by the API handler', async (method, path) => {
    const concrete = path
      .replace('{siren}', '223500018')
      .replace('{sessionId}', 's1')
      .replace('{number}', 'D1')
      .replace('{format}', 'pdf')
      .replace('{id}', '0123456789abcdef01234567');
    const response = await invoke(
      makeApiHandler(deps),
      {
        version: '2.0',
        routeKey: '$default',
        rawPath: concrete,
        rawQueryString: '',
        headers: {},
        requestContext: { http: { method, path: concrete, protocol: 'HTTP/1.1', sourceIp: '127.0.0.1', userAgent: 't' }, requestId: 'r' },
        isBase64Encoded: false,
      } as never,
      { name: 'api', timeoutSeconds: 10, memoryMb: 512 },
    );
    // Without a token every route but /health and the public ones answers 401: it exists. An unrouted path answers 404.
    const open = { '/health': 200, '/public': 200, '/open-data/deliberations.csv': 400 }[path];
    if (path.startsWith('/public/'))
      expect([response.statusCode, response.headers?.['content-type']]).toEqual([404, 'text/html; charset=utf-8']);
    else expect(response.statusCode).toBe(open ?? 401);
  });
});

describe('the views the API answers with match the published schemas', async () => {
  const resolved = (await dereference(OPENAPI_FILE)) as unknown as { components: { schemas: Record<string, object> } };
  const ajv = new Ajv2020({ allErrors: true, validateFormats: false });
  const check = (schema: string, value: unknown) => {
    const valid = ajv.validate(resolved.components.schemas[schema]!, JSON.parse(JSON.stringify(value)));
    return valid ? [] : ajv.errors!.map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
  };

  const seances = sampleFiles().map((file) => {
    const events = sampleEvents(file);
    const { state } = replay(events);
    return { file, events, state: state! };
  });

  test.each(seances.map((s) => [s.file, s]))('the séance and its event log: %s', (_, { state, events }) => {
    expect(check('Session', sessionView(state))).toEqual([]);
    const postedBy = { sub: 'local-secretariat', role: 'secretariat', scope: '*' } as const;
    const logged = events.map((e, seq) => ({
      ...e,
      status: 'applied' as const,
      seq,
      accepted: seq + 1,
      postedBy,
      acceptedAt: 'a',
      processedAt: 'b',
    }));
    for (const entry of eventsView(logged)) expect(check('LoggedEvent', entry)).toEqual([]);
  });

  test.each(seances.map((s) => [s.file, s]))(
    'every délibération, bare, certified, and acknowledged or refused: %s',
    (_, { state, events }) => {
      const opening = events.find((e): e is SessionOpened => e.type === 'SessionOpened')!;
      for (const item of state.items) {
        const texts = opening.payload.items.find((i) => i.number === item.number)!;
        const ids = { actesId: item.actesId, sessionId: state.sessionId, item: item.number, siren: state.assembly.siren };
        const extract: ExtractRecord = {
          ...ids,
          documents: { pdf: 'p', html: 'h', txt: 't' },
          sha256: 'a'.repeat(64),
          renderedAt: '2025-03-21T10:00:00.000Z',
          stamped: { pdf: 'sp', html: 'sh', txt: 'st', sha256: 'b'.repeat(64) },
        };
        const transmission = (status: TransmissionRecord['status']): TransmissionRecord => ({
          ...ids,
          status,
          connector: 'actes',
          queuedAt: '2025-03-21T10:00:00.000Z',
          sentAt: '2025-03-21T10:00:01.000Z',
          archive: { key: 'k', name: 'reg-EACT--223500018--20250321-1.tar.gz' },
          ...(status === 'acknowledged' && { acknowledgedAt: '2025-03-21T10:00:02.000Z', receivedOn: '2025-03-21' }),
          ...(status === 'refused' && { anomaly: { nature: '012', detail: 'Acte transmis hors délai' } }),
        });
        expect(check('Item', itemView(state, item, texts))).toEqual([]);
        expect(check('Item', itemView(state, item, texts, { extract, transmission: transmission('acknowledged') }))).toEqual([]);
        expect(check('Item', itemView(state, item, texts, { extract, transmission: transmission('refused') }))).toEqual([]);
        const publication = {
          actesId: item.actesId,
          siren: state.assembly.siren,
          publishedAt: '2025-03-22T08:00:00.000Z',
          executoireOn: '2025-03-22',
        };
        const published = itemView(state, item, texts, {
          extract,
          transmission: transmission('acknowledged'),
          publication,
          publicSiteUrl: 'https://actes.example.fr',
        });
        expect(check('Item', published)).toEqual([]);
        const letter = (kind: LetterKind, answer?: LetterRecord['answer']): LetterRecord => ({
          actesId: item.actesId,
          siren: state.assembly.siren,
          sessionId: state.sessionId,
          item: item.number,
          connector: 'actes',
          id: `pre-EACT--PREF035-${state.assembly.siren}-20250402-${kind}.tar.gz`,
          kind,
          date: '2025-04-02',
          ...(kind !== 'courrier' && { detail: 'Le plan de financement' }),
          receivedAt: '2025-04-02T09:00:00.000Z',
          documents: [{ name: `${item.actesId}-3-1_1.pdf`, key: 'acts/x/letters/y.pdf' }],
          ...(answer && { answer }),
        });
        const answered = {
          kind: 'reponse' as const,
          requestedAt: '2025-04-03T09:00:00.000Z',
          files: [{ file: 'a'.repeat(64), type: '99_AU' }],
        };
        const withLetters = itemView(state, item, texts, {
          extract,
          transmission: {
            ...transmission('acknowledged'),
            status: 'cancelled',
            cancelledAt: '2025-04-05T09:00:00.000Z',
            cancellation: {
              detail: 'annulée à la demande de la collectivité',
              requestedAt: '2025-04-05T08:00:00.000Z',
              receivedOn: '2025-04-05',
            },
          },
          letters: [
            letter('pieces', { ...answered, sentAt: '2025-04-03T09:01:00.000Z', acknowledgedOn: '2025-04-03' }),
            letter('observations', answered),
            letter('courrier'),
            letter('defere'),
          ],
        });
        expect(check('Item', withLetters)).toEqual([]);
        expect(withLetters.letters.map((l) => [l.label, l.expects, l.answer?.status ?? null])).toEqual([
          ['Demande de pièces complémentaires', [], 'acknowledged'],
          ["Lettre d'observations", [], 'requested'],
          ['Courrier simple', ['reponse'], null],
          ['Déféré au tribunal administratif', [], null],
        ]);
        expect(published.statusLine).toBe('Transmis en préfecture le 21 mars 2025 — publié le 22 mars 2025 — exécutoire le 22 mars 2025');
      }
    },
  );

  test('the lists of collectivités and of séances, built from every sample séance, open and closed', () => {
    const states = seances.map((s) => s.state);
    expect(states.map((s) => s.status)).toContain('closed');
    expect(check('AssemblyList', assembliesView(states.map(assemblyListingOf)))).toEqual([]);
    const listings = states.flatMap((s) => [sessionListingOf(s), sessionListingOf({ ...s, status: 'open' })]);
    expect(check('SessionList', sessionsView('223500018', listings))).toEqual([]);
  });

  test('a view that drifts from the schema is caught: an unknown status, a field the schema does not know', () => {
    const { state } = seances[0]!;
    const view = sessionView(state);
    expect(check('Session', { ...view, items: view.items.map((i) => ({ ...i, status: 'archived' })) })).not.toEqual([]);
    expect(check('Session', { ...view, undocumented: true })).not.toEqual([]);
  });
});
