/** Publishing from the console: the publication's instant as France reads it, and reading again until it shows. */
import { expect, test } from 'vitest';
import { publishedAtText, readUntil } from '#console/src/publishing';

test('the instant of publication is written on the French calendar and clock', () => {
  expect(publishedAtText('2025-03-25T09:32:00Z')).toBe('25 mars 2025 à 10h32');
  expect(publishedAtText('2025-07-01T07:00:00.000Z')).toBe('1er juillet 2025 à 9h');
  // Past midnight in France, still the day before in UTC.
  expect(publishedAtText('2025-03-31T22:05:00Z')).toBe('1er avril 2025 à 0h05');
  expect(publishedAtText('not a date')).toBe('not a date');
});

test('reads until an answer comes, waiting between reads', async () => {
  const answers = [null, null, { publishedAt: '2025-03-25T09:32:00Z' }];
  const waits: number[] = [];
  const found = await readUntil(async () => answers.shift() ?? null, { everyMs: 700, wait: async (ms) => void waits.push(ms) });
  expect(found).toEqual({ publishedAt: '2025-03-25T09:32:00Z' });
  expect(waits).toEqual([700, 700]);
});

test('gives up after about the time allowed, or once stopped', async () => {
  let reads = 0;
  const never = async () => (reads++, null);
  expect(await readUntil(never, { everyMs: 700, withinMs: 15_000, wait: async () => {} })).toBeNull();
  expect(reads).toBe(22);
  reads = 0;
  expect(await readUntil(never, { stopped: () => reads >= 3, wait: async () => {} })).toBeNull();
  expect(reads).toBe(3);
});

test('a read that fails ends it with its error', async () => {
  await expect(
    readUntil(
      async () => {
        throw new Error('refused');
      },
      { wait: async () => {} },
    ),
  ).rejects.toThrow('refused');
});
