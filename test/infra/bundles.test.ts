/**
 * The functions' bundles as infra/function-bundling.ts makes them for the CDK stack: each function's
 * asset holds what its module graph needs and no more, within the size it is allowed, and the PDF
 * renderer, bundled and run where no node_modules folder can be reached, writes the very bytes the
 * repository's code writes.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { builtinModules, SourceMap } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { replay } from '#domain/session';
import type { SessionOpened } from '#events/session-events';
import { extractContent } from '#extract/extract-content';
import { renderPdf } from '#extract/render-pdf';
import { bundleAll, type FunctionBundle } from '#infra/bundling/measure-bundles';
import { ownCodeSourceMap, packageOf, type SourceMapV3 } from '#infra/bundling/own-code-source-map';
import { completeAsset, esbuildOptions, FONT_FILES, FONT_LICENSE, FONTS_DIR, OUTFILE, RENDERS_PDF } from '#infra/function-bundling';
import { topology, type FunctionId } from '#infra/topology';
import { itemOf, sampleEvents } from '../support/seance.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');
const KB = 1024;
const ids = Object.keys(topology.functions) as FunctionId[];
const pdfFunctions = ids.filter((id) => RENDERS_PDF[id]);

/** The seed act's extract, plain and stamped, as test/unit/extract.test.ts renders it. */
const seed = (() => {
  const events = sampleEvents('cd35-2025-03-20-ad-2025-0043.json');
  const { state } = replay(events);
  const item = itemOf(state, 'AD_2025_0043');
  const opening = events.find((e): e is SessionOpened => e.type === 'SessionOpened')!;
  const texts = opening.payload.items.find((i) => i.number === 'AD_2025_0043')!;
  return {
    author: state!.assembly.name,
    contents: [
      extractContent(state!, item, texts),
      extractContent(state!, item, texts, { receivedOn: '2025-03-28', actesId: item.actesId }),
    ],
  };
})();

/** Renders each content given on standard input; writes the PDFs, base64, as JSON on standard output. */
const RENDERER = `
import { readFileSync } from 'node:fs';
import { renderPdf } from '#extract/render-pdf';
const { contents, author } = JSON.parse(readFileSync(0, 'utf8'));
const pdfs = [];
for (const content of contents) pdfs.push((await renderPdf(content, author)).toString('base64'));
process.stdout.write(JSON.stringify(pdfs));
`;

let workdir: string;
let bundles: Record<FunctionId, FunctionBundle>;
/** The renderer's asset: its bundle and its fonts, alone in a folder of the system's temporary directory. */
let renderer: string;
/** The renderer's source map as esbuild wrote it, before `completeAsset` trimmed it. */
let untrimmedMap: SourceMapV3;

beforeAll(async () => {
  workdir = mkdtempSync(join(tmpdir(), 'registre-bundles-'));
  renderer = join(workdir, 'renderer');
  const [all, { outputFiles }] = await Promise.all([
    bundleAll(join(workdir, 'functions')),
    build({
      ...esbuildOptions(),
      absWorkingDir: ROOT,
      stdin: { contents: RENDERER, resolveDir: ROOT, sourcefile: 'renderer.ts', loader: 'ts' },
      outfile: join(renderer, OUTFILE),
      logLevel: 'warning',
      write: false,
    }),
  ]);
  bundles = all;
  mkdirSync(renderer);
  for (const file of outputFiles) writeFileSync(file.path, file.contents);
  untrimmedMap = JSON.parse(outputFiles.find((file) => file.path.endsWith('.map'))!.text) as SourceMapV3;
  completeAsset(renderer, true);
}, 120_000);

afterAll(() => rmSync(workdir, { recursive: true, force: true }));

const inputs = (id: FunctionId) => Object.keys(bundles[id].metafile.inputs);
const packages = (id: FunctionId) => new Set(inputs(id).flatMap((input) => packageOf(input) ?? []));

/** Runs the bundled renderer in a child process, from its folder, with nothing but PATH in its environment. */
function runRenderer(input: unknown, ...nodeOptions: string[]) {
  return spawnSync(process.execPath, [...nodeOptions, join(renderer, OUTFILE)], {
    cwd: renderer,
    env: { PATH: process.env.PATH },
    input: JSON.stringify(input),
    maxBuffer: 64 * 1024 * 1024,
  });
}

