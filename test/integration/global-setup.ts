/**
 * Starts the local stack once for the integration tests — the same code as `npm start`: real
 * engines on free ports, the topology's resources, the production handlers — in a throwaway
 * directory, with a short visibility timeout so retries show within seconds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { ACTES_SCHEMAS_DIR } from '#local/prefecture/xsd';
import { startLocalStack, type StackInfo } from '#local/stack';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The stack, and its state folder: where its issuer's key is, to mint tokens (`tokenFor` in support.ts). */
    stack: StackInfo & { dir: string };
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'registre-it-'));
  // The schemas kept in the repository, whatever ACTES_XSD_DIR the shell may hold.
  const stack = await startLocalStack({ dir, port: 0, visibilityTimeoutSeconds: 1, scheduleSeconds: 1, xsdDir: ACTES_SCHEMAS_DIR });
  const { stop, simulator: _simulator, failure: _failure, ...info } = stack;
  project.provide('stack', { ...info, dir });
  return async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
