// `npm test`: the whole check — lint, typecheck, staleness of generated code, supergraph and migrations,
// then every test. Each step runs even when an earlier one failed, so one run shows every problem.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from './supergraph.ts';

interface Step { name: string; cmd: string; args: string[]; env?: Record<string, string> }

const npx = (...args: string[]) => ({ cmd: 'npx', args: ['--no-install', ...args] });
const npmRun = (ws: string, script: string) => ({ cmd: 'npm', args: ['run', '--silent', '-w', ws, script] });
const vitestJson = join(repoRoot, '.mizan', 'vitest-results.json');

const only = process.argv.slice(2);
const STEPS: Step[] = [
  { name: 'lint', ...npx('eslint', '.', '--max-warnings=0') },
  // CI checks from scratch; locally nx's cache skips projects whose inputs did not change.
  { name: 'typecheck', ...npx('nx', 'run-many', '-t', 'typecheck', '--parallel=2', '--outputStyle=static', ...(process.env.CI ? ['--skip-nx-cache'] : [])), env: { NX_DAEMON: 'false' } },
  { name: 'protos: generated code is fresh', ...npmRun('@mizan/protos', 'check:gen') },
  { name: 'protos: buf lint', ...npmRun('@mizan/protos', 'lint:proto') },
  { name: 'protos: buf breaking against main', ...npmRun('@mizan/protos', 'breaking') },
  { name: 'supergraph composes and is fresh', ...npmRun('@mizan/tools', 'check:supergraph') },
  { name: 'migrations match the Prisma schemas', ...npmRun('@mizan/db', 'check:migrations') },
  { name: 'tests', ...npx('vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`) },
].filter((s) => only.length === 0 || only.some((o) => s.name.startsWith(o)));

function run(step: Step): Promise<{ ok: boolean; seconds: number }> {
  const started = Date.now();
  process.stdout.write(`\n▶ ${step.name}\n`);
  return new Promise((resolve) => {
    const child = spawn(step.cmd, step.args, { cwd: repoRoot, stdio: 'inherit', env: { ...process.env, ...step.env } });
    child.on('exit', (code) => resolve({ ok: code === 0, seconds: (Date.now() - started) / 1000 }));
    child.on('error', () => resolve({ ok: false, seconds: (Date.now() - started) / 1000 }));
  });
}

async function main(): Promise<void> {
  mkdirSync(join(repoRoot, '.mizan'), { recursive: true });
  const results: Array<{ name: string; ok: boolean; seconds: number }> = [];
  for (const s of STEPS) results.push({ name: s.name, ...(await run(s)) });
  process.stdout.write('\n── summary ─────────────────────────────\n');
  for (const r of results) process.stdout.write(`${r.ok ? '✓' : '✗'} ${r.name} (${r.seconds.toFixed(1)} s)\n`);
  let counts = '';
  try {
    const j = JSON.parse(readFileSync(vitestJson, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number };
    counts = `${j.numPassedTests} passed, ${j.numFailedTests} failed, ${j.numPendingTests} skipped`;
  } catch { /* the test step did not run or wrote nothing */ }
  const failed = results.filter((r) => !r.ok);
  process.stdout.write(failed.length ? `\n${failed.length} step(s) failed: ${failed.map((f) => f.name).join(', ')}\n` : '\nall checks passed\n');
  // The plain closing line CI reads.
  if (counts) process.stdout.write(`Tests: ${counts}\n`);
  process.exit(failed.length ? 1 : 0);
}

void main();
