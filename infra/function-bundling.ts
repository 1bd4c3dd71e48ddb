/**
 * How each Lambda function's code is bundled, said once. The CDK stack passes `functionBundling(…)` to
 * NodejsFunction, which runs esbuild's command line; `npm run bundles` and test/infra/bundles.test.ts
 * run esbuild's JS API through `bundleFunction` with `esbuildOptions()`. Both are built from `SETTINGS`
 * and both finish the asset with `completeAsset`, so what is measured and tested is what deploys.
 *
 * - Everything is bundled, the AWS SDK included: a function runs the SDK versions package-lock.json
 *   pins, not whichever the Lambda runtime carries, and no node_modules folder is shipped.
 * - pdfkit (with fontkit, linebreak…) lands only in the functions whose module graph imports
 *   shared/extract/render-pdf.ts — `RENDERS_PDF` — and their asset carries the two DejaVu Serif faces
 *   the extract uses, in `fonts/` beside `index.mjs` where render-pdf.ts looks first, with their
 *   licence (it asks to go with every copy); the package's 20 other faces stay out. pdfkit's own
 *   font metrics are never needed: render-pdf.ts opens every document with our font. linebreak and
 *   unicode-properties carry their data inlined, so nothing else is read from disk.
 * - fontkit's Brotli decoder, needed only for WOFF2 fonts, is replaced by a stub (infra/bundling/).
 * - Source maps stay (the functions run with --enable-source-maps) but light: without the sources'
 *   text, and mapping only the project's own code, so a stack trace names our TypeScript files and
 *   lines while a frame inside a package keeps its place in index.mjs. The SDK's mappings would
 *   otherwise make up nine tenths of the map, and more than the code itself once zipped.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions, Metafile } from 'esbuild';
import { topology, type FunctionId, type FunctionSpec } from './topology.ts';

const ROOT = resolve(import.meta.dirname, '..');
/** The bundle NodejsFunction writes for the ESM format; its source map is `index.mjs.map`. */
export const OUTFILE = 'index.mjs';
/** Where a PDF-rendering function's asset carries its fonts, beside OUTFILE (see shared/extract/render-pdf.ts). */
export const FONTS_DIR = 'fonts';
/** The faces shared/extract/render-pdf.ts uses, from the dejavu-fonts-ttf package (its `ttf/` folder). */
export const FONT_FILES = ['DejaVuSerif.ttf', 'DejaVuSerif-Bold.ttf'] as const;
/** The fonts' licence, copied beside them: it must go with every copy of the typefaces. */
export const FONT_LICENSE = 'LICENSE';

/**
 * The functions that render PDFs, hence bundle pdfkit and carry the fonts: those the topology marks
 * `rendersPdf`. test/infra/bundles.test.ts holds this to each bundle's module graph.
 */
export const RENDERS_PDF = Object.fromEntries(
  (Object.entries(topology.functions) as [FunctionId, FunctionSpec][]).map(([id, spec]) => [id, spec.rendersPdf === true]),
) as Readonly<Record<FunctionId, boolean>>;

/** The esbuild settings, in the words of both NodejsFunction's `bundling` and esbuild's JS API. */
const SETTINGS = {
  target: 'node24',
  minify: true,
  /** Packages' ESM builds first (the SDK's dist-es), which esbuild tree-shakes better. */
  mainFields: ['module', 'main'],
  /** For the CommonJS packages in an ES module bundle, which `require` Node's built-in modules. */
  banner: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
  /** Nothing is left out of the bundle, the AWS SDK included (NodejsFunction leaves it out by default). */
  external: [] as string[],
  /** fontkit imports `brotli/decompress.js` for WOFF2 fonts only: the stub keeps the decoder out. */
  alias: { 'brotli/decompress.js': join(ROOT, 'infra', 'bundling', 'brotli-decompress.ts') },
  sourceMap: true,
  /** The sources' text would double the map; a stack trace needs only file names and lines. */
  sourcesContent: false,
};

/**
 * What registre-stack.ts passes as a function's `bundling`: `functionBundling(RENDERS_PDF[id])`.
 * After esbuild, NodejsFunction runs `completeAsset` on its output folder (a local command: esbuild is
 * installed with the project, so NodejsFunction never bundles in Docker), with the Node.js running the
 * CDK app.
 */
export function functionBundling(rendersPdf: boolean): BundlingOptions {
  return {
    format: OutputFormat.ESM,
    target: SETTINGS.target,
    minify: SETTINGS.minify,
    mainFields: SETTINGS.mainFields,
    banner: SETTINGS.banner,
    externalModules: SETTINGS.external,
    esbuildArgs: Object.fromEntries(Object.entries(SETTINGS.alias).map(([name, path]) => [`--alias:${name}`, path])),
    sourceMap: SETTINGS.sourceMap,
    sourcesContent: SETTINGS.sourcesContent,
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (inputDir, outputDir) => [
        [process.execPath, join(inputDir, relative(ROOT, import.meta.filename)), 'complete-asset', outputDir]
          .concat(rendersPdf ? ['--fonts'] : [])
          .map(shellQuote)
          .join(' '),
      ],
    },
  };
}

