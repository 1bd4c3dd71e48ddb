/**
 * Builds the secretariat's console: the Preact application and its DSFR styles, bundled and
 * minified by esbuild into `outdir` (index.html, app.js, styles.css, and the fonts and icons under assets/). The local stack builds it
 * at every start; the CDK stack ships the same files.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const HERE = import.meta.dirname;

export interface BuiltFile {
  readonly name: string;
  readonly bytes: number;
  readonly gzipped: number;
}

export async function buildConsole(outdir: string): Promise<BuiltFile[]> {
  mkdirSync(outdir, { recursive: true });
  await build({
    entryPoints: { app: join(HERE, 'src', 'main.tsx'), styles: join(HERE, 'styles.css') },
    outdir,
    entryNames: '[name]',
    assetNames: 'assets/[name]',
    bundle: true,
    minify: true,
    format: 'esm',
    target: 'es2022',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    loader: { '.woff2': 'file', '.woff': 'file', '.svg': 'file' },
    legalComments: 'none',
    logLevel: 'silent',
  });
  copyFileSync(join(HERE, 'index.html'), join(outdir, 'index.html'));
  return listFiles(outdir);
}

function listFiles(dir: string, prefix = ''): BuiltFile[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return listFiles(path, `${prefix}${name}/`);
    const bytes = readFileSync(path);
    return [{ name: `${prefix}${name}`, bytes: bytes.length, gzipped: gzipSync(bytes).length }];
  });
}
