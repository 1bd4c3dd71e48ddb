/**
 * The published descriptions of the contract stay true: the JSON Schema is what the zod schemas
 * generate, the samples validate against it, and every path the OpenAPI document describes is routed
 * by the API handler.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { sessionEventJsonSchema, SCHEMA_FILE } from '#events/json-schema';
import { makeApiHandler } from '#functions/api/app';
import { invoke } from '#local/lambda-context';
import { sampleFiles, SAMPLES_DIR } from '../support/seance.ts';

const openapi = parse(readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'openapi.yaml'), 'utf8')) as {
  paths: Record<string, Record<string, unknown>>;
};

describe('the published contract', () => {
  test('docs/session-events.schema.json is what the zod schemas generate (npm run contract:schema)', () => {
    expect(readFileSync(SCHEMA_FILE, 'utf8')).toBe(sessionEventJsonSchema());
  });

  test('every sample event is of one of the schema’s event types', () => {
    const schema = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8')) as { oneOf: { properties: { type: { const: string } } }[] };
    const types = schema.oneOf.map((variant) => variant.properties.type.const);
    for (const file of sampleFiles()) {
      const { events } = JSON.parse(readFileSync(join(SAMPLES_DIR, file), 'utf8')) as { events: { type: string }[] };
      for (const event of events) expect(types).toContain(event.type);
    }
  });

  test.each(
    Object.entries(openapi.paths).flatMap(([path, methods]) =>
      Object.keys(methods)
        .filter((m) => m !== 'parameters')
        .map((method) => [method.toUpperCase(), path]),
    ),
  )('%s %s is routed by the API', async (method, path) => {
    const api = makeApiHandler({
      sessions: undefined as never,
      acts: undefined as never,
      documents: undefined as never,
      queue: undefined as never,
      now: () => new Date(),
      tokenSecret: 'x'.repeat(32),
    });
    const concrete = path.replace('{sessionId}', 's1').replace('{number}', 'D1').replace('{format}', 'pdf');
    const response = await invoke(
      api,
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
    // Without a token every route but /health answers 401: it exists. An unrouted path answers 404.
    expect(response.statusCode).toBe(path === '/health' ? 200 : 401);
  });
});
