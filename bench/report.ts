/**
 * The shape every benchmark reports in, and how it is printed. Each `bench/<name>.ts` exports a
 * `measure()` that resolves to a `Section`; `bench/run.ts` (`npm run bench`) runs them one after
 * another, prints each, and writes them all to `bench/results.json` with the machine they ran on.
 * A figure with a target says whether it meets it: benchmarks report, they never fail a build.
 */

export interface Target {
  /** The figure must be at most this. */
  readonly max?: number;
  /** The figure must be at least this. */
  readonly min?: number;
}

export interface Figure {
  /** What was measured, in words a reader of the README understands. */
  readonly name: string;
  readonly value: number;
  /** `ms`, `KB`, `€`, `/s`, `×` … */
  readonly unit: string;
  readonly target?: Target;
}

export interface Section {
  readonly section: string;
  readonly figures: readonly Figure[];
  /** Whatever else a reader needs to trust the figures (inputs, breakdowns), as plain JSON. */
  readonly details?: unknown;
}

/** Whether a figure meets its target; undefined when it has none. */
export function meets(figure: Figure): boolean | undefined {
  const { target } = figure;
  if (!target) return undefined;
  return (target.max === undefined || figure.value <= target.max) && (target.min === undefined || figure.value >= target.min);
}

/** A figure rounded for reading: three significant digits, never more than two decimals. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  const decimals = magnitude >= 100 ? 0 : magnitude >= 10 ? 1 : magnitude >= 0.01 || magnitude === 0 ? 2 : 4;
  return value.toLocaleString('en-GB', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** The section as aligned lines: name, value and unit, and the target with ✓ or ✗. */
export function formatSection(section: Section): string {
  const width = Math.max(...section.figures.map((f) => f.name.length), 20);
  const lines = section.figures.map((figure) => {
    const ok = meets(figure);
    const target = figure.target
      ? `  target ${figure.target.min !== undefined ? `≥ ${formatValue(figure.target.min)}` : ''}${
          figure.target.max !== undefined ? `≤ ${formatValue(figure.target.max)}` : ''
        } ${figure.unit} ${ok ? '✓' : '✗'}`
      : '';
    return `  ${figure.name.padEnd(width)}  ${formatValue(figure.value).padStart(10)} ${figure.unit}${target}`;
  });
  return [`${section.section}`, ...lines].join('\n');
}

/** Median and percentiles of samples (nearest rank). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export const median = (samples: readonly number[]) => percentile(samples, 50);
