import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root (where buf.yaml and buf.gen.yaml live), whatever the caller's cwd. */
export const packageRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');

// The npm launcher of @bufbuild/buf, run with this node: works without node_modules/.bin on PATH.
const bufLauncher = createRequire(import.meta.url).resolve('@bufbuild/buf/bin/buf');

/** Runs buf in the package root with inherited stdio; returns its exit status. */
export function buf(args: string[]): number {
  const run = spawnSync(process.execPath, [bufLauncher, ...args], { cwd: packageRoot, stdio: 'inherit' });
  if (run.error) throw run.error;
  return run.status ?? 1;
}
