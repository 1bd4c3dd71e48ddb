/**
 * A local stack in a child process (`stack-process.ts`): for the tests that kill it, and for those
 * that need a stack beside the shared one — the handlers read their configuration and build their
 * clients once per process, so one process holds one stack.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export interface SpawnedStack {
  readonly child: ChildProcess;
  readonly apiUrl: string;
  readonly consoleUrl: string;
  readonly issuerUrl: string;
  readonly publicUrl: string;
  readonly prefectureUrl: string;
  readonly tokens: { readonly secretariat: string; readonly admin: string };
}

const SCRIPT = join(import.meta.dirname, 'stack-process.ts');

/** Starts it on `dir`, with that visibility timeout, and resolves once it runs. */
export async function spawnStack(dir: string, visibilitySeconds: number): Promise<SpawnedStack> {
  const env = { ...process.env };
  // This process may carry another stack's settings: the new stack's acts must go to its own préfecture.
  delete env.ACTES_ENDPOINT;
  delete env.PREFECTURE_CONNECTOR;
  const child = spawn(process.execPath, [SCRIPT, dir, String(visibilitySeconds)], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let output = '';
  let errors = '';
  child.stderr!.on('data', (chunk) => (errors += chunk));
  const line = await new Promise<string>((ready, fail) => {
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const end = output.indexOf('\n');
      if (end >= 0) ready(output.slice(0, end));
    });
    child.once('exit', (code) => fail(new Error(`the stack exited with ${code}: ${errors}`)));
  });
  return { child, ...(JSON.parse(line) as Omit<SpawnedStack, 'child'>) };
}

/** Stops it as Ctrl-C would, and waits for it. */
export async function stopStack(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
  child.kill('SIGINT');
  return exited;
}
