/**
 * `npm run console:build [outdir]`: builds the console (into `.local/console` by default) and prints
 * what a browser downloads — the pages' script and styles, the fonts and icons — raw and gzipped.
 */
import { buildConsole } from '#console/build';

const files = await buildConsole(process.argv[2] ?? '.local/console');
const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`.padStart(10);
const row = (name: string, list: typeof files) =>
  console.log(`${name.padEnd(36)}${kb(list.reduce((s, f) => s + f.bytes, 0))}${kb(list.reduce((s, f) => s + f.gzipped, 0))}`);
console.log(`${'file'.padEnd(36)}${'raw'.padStart(10)}${'gzipped'.padStart(10)}`);
for (const file of files.filter((f) => !f.name.startsWith('assets/'))) row(file.name, [file]);
row(
  'assets/*.woff2 (fonts)',
  files.filter((f) => f.name.endsWith('.woff2')),
);
row(
  'assets/*.svg (icons)',
  files.filter((f) => f.name.endsWith('.svg')),
);
row(
  'app.js + styles.css',
  files.filter((f) => f.name === 'app.js' || f.name === 'styles.css'),
);
