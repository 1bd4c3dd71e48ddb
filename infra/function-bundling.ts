/**
 * How each Lambda function's code is bundled, said once. The CDK stack passes `functionBundling(…)` to
 * NodejsFunction, which runs esbuild's command line; `npm run bundles` and test/infra/bundles.test.ts
 * run esbuild's JS API with `esbuildOptions()` (`bundleFunction`, infra/bundling/measure-bundles.ts).
 * Both are built from `SETTINGS` and both finish the asset with `completeAsset`, so what is measured and
 * tested is what deploys.
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
 * - `node:http` is reached through a CommonJS stand-in (infra/bundling/node-http.cjs): imported as an
 *   ES module, it loads Node's bundled undici at start, 20 to 45 ms of a cold start even in a function
 *   that never calls `fetch` (bench/cold-start.ts).
 * - Source maps stay (the functions run with --enable-source-maps) but light: without the sources'
 *   text, and mapping only the project's own code, so a stack trace names our TypeScript files and
 *   lines while a frame inside a package keeps its place in index.mjs. The SDK's mappings would
 *   otherwise make up nine tenths of the map, and more than the code itself once zipped
 *   (infra/bundling/own-code-source-map.ts).
 */
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { BuildOptions } from 'esbuild';
import { ownCodeSourceMap, type SourceMapV3 } from './bundling/own-code-source-map.ts';
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
  alias: {
    /** fontkit imports `brotli/decompress.js` for WOFF2 fonts only: the stub keeps the decoder out. */
    'brotli/decompress.js': join(ROOT, 'infra', 'bundling', 'brotli-decompress.ts'),
    /** `node:http` reached as CommonJS, so that loading it does not load undici too (infra/bundling/node-http.cjs). */
    'node:http': join(ROOT, 'infra', 'bundling', 'node-http.cjs'),
    http: join(ROOT, 'infra', 'bundling', 'node-http.cjs'),
  },
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

const shellQuote = (arg: string) => `'${arg.replaceAll("'", `'\\''`)}'`;

// NodejsFunction's afterBundling hook: `node infra/function-bundling.ts complete-asset <outdir> [--fonts]`.
if (import.meta.main) {
  const [command, outdir, ...flags] = process.argv.slice(2);
  if (command !== 'complete-asset' || !outdir) throw new Error('usage: node infra/function-bundling.ts complete-asset <outdir> [--fonts]');
  completeAsset(outdir, flags.includes('--fonts'));
}
