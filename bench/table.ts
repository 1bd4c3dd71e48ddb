/**
 * `npm run bench:table [-- results.json]`: the README's table of figures, in Markdown, from the results
 * `npm run bench` wrote — so that what the README states is what the last run measured.
 */
import { readFileSync } from 'node:fs';
import { formatValue, meets, type Section } from './report.ts';

interface Results {
  readonly measuredAt: string;
  readonly commit: string;
  readonly machine: {
    readonly cpu: string;
    readonly cores: number;
    readonly memoryGiB: number;
    readonly node: string;
    readonly java: string;
  };
  readonly sections: readonly (Section & { readonly benchmark: string; readonly seconds: number })[];
}

const results = JSON.parse(readFileSync(process.argv[2] ?? 'bench/results.json', 'utf8')) as Results;
const { machine } = results;
console.log(
  `Measured ${results.measuredAt.slice(0, 10)} on commit ${results.commit}: ${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, Node ${machine.node}, ${machine.java}.\n`,
);
console.log('| benchmark | figure | value | target |');
console.log('|---|---|---:|---|');
for (const section of results.sections)
  for (const figure of section.figures) {
    const ok = meets(figure);
    const target = figure.target
      ? `${figure.target.min !== undefined ? `≥ ${formatValue(figure.target.min)}` : `≤ ${formatValue(figure.target.max!)}`} ${ok ? '✓' : '✗'}`
      : '';
    console.log(`| ${section.benchmark} | ${figure.name} | ${formatValue(figure.value)} ${figure.unit} | ${target} |`);
  }
