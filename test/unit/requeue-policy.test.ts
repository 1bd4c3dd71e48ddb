import { expect, test } from 'vitest';
import { requeueDueAt, requeuePolicy } from '#acts/requeue-policy';

const POLICY = requeuePolicy(60);

const at = '2025-03-28T10:00:00.000Z';
const minutesAfter = (iso: string) => (new Date(iso).getTime() - new Date(at).getTime()) / 60_000;

test('an act is asked for again only once its message can have reached the dead-letter queue, then after a wait', () => {
  expect(minutesAfter(requeueDueAt(at, 0, 0.5, POLICY))).toBe(POLICY.inFlightMinutes + 15);
});

test('each request waits twice as long as the one before, up to six hours', () => {
  const waits = [0, 1, 2, 3, 4, 5, 6, 10].map((n) => minutesAfter(requeueDueAt(at, n, 0.5, POLICY)) - POLICY.inFlightMinutes);
  expect(waits).toEqual([15, 30, 60, 120, 240, 360, 360, 360]);
});

test('jitter spreads acts asked for together over ±25 % of the wait', () => {
  expect(minutesAfter(requeueDueAt(at, 1, 0, POLICY)) - POLICY.inFlightMinutes).toBe(22.5);
  expect(minutesAfter(requeueDueAt(at, 1, 1, POLICY)) - POLICY.inFlightMinutes).toBe(37.5);
});

test('an outage of a day asks for an act a handful of times, not once a minute', () => {
  let requestedAt = at;
  let requeues = 0;
  while (minutesAfter(requeueDueAt(requestedAt, requeues, 1, POLICY)) <= 24 * 60) {
    requestedAt = requeueDueAt(requestedAt, requeues, 1, POLICY);
    requeues += 1;
  }
  expect(requeues).toBeLessThanOrEqual(6);
});
