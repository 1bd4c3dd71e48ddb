/**
 * The pure core on a large séance: a départemental séance at full size — 100 members in office (20
 * of them represented), 150 délibérations with their exposés, a departure with a proxy and a return
 * every ten items, every item voted and signed. It answers the questions the design rests on: how long
 * rebuilding a séance from its log takes, what one event costs on the stored projection (what
 * session-events does per event), and how big the projection is against DynamoDB's 400 KB item limit,
 * raw and gzipped.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { applyEvent, replay } from '#domain/session';
import { largeSeance } from '#scripts/large-seance';
import { median, type Section } from './report.ts';

const MEMBERS = 100;
const ITEMS = 150;

/** Median of `runs` timed runs of `work`, after one to warm up, in ms. */
function timed<T>(runs: number, work: () => T): { ms: number; result: T } {
  let result = work();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    result = work();
    samples.push(performance.now() - start);
  }
  return { ms: median(samples), result };
}

export async function measure(): Promise<Section> {
  const events = largeSeance({ members: MEMBERS, items: ITEMS });
  const replayed = timed(20, () => replay(events));
  const rejected = replayed.result.steps.find((s) => s.status !== 'applied');
  if (rejected) throw new Error(`a step was rejected: ${JSON.stringify(rejected)}`);
  const json = Buffer.from(JSON.stringify(replayed.result.state));
  const stored = gzipSync(JSON.stringify(replay(events.slice(0, -1)).state));
  const closing = events.at(-1)!;
  const oneEvent = timed(50, () => {
    const next = applyEvent(JSON.parse(gunzipSync(stored).toString('utf8')), closing);
    if (!next.ok) throw new Error(next.error.message.en);
    return gzipSync(JSON.stringify(next.value));
  });
  return {
    section: `The pure core on a séance of ${MEMBERS} members and ${ITEMS} délibérations (${events.length} events)`,
    figures: [
      { name: 'replay of the whole log (rebuilding the projection), median', value: replayed.ms, unit: 'ms' },
      { name: 'one event on the stored projection (read, apply, write back)', value: oneEvent.ms, unit: 'ms' },
      { name: 'projection, JSON', value: json.length / 1024, unit: 'KB' },
      { name: 'projection, gzipped as stored (item limit 400 KB)', value: gzipSync(json).length / 1024, unit: 'KB', target: { max: 350 } },
    ],
  };
}

if (import.meta.main) {
  const { formatSection } = await import('./report.ts');
  console.log(formatSection(await measure()));
}
