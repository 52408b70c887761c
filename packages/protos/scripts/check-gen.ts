// CI staleness check: regenerates into a temporary folder and fails, listing the files, when the
// committed src/gen differs from what buf.gen.yaml and the protos produce now.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { buf, packageRoot } from './buf.ts';

function listFiles(root: string): string[] {
  try {
    return readdirSync(root, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => relative(root, join(entry.parentPath, entry.name)))
      .sort();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

const committed = join(packageRoot, 'src/gen');
const tmp = mkdtempSync(join(tmpdir(), 'mizan-protos-gen-'));
try {
  // `--output` re-roots every plugin's `out`, so src/gen lands under tmp.
  if (buf(['generate', '--output', tmp]) !== 0) throw new Error('buf generate failed');
  const fresh = join(tmp, 'src/gen');
  const names = [...new Set([...listFiles(committed), ...listFiles(fresh)])].sort();
  const stale = names.flatMap((name) => {
    let before: Buffer | undefined;
    let after: Buffer | undefined;
    try { before = readFileSync(join(committed, name)); } catch { /* missing in src/gen */ }
    try { after = readFileSync(join(fresh, name)); } catch { /* no longer generated */ }
    if (!before) return [`  added    src/gen/${name}`];
    if (!after) return [`  removed  src/gen/${name}`];
    return before.equals(after) ? [] : [`  changed  src/gen/${name}`];
  });
  if (stale.length > 0) {
    console.error(`packages/protos/src/gen is stale; run \`npm run gen -w @mizan/protos\` and commit:\n${stale.join('\n')}`);
    process.exitCode = 1;
  } else {
    console.log(`packages/protos/src/gen is up to date (${names.length} files).`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
