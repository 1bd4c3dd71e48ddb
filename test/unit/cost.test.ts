import { describe, expect, test } from 'vitest';
import { costPer1000, costSection, LIST_PRICES, SERVICE_OF, type Price, type Usage } from '../../bench/cost.ts';

const NONE: Usage = {
  lambda: {},
  dynamodb: { readUnits: 0, writeUnits: 0, storedBytes: 0 },
  sqs: { fifoRequests: 0, standardRequests: 0 },
  s3: { puts: 0, gets: 0, storedBytes: 0 },
  httpApiRequests: 0,
  secretsManagerCalls: 0,
  logBytes: 0,
};

/** A délibération using a little of everything, in the proportions of the pipeline. */
const TYPICAL: Usage = {
  lambda: {
    api: { invocations: 40, billedMs: 40 * 35, memoryMb: 512 },
    sessionEvents: { invocations: 0.3, billedMs: 0.3 * 120, memoryMb: 512 },
    certifyAct: { invocations: 1, billedMs: 400, memoryMb: 1024 },
    transmitAct: { invocations: 1, billedMs: 900, memoryMb: 1024 },
  },
  dynamodb: { readUnits: 400, writeUnits: 40, storedBytes: 12_000 },
  sqs: { fifoRequests: 9, standardRequests: 6 },
  s3: { puts: 6, gets: 3, storedBytes: 120_000 },
  httpApiRequests: 40,
  secretsManagerCalls: 0.1,
  logBytes: 30_000,
};

const each = (price: Price) => price.value / price.per;
const eur = (dollars: number) => dollars / LIST_PRICES.exchangeRate.usdPerEur;

describe('costPer1000', () => {
  test('1,000 délibérations of one 100 ms invocation at 1024 MB cost 1,000 requests and 100 GB-s at the arm64 rate', () => {
    const usage: Usage = { ...NONE, lambda: { certifyAct: { invocations: 1, billedMs: 100, memoryMb: 1024 } } };
    const cost = costPer1000(usage, LIST_PRICES);
    const expected = eur(1000 * each(LIST_PRICES.lambda.requests) + 100 * each(LIST_PRICES.lambda.gbSecondArm64));
    expect(cost.lines.lambdaRequests).toBeCloseTo(eur(1000 * 0.2e-6), 12);
    expect(cost.lines.lambdaDuration).toBeCloseTo(eur(100 * 0.0000133334), 12);
    expect(cost.total).toBeCloseTo(expected, 12);
    expect(cost.byService.Lambda).toBeCloseTo(expected, 12);
  });

  test('a délibération that uses nothing costs nothing', () => {
    const cost = costPer1000(NONE, LIST_PRICES);
    expect(cost.total).toBe(0);
    expect(Object.values(cost.lines).every((line) => line === 0)).toBe(true);
  });

  test('the total is the sum of the lines, and of the services', () => {
    const cost = costPer1000(TYPICAL, LIST_PRICES);
    const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
    expect(cost.total).toBeGreaterThan(0);
    expect(cost.total).toBeCloseTo(sum(Object.values(cost.lines)), 12);
    expect(cost.total).toBeCloseTo(sum(Object.values(cost.byService)), 12);
    for (const [item, line] of Object.entries(cost.lines)) expect(line, item).toBeGreaterThan(0);
  });

  test('stored bytes are paid for twelve months; ingested log bytes once, then three months of storage', () => {
    const gib = 2 ** 30;
    const stored = costPer1000({ ...NONE, s3: { puts: 0, gets: 0, storedBytes: gib / 1000 } }, LIST_PRICES);
    expect(stored.lines.s3Storage).toBeCloseTo(eur(12 * LIST_PRICES.s3.storage.value), 12);
    const logged = costPer1000({ ...NONE, logBytes: gib / 1000 }, LIST_PRICES);
    expect(logged.lines.logsIngestion).toBeCloseTo(eur(LIST_PRICES.cloudWatchLogs.ingestion.value), 12);
    expect(logged.lines.logsStorage).toBeCloseTo(eur(3 * LIST_PRICES.cloudWatchLogs.storage.value), 12);
  });

  test('FIFO requests are priced above standard ones, and request units at their own rates', () => {
    const fifo = costPer1000({ ...NONE, sqs: { fifoRequests: 1, standardRequests: 0 } }, LIST_PRICES);
    const standard = costPer1000({ ...NONE, sqs: { fifoRequests: 0, standardRequests: 1 } }, LIST_PRICES);
    expect(fifo.total).toBeGreaterThan(standard.total);
    const units = costPer1000({ ...NONE, dynamodb: { readUnits: 1, writeUnits: 1, storedBytes: 0 } }, LIST_PRICES);
    expect(units.lines.dynamodbWrites).toBeCloseTo(eur(1000 * each(LIST_PRICES.dynamodb.writeRequestUnits)), 15);
    expect(units.lines.dynamodbReads).toBeCloseTo(eur(1000 * each(LIST_PRICES.dynamodb.readRequestUnits)), 15);
  });

  test('a negative or missing count is refused, naming it', () => {
    expect(() => costPer1000({ ...NONE, httpApiRequests: -1 }, LIST_PRICES)).toThrow(/httpApiRequests/);
    expect(() => costPer1000({ ...NONE, lambda: { api: { invocations: Number.NaN, billedMs: 0, memoryMb: 512 } } }, LIST_PRICES)).toThrow(
      /lambda\.api\.invocations/,
    );
  });
});

describe('costSection', () => {
  test('reports each service and the total in euros, the total against 0.10 €', () => {
    const section = costSection(TYPICAL);
    const names = section.figures.map((figure) => figure.name);
    expect(names).toEqual([...new Set(Object.values(SERVICE_OF)), 'total']);
    const total = section.figures.at(-1)!;
    expect(total.value).toBeCloseTo(costPer1000(TYPICAL, LIST_PRICES).total, 12);
    expect(total.target).toEqual({ max: 0.1 });
    expect(section.figures.every((figure) => figure.unit === '€')).toBe(true);
  });
});

test('every price in prices.json has a positive value, the day it was read and an https source', () => {
  const groups = Object.values(LIST_PRICES).filter((group) => typeof group === 'object' && !('usdPerEur' in group));
  const entries = groups.flatMap((group) => Object.entries(group as Record<string, { value: number; read: string; source: string }>));
  expect(entries.length).toBeGreaterThanOrEqual(18);
  for (const [name, entry] of entries) {
    expect(entry.value, name).toBeGreaterThan(0);
    expect(entry.read, name).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(entry.source, name).toMatch(/^https:\/\//);
  }
  expect(LIST_PRICES.exchangeRate.usdPerEur).toBeGreaterThan(0.5);
  expect(LIST_PRICES.exchangeRate.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
});
