// `buf breaking` against the protos on the main branch. Skips, saying so, only while there is
// nothing to compare with: no main branch yet, or no packages/protos/proto on it.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buf, packageRoot } from './buf.ts';

const repoRoot = join(packageRoot, '../..');
const protoDir = 'packages/protos/proto';

function git(args: string[]): string | undefined {
  try {
    return execFileSync('git', args, { cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return undefined;
  }
}

if (!existsSync(join(repoRoot, '.git'))) {
  console.log('buf breaking skipped: not a git checkout.');
} else if (git(['rev-parse', '--verify', '--quiet', 'refs/heads/main']) === undefined) {
  console.log('buf breaking skipped: there is no main branch yet.');
} else if (!git(['ls-tree', '-d', 'main', '--', protoDir])) {
  console.log(`buf breaking skipped: main has no ${protoDir} yet.`);
} else {
  const status = buf(['breaking', '--against', `../../.git#branch=main,subdir=${protoDir}`]);
  if (status === 0) console.log('buf breaking: no breaking changes against main.');
  process.exitCode = status;
}
