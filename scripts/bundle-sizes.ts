/**
 * `npm run bundles` (`-- --json` for JSON, `-- --keep` to keep the bundles): bundles every function of
 * the topology as the CDK stack does (infra/function-bundling.ts, through infra/bundling/measure-bundles.ts),
 * into a temporary folder, and prints for each its bundle (index.mjs), its whole asset (with the source
 * map and, for a function that renders PDFs, the fonts), that asset zipped as Lambda stores it
 * (CodeSize) and the five packages that weigh most in the bundle.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleAll, packageWeights } from '#infra/bundling/measure-bundles';
import { OUTFILE, RENDERS_PDF } from '#infra/function-bundling';
import type { FunctionId } from '#infra/topology';

const json = process.argv.includes('--json');
const keep = process.argv.includes('--keep');
const outdir = mkdtempSync(join(tmpdir(), 'registre-bundles-'));
try {
  const bundles = await bundleAll(outdir);
  const rows = (Object.keys(bundles) as FunctionId[]).map((id) => {
    const { files, zipped, metafile } = bundles[id];
    return {
      function: id,
      rendersPdf: RENDERS_PDF[id],
      bundleBytes: files.find((file) => file.name === OUTFILE)!.bytes,
      assetBytes: files.reduce((sum, file) => sum + file.bytes, 0),
      zippedBytes: zipped,
      files: files.map(({ name, bytes, zipped }) => ({ name, bytes, zipped })),
      heaviestPackages: packageWeights(metafile)
        .slice(0, 5)
        .map(([name, bytes]) => ({ name, bytes })),
    };
  });
  if (json) console.log(JSON.stringify(rows, null, 2));
  else {
    const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
    const table = [
      ['function', 'PDF', 'bundle JS', 'asset', 'zipped', 'heaviest packages (minified bytes in the bundle)'],
      ...rows.map((row) => [
        row.function,
        row.rendersPdf ? 'yes' : 'no',
        kb(row.bundleBytes),
        kb(row.assetBytes),
        kb(row.zippedBytes),
        row.heaviestPackages.map((p) => `${p.name} ${Math.round(p.bytes / 1024)} KB`).join(', '),
      ]),
    ];
    const widths = table[0]!.map((_, column) => Math.max(...table.map((cells) => cells[column]!.length)));
    for (const cells of table)
      console.log(
        cells
          .map((cell, column) =>
            column === 0 || column === cells.length - 1 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!),
          )
          .join('  ')
          .trimEnd(),
      );
    console.log('\nzipped: the asset as the CDK zips it (deflate, level 6), what Lambda counts as CodeSize; KB = 1,024 bytes.');
  }
  if (keep) console.error(`bundles kept in ${outdir}`);
} finally {
  if (!keep) rmSync(outdir, { recursive: true, force: true });
}
