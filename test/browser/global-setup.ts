/**
 * A stack of the browser tests' own, in a child process: the shared stack of the integration tests
 * runs in vitest's main process, which holds one stack only, and it claims the seed's act number
 * already.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { spawnStack, stopStack, type SpawnedStack } from '../support/spawn-stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The stack, and its state folder: where its issuer's key is, to mint tokens. */
    browserStack: Omit<SpawnedStack, 'child'> & { dir: string };
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'registre-browser-'));
  const { child, ...stack } = await spawnStack(dir, 1);
  project.provide('browserStack', { ...stack, dir });
  return async () => {
    await stopStack(child);
    rmSync(dir, { recursive: true, force: true });
  };
}
