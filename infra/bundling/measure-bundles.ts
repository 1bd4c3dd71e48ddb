/**
 * Bundles the functions as the CDK stack does and measures what it gets, for `npm run bundles` and
 * test/infra/bundles.test.ts (and bench/cold-start.ts): the files of each asset, the asset zipped as
 * Lambda counts it (CodeSize), and the bytes each package, or each of the project's files, puts in a bundle.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import type { Metafile } from 'esbuild';
import { completeAsset, esbuildOptions, OUTFILE, RENDERS_PDF } from '../function-bundling.ts';
import { topology, type FunctionId } from '../topology.ts';
import { packageOf } from './own-code-source-map.ts';

const ROOT = resolve(import.meta.dirname, '..', '..');

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
  return weights(metafile, packageOf);
}

/**
 * The bytes each package, and each of the project's own files (by its path from the repository's
 * root), puts in the bundle, heaviest first: what a bundle is made of, the project's code included.
 */
export function moduleWeights(metafile: Metafile): [string, number][] {
  return weights(metafile, (input) => packageOf(input) ?? input);
}

function weights(metafile: Metafile, nameOf: (input: string) => string | undefined): [string, number][] {
  const output = Object.values(metafile.outputs).find((o) => o.entryPoint !== undefined);
  const totals = new Map<string, number>();
  for (const [input, { bytesInOutput }] of Object.entries(output?.inputs ?? {})) {
    const name = nameOf(input);
    if (name !== undefined) totals.set(name, (totals.get(name) ?? 0) + bytesInOutput);
  }
  return [...totals].sort((a, b) => b[1] - a[1]);
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
