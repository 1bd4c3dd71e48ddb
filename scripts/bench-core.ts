/**
 * Measures the pure core and the extract on a large séance, and prints the figures:
 *   npm run bench
 * A départemental séance at full size: 100 members in office (20 of them represented), 150
 * délibérations with their exposés, a departure with a proxy and a return every ten items, every item
 * voted and signed.
 * It answers the questions the design rests on: how long rebuilding a séance from its log takes, what
 * one event costs on the stored projection (what session-events does per event), and how big the
 * projection is against DynamoDB's 400 KB item limit, raw and gzipped.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { applyEvent, replay } from '#domain/session';
import { extractContent } from '#extract/extract-content';
import { renderPdf } from '#extract/render-pdf';
import { parseSessionEvent, type SessionEvent } from '#events/session-events';
import { readFileSync } from 'node:fs';
import { largeSeance } from './large-seance.ts';

const MEMBERS = 100;
const ITEMS = 150;

const time = async <T>(label: string, runs: number, work: () => T | Promise<T>) => {
  await work();
  const start = performance.now();
  let result: T | undefined;
  for (let i = 0; i < runs; i++) result = await work();
  const each = (performance.now() - start) / runs;
  console.log(`${label.padEnd(58)} ${each.toFixed(2).padStart(9)} ms`);
  return result as T;
};

const events = largeSeance({ members: MEMBERS, items: ITEMS });
console.log(`séance: ${MEMBERS} members, ${ITEMS} délibérations, ${events.length} events\n`);
const replayed = await time('replay of the whole log (rebuilding the projection)', 20, () => replay(events));
if (replayed.steps.some((s) => s.status !== 'applied'))
  throw new Error(`a step was rejected: ${JSON.stringify(replayed.steps.find((s) => s.status !== 'applied'))}`);
const state = replayed.state!;
const json = Buffer.from(JSON.stringify(state));
const gzipped = gzipSync(json);
console.log(`${'projection, JSON'.padEnd(58)} ${(json.length / 1024).toFixed(1).padStart(9)} KB`);
console.log(
  `${'projection, gzipped as stored (DynamoDB item limit: 400 KB)'.padEnd(58)} ${(gzipped.length / 1024).toFixed(1).padStart(9)} KB`,
);
const before = replay(events.slice(0, -1)).state!;
const stored = gzipSync(JSON.stringify(before));
const closing = events.at(-1)!;
await time('one event on the stored projection (read, apply, write back)', 50, () => {
  const state = JSON.parse(gunzipSync(stored).toString('utf8'));
  const next = applyEvent(state, closing);
  if (!next.ok) throw new Error(next.error.message.en);
  return gzipSync(JSON.stringify(next.value));
});

const seed = JSON.parse(readFileSync('events/samples/cd35-2025-03-20-ad-2025-0043.json', 'utf8')) as { events: unknown[] };
const seedEvents = seed.events.map((e) => (parseSessionEvent(e) as { ok: true; event: SessionEvent }).event);
const seedState = replay(seedEvents).state!;
const opening = seedEvents[0]!;
const texts = opening.type === 'SessionOpened' ? opening.payload.items[0]! : {};
const content = extractContent(seedState, seedState.items[0]!, texts);
const pdf = await time('certified extract of the seed act, PDF', 10, () => renderPdf(content, seedState.assembly.name));
console.log(`${'its size'.padEnd(58)} ${(pdf.length / 1024).toFixed(1).padStart(9)} KB`);
const memory = process.memoryUsage();
console.log(`${'resident memory at the end'.padEnd(58)} ${(memory.rss / 1024 / 1024).toFixed(0).padStart(9)} MB`);
