/** The local stack's state is this user's only: an engine's files hold the séances. */
import { chmodSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Creates `dir` if need be and makes it, and all it holds, this user's only (directories 700, files
 * 600): an engine's files hold the séances, and earlier runs may have left them readable by all.
 * With `deep` false, the folder and its own files only: its subfolders' owners see to theirs.
 */
export function makePrivate(dir: string, deep = true): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory() && deep) makePrivate(path);
    else if (entry.isFile()) chmodSync(path, 0o600);
  }
}