describe('the functions’ bundles', () => {
  test('the functions said to render PDFs are those whose module graph holds the renderer', () => {
    for (const id of ids) expect(inputs(id).includes('shared/extract/render-pdf.ts'), id).toBe(RENDERS_PDF[id]);
    expect(pdfFunctions).toEqual(['certifyAct', 'transmitAct', 'pollAcknowledgements']);
  });

  test('api and session-events carry no PDF library, and zip to 400 KB at most', () => {
    for (const id of ['api', 'sessionEvents'] as const) {
      for (const name of ['pdfkit', 'fontkit', 'linebreak', 'unicode-properties', 'dejavu-fonts-ttf'])
        expect(packages(id), id).not.toContain(name);
      expect(bundles[id].files.map((f) => f.name)).toEqual([OUTFILE, `${OUTFILE}.map`]);
      expect(bundles[id].zipped, id).toBeLessThanOrEqual(400 * KB);
    }
  });

  test('a function that renders PDFs carries the two fonts (and their licence) and no Brotli decoder, and zips to 1.5 MB at most', () => {
    for (const id of pdfFunctions) {
      expect(packages(id), id).toContain('pdfkit');
      expect(packages(id), id).not.toContain('brotli');
      expect(inputs(id), id).toContain('infra/bundling/brotli-decompress.ts');
      expect(bundles[id].files.map((f) => f.name)).toEqual(
        [...[...FONT_FILES, FONT_LICENSE].map((file) => `${FONTS_DIR}/${file}`), OUTFILE, `${OUTFILE}.map`].sort(),
      );
      expect(bundles[id].zipped, id).toBeLessThanOrEqual(1.5 * KB * KB);
    }
  });

  test('every package is in the bundle, the AWS SDK too: a function imports only Node’s built-in modules', () => {
    const builtins = new Set(builtinModules);
    for (const id of ids) {
      expect(packages(id), id).toContain('@aws-sdk/client-dynamodb');
      const output = Object.values(bundles[id].metafile.outputs).find((o) => o.entryPoint !== undefined)!;
      const external = output.imports.filter((i) => i.external).map((i) => i.path);
      expect(
        external.filter((path) => !path.startsWith('node:') && !builtins.has(path)),
        id,
      ).toEqual([]);
    }
  });

  test('the source maps name the project’s files only', () => {
    for (const id of ids) {
      const map = JSON.parse(readFileSync(join(bundles[id].outdir, `${OUTFILE}.map`), 'utf8')) as SourceMapV3;
      expect(
        map.sources.some((source) => source.endsWith(topology.functions[id].entry)),
        id,
      ).toBe(true);
      expect(
        map.sources.filter((source) => packageOf(source) !== undefined),
        id,
      ).toEqual([]);
      expect(map.sourcesContent, id).toBeUndefined();
    }
  });

  test('trimmed, a source map still places the project’s code exactly, and leaves the packages’ code unmapped', () => {
    const full = untrimmedMap;
    const [before, after] = [nodeSourceMap(full), nodeSourceMap(ownCodeSourceMap(full))];
    let own = 0;
    const wrong: unknown[] = [];
    full.mappings.split(';').forEach((segments, line) => {
      let column = 0;
      for (const segment of segments.split(',').filter(Boolean)) {
        column += vlqFirst(segment);
        const entry = before.findEntry(line, column) as Partial<{ originalSource: string }>;
        const trimmed = after.findEntry(line, column) as Partial<{ originalSource: string }>;
        const isOwn = entry.originalSource !== undefined && packageOf(entry.originalSource) === undefined;
        if (isOwn) own++;
        if (isOwn ? !isDeepStrictEqual(trimmed, entry) : trimmed.originalSource !== undefined) wrong.push({ line, column, entry, trimmed });
      }
    });
    expect(own).toBeGreaterThan(500);
    expect(wrong.slice(0, 3)).toEqual([]);
  });
});

describe('the bundled PDF renderer', () => {
  test('runs from a folder with only its bundle and fonts, out of reach of any node_modules', () => {
    expect(readdirSync(renderer, { recursive: true }).sort()).toEqual(
      [FONTS_DIR, ...[...FONT_FILES, FONT_LICENSE].map((file) => join(FONTS_DIR, file)), OUTFILE, `${OUTFILE}.map`].sort(),
    );
    for (let dir = renderer; dir !== dirname(dir); dir = dirname(dir)) expect(existsSync(join(dir, 'node_modules')), dir).toBe(false);
  });

  test('writes, byte for byte, the PDFs the repository’s code writes (the plain and the stamped extract)', async () => {
    const run = runRenderer(seed);
    expect(run.stderr.toString()).toBe('');
    expect(run.status).toBe(0);
    const bundled = (JSON.parse(run.stdout.toString()) as string[]).map((pdf) => Buffer.from(pdf, 'base64'));
    const unbundled = await Promise.all(seed.contents.map((content) => renderPdf(content, seed.author)));
    expect(bundled).toHaveLength(2);
    bundled.forEach((pdf, index) => expect(pdf.equals(unbundled[index]!), `extract ${index}`).toBe(true));
  });

  test('its stack traces point at the TypeScript sources, through the trimmed source map', () => {
    const run = runRenderer({ ...seed, contents: [{ ...seed.contents[0], blocks: null }] }, '--enable-source-maps');
    expect(run.status).not.toBe(0);
    expect(run.stderr.toString()).toMatch(/shared\/extract\/render-pdf\.ts:\d+:\d+/);
  });
});

/** Node's own reading of a source map (what --enable-source-maps uses); the maps here carry no sources' text. */
const nodeSourceMap = (map: SourceMapV3) =>
  new SourceMap({ file: OUTFILE, sourceRoot: '', ...map, sources: [...map.sources], names: [...map.names], sourcesContent: [] });

/** The first field of a source map segment: its generated column, relative to the previous segment's. */
function vlqFirst(segment: string): number {
  const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let value = 0;
  let scale = 1;
  for (const char of segment) {
    const digit = BASE64.indexOf(char);
    value += (digit & 31) * scale;
    if (!(digit & 32)) break;
    scale *= 32;
  }
  return value % 2 ? -(value - 1) / 2 : value / 2;
}