/** The same settings for esbuild's JS API, as NodejsFunction passes them on the command line (with `--platform=node`). */
export function esbuildOptions(): BuildOptions {
  return {
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: SETTINGS.target,
    minify: SETTINGS.minify,
    mainFields: SETTINGS.mainFields,
    banner: { js: SETTINGS.banner },
    external: SETTINGS.external,
    alias: SETTINGS.alias,
    sourcemap: SETTINGS.sourceMap,
    sourcesContent: SETTINGS.sourcesContent,
  };
}

/**
 * Finishes a bundled function's asset, in its folder: keeps only the project's own code in the source
 * map and, for a function that renders PDFs, copies the fonts and their licence into FONTS_DIR.
 */
export function completeAsset(outdir: string, rendersPdf: boolean): void {
  const mapFile = join(outdir, `${OUTFILE}.map`);
  writeFileSync(mapFile, JSON.stringify(ownCodeSourceMap(JSON.parse(readFileSync(mapFile, 'utf8')) as SourceMapV3)));
  if (!rendersPdf) return;
  const fontPackage = dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json'));
  mkdirSync(join(outdir, FONTS_DIR), { recursive: true });
  for (const font of FONT_FILES) copyFileSync(join(fontPackage, 'ttf', font), join(outdir, FONTS_DIR, font));
  copyFileSync(join(fontPackage, FONT_LICENSE), join(outdir, FONTS_DIR, FONT_LICENSE));
}

export interface AssetFile {
  /** Its path in the asset, with `/`. */
  readonly name: string;
  readonly bytes: number;
  /** What it adds to the asset's zip: its deflated bytes and its two headers. */
  readonly zipped: number;
}

export interface FunctionBundle {
  readonly outdir: string;
  readonly metafile: Metafile;
  readonly files: readonly AssetFile[];
  /** The asset's size as Lambda counts it (CodeSize): its zip, as the CDK makes it, to a few bytes. */
  readonly zipped: number;
}

/** Bundles a function (its entry from the repository's root) into `outdir`, as NodejsFunction does, and measures the asset. */
export async function bundleFunction(entry: string, outdir: string, rendersPdf: boolean): Promise<FunctionBundle> {
  const { build } = await import('esbuild');
  const { metafile } = await build({
    ...esbuildOptions(),
    absWorkingDir: ROOT,
    entryPoints: [join(ROOT, entry)],
    outfile: join(outdir, OUTFILE),
    metafile: true,
    logLevel: 'warning',
  });
  completeAsset(outdir, rendersPdf);
  const files = assetFiles(outdir);
  return { outdir, metafile, files, zipped: files.reduce((sum, file) => sum + file.zipped, ZIP_END) };
}

/** Every function of the topology, bundled each in its folder under `outdir`. */
export async function bundleAll(outdir: string): Promise<Record<FunctionId, FunctionBundle>> {
  const ids = Object.keys(topology.functions) as FunctionId[];
  const bundles = await Promise.all(ids.map((id) => bundleFunction(topology.functions[id].entry, join(outdir, id), RENDERS_PDF[id])));
  return Object.fromEntries(ids.map((id, index) => [id, bundles[index]!])) as Record<FunctionId, FunctionBundle>;
}

/** The bytes each package (by name, however deeply installed) puts in the bundle, heaviest first. */
export function packageWeights(metafile: Metafile): [string, number][] {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint !== undefined);
  const weights = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const name = packageOf(input);
    if (name !== undefined) weights.set(name, (weights.get(name) ?? 0) + bytesInOutput);
  }
  return [...weights].sort((a, b) => b[1] - a[1]);
}

/** The package a bundled input comes from (`@aws-sdk/client-s3`, `pdfkit`), or undefined for the project's own code. */
export function packageOf(input: string): string | undefined {
  return /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(input)?.[1];
}

// A zip (yazl's, as the CDK writes it): a local header (30 bytes) and a central directory record
// (46 bytes) per file, each with its name, and a 22-byte end record. The CDK deflates at level 6, zlib's default.
const ZIP_END = 22;
function assetFiles(outdir: string): AssetFile[] {
  return readdirSync(outdir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => {
      const path = join(entry.parentPath, entry.name);
      const name = relative(outdir, path).split('\\').join('/');
      const data = readFileSync(path);
      return { name, bytes: data.length, zipped: deflateRawSync(data).length + 30 + 46 + 2 * Buffer.byteLength(name) };
    })
    .sort((a, b) => (a.name < b.name ? -1 : 1));
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

const shellQuote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`;

// NodejsFunction's afterBundling hook: `node infra/function-bundling.ts complete-asset <outdir> [--fonts]`.
if (import.meta.main) {
  const [command, outdir, ...flags] = process.argv.slice(2);
  if (command !== 'complete-asset' || !outdir) throw new Error('usage: node infra/function-bundling.ts complete-asset <outdir> [--fonts]');
  completeAsset(outdir, flags.includes('--fonts'));
}
