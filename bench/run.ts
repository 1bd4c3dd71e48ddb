/**
 * `npm run bench`: every benchmark, one after another (each alone on the machine), printed as it
 * ends, then all of them written to `bench/results.json` with the machine they ran on and the commit
 * they measured. `npm run bench -- --only pipeline,extract` runs some; `BENCH_SEANCES` sets how many
 * séances the end-to-end run posts (50 by default).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, freemem, totalmem, type, release, arch } from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { formatSection, meets, type Section } from './report.ts';

const BENCHMARKS = {
  core: () => import('./core.ts'),
  extract: () => import('./extract.ts'),
  'cold-start': () => import('./cold-start.ts'),
  pipeline: () => import('./pipeline.ts'),
} as const satisfies Record<string, () => Promise<{ measure(): Promise<Section> }>>;

type Name = keyof typeof BENCHMARKS;

const { values } = parseArgs({ options: { only: { type: 'string' }, out: { type: 'string', default: 'bench/results.json' } } });
const names = (values.only?.split(',') ?? Object.keys(BENCHMARKS)) as Name[];
const unknown = names.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(`bench: no benchmark named ${unknown.join(', ')} (there are ${Object.keys(BENCHMARKS).join(', ')})`);
  process.exit(2);
}

const started = performance.now();
const sections: (Section & { benchmark: string; seconds: number })[] = [];
for (const name of names) {
  const start = performance.now();
  const section = await (await BENCHMARKS[name]()).measure();
  const seconds = (performance.now() - start) / 1000;
  sections.push({ benchmark: name, seconds, ...section });
  console.log(`${formatSection(section)}\n  (${seconds.toFixed(0)} s)\n`);
}
const missed = sections.flatMap((s) => s.figures.filter((f) => meets(f) === false).map((f) => `${s.section}: ${f.name}`));
console.log(missed.length === 0 ? 'every target met' : `targets missed (${missed.length}):\n  ${missed.join('\n  ')}`);
console.log(`\nbench: ${((performance.now() - started) / 1000).toFixed(0)} s in all; results in ${values.out}`);

writeFileSync(
  values.out,
  `${JSON.stringify({ measuredAt: new Date().toISOString(), commit: commit(), machine: machine(), sections }, null, 2)}\n`,
);

function machine() {
  const cores = cpus();
  return {
    cpu: cores[0]?.model ?? 'unknown',
    cores: cores.length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    freeMemoryGiBAtStart: Math.round(freemem() / 2 ** 30),
    os: `${type()} ${release()} ${arch()}`,
    node: process.version,
    java: javaVersion(),
  };
}

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

/** DynamoDB Local runs on it; without it, the stack falls back to dynalite. */
function javaVersion(): string {
  const java = spawnSync('java', ['-version'], { encoding: 'utf8' });
  return java.status === 0 ? java.stderr.split('\n')[0]!.trim() : 'absent (dynalite instead of DynamoDB Local)';
}
