/**
 * Trims a bundle's source map to the project's own code (see infra/function-bundling.ts, which does it
 * to every function's asset): a stack trace still names our TypeScript files and lines, while the
 * packages' mappings, nine tenths of an untrimmed map, stay out of the asset.
 */

/** The package a bundled input comes from (`@aws-sdk/client-s3`, `pdfkit`), or undefined for the project's own code. */
export function packageOf(input: string): string | undefined {
  return /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(input)?.[1];
}

/** A source map (version 3), as esbuild writes it. */
export interface SourceMapV3 {
  readonly version: 3;
  readonly file?: string;
  readonly sourceRoot?: string;
  readonly sources: readonly string[];
  readonly sourcesContent?: readonly (string | null)[];
  readonly names: readonly string[];
  readonly mappings: string;
}

/**
 * The map with only the project's own code: each run of generated code that came from a package is
 * left unmapped (a one-field segment), so that Node neither maps it nor lends it the place of the
 * code before it; the packages' sources and names go.
 */
export function ownCodeSourceMap(map: SourceMapV3): SourceMapV3 {
  const sources: string[] = [];
  const names: string[] = [];
  const fromPackage = map.sources.map((source) => packageOf(source) !== undefined);
  const sourceIndex = new Map<number, number>();
  const nameIndex = new Map<number, number>();
  const indexIn = (index: Map<number, number>, list: string[], from: readonly string[], at: number) => {
    let mapped = index.get(at);
    if (mapped === undefined) index.set(at, (mapped = list.push(from[at]!) - 1));
    return mapped;
  };
  // Absolute values of the segment read, and of the last one written (the fields are deltas).
  const read = { source: 0, line: 0, column: 0, name: 0 };
  const written = { source: 0, line: 0, column: 0, name: 0 };
  const mappings = map.mappings
    .split(';')
    .map((line) => {
      let generated = 0;
      let lastWritten = 0;
      let unmapped = false;
      const segments: string[] = [];
      for (const segment of line.split(',')) {
        if (!segment) continue;
        const fields = vlqDecode(segment);
        generated += fields[0]!;
        const mapped = fields.length >= 4;
        if (mapped) {
          read.source += fields[1]!;
          read.line += fields[2]!;
          read.column += fields[3]!;
          if (fields.length === 5) read.name += fields[4]!;
        }
        if (!mapped || fromPackage[read.source]) {
          if (!unmapped) {
            segments.push(vlqEncode(generated - lastWritten));
            lastWritten = generated;
            unmapped = true;
          }
          continue;
        }
        unmapped = false;
        const source = indexIn(sourceIndex, sources, map.sources, read.source);
        let text =
          vlqEncode(generated - lastWritten) +
          vlqEncode(source - written.source) +
          vlqEncode(read.line - written.line) +
          vlqEncode(read.column - written.column);
        if (fields.length === 5) {
          const name = indexIn(nameIndex, names, map.names, read.name);
          text += vlqEncode(name - written.name);
          written.name = name;
        }
        Object.assign(written, { source, line: read.line, column: read.column });
        lastWritten = generated;
        segments.push(text);
      }
      return segments.join(',');
    })
    .join(';');
  return {
    version: 3,
    ...(map.file !== undefined && { file: map.file }),
    ...(map.sourceRoot !== undefined && { sourceRoot: map.sourceRoot }),
    sources,
    ...(map.sourcesContent && { sourcesContent: [...sourceIndex.keys()].map((at) => map.sourcesContent![at] ?? null) }),
    names,
    mappings,
  };
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function vlqDecode(segment: string): number[] {
  const values: number[] = [];
  let value = 0;
  let scale = 1;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    if (digit < 0) throw new Error(`not a source map segment: ${segment}`);
    value += (digit & 31) * scale;
    if (digit & 32) scale *= 32;
    else {
      values.push(value % 2 ? -(value - 1) / 2 : value / 2);
      value = 0;
      scale = 1;
    }
  }
  return values;
}

function vlqEncode(value: number): string {
  let rest = value < 0 ? -value * 2 + 1 : value * 2;
  let text = '';
  do {
    const digit = rest % 32;
    rest = Math.floor(rest / 32);
    text += BASE64[rest > 0 ? digit | 32 : digit];
  } while (rest > 0);
  return text;
}
