/**
 * A clone with nothing beside it runs and tests: no tracked file reaches above the repository's root,
 * whether by a relative path written out (`'../../x'`, `'..'`) or by `'..'` segments joined to the
 * file's own folder (`join(import.meta.dirname, '..', '..')`, `${import.meta.dirname}/../..`). It
 * reads the code as text, so it is a first net; CI's test of a lone clone is the real guard.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { expect, test } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
/** Prose and data may speak of other places; code, tests, scripts and settings may not go there. */
const EXEMPT = /(\.md|\.xsd|\.txt|\.pdf|package-lock\.json)$/;

const SELF = relative(ROOT, import.meta.filename);

/** This file is left out: its own examples of what the check catches would be caught. */
const tracked = execFileSync('git', ['ls-files'], { cwd: ROOT, encoding: 'utf8' })
  .split('\n')
  .filter((file) => file && file !== SELF && !EXEMPT.test(file));

/** A quoted path starting with `./` or `../`, or a folder anchor followed by quoted segments. */
const RELATIVE_LITERAL = /['"`](\.\.(?:\/[^'"`$\n]*)?|\.\/[^'"`$\n]*)['"`]/g;
const ANCHORED_SEGMENTS =
  /(?:import\.meta\.dirname\}?|__dirname\}?|import\.meta\.url\)+|\$\(dirname "\$0"\))((?:\s*,\s*['"][^'"]*['"])+|(?:\/[.\w-]+)+)/g;

function escapes(file: string, text: string): string[] {
  const folder = dirname(join(ROOT, file));
  const outside = (target: string) => {
    const path = relative(ROOT, resolve(folder, target));
    return path === '..' || path.startsWith(`..${sep}`);
  };
  const found: string[] = [];
  for (const [literal, path] of text.matchAll(RELATIVE_LITERAL)) if (outside(path!)) found.push(literal);
  for (const [anchor, segments] of text.matchAll(ANCHORED_SEGMENTS)) {
    const parts = segments!.startsWith('/')
      ? segments!.slice(1).split('/')
      : [...segments!.matchAll(/['"]([^'"]*)['"]/g)].map((m) => m[1]!);
    // `import.meta.url` names the file; the other anchors name its folder.
    if (outside(join(...parts))) found.push(anchor);
  }
  return found;
}

test(`none of the ${tracked.length} tracked files of code, tests, scripts and settings refers to a path above the repository`, () => {
  const offenders = tracked.flatMap((file) => escapes(file, readFileSync(join(ROOT, file), 'utf8')).map((hit) => `${file}: ${hit}`));
  expect(offenders).toEqual([]);
});

test('the check catches both ways out of the repository, and lets a path inside it pass', () => {
  expect(escapes('test/unit/x.test.ts', "join(import.meta.dirname, '..', '..', '..', 'elsewhere', 'seed')")).toHaveLength(1);
  expect(escapes('test/unit/x.test.ts', "readFileSync('../../../elsewhere/actes/siret.xsd')")).toHaveLength(1);
  expect(escapes('.ci/run', 'cd "$(dirname "$0")/../.."')).toHaveLength(1);
  expect(escapes('test/x.test.ts', 'join(import.meta.dirname, "..", "..", "elsewhere")')).toHaveLength(1);
  expect(escapes('test/x.test.ts', 'readFileSync(`${import.meta.dirname}/../../elsewhere/seed.txt`)')).toHaveLength(1);
  expect(escapes('vitest.config.ts', "path.resolve('..')")).toHaveLength(1);
  expect(
    escapes('test/unit/x.test.ts', "join(import.meta.dirname, '..', 'data', 'seed.txt'); import x from '../support/seance.ts'"),
  ).toEqual([]);
  expect(escapes('.ci/run', 'cd "$(dirname "$0")/.."')).toEqual([]);
});
