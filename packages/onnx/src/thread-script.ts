import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WorkerOptions } from 'node:worker_threads';

export interface ThreadScript {
  /** The first argument for `new Worker`: a file URL, or code when `options.eval` is set. */
  entry: URL | string;
  options: Pick<WorkerOptions, 'eval'>;
}

/**
 * How to start the worker thread script `name` beside this file, in the three ways this code runs:
 * built JS in dist (`name.js`, plain Node), and TypeScript under tsx or vitest (`name.ts`). For
 * TypeScript the thread starts from a small shim that registers tsx's loader and then imports the
 * script: inheriting `--import tsx` through execArgv is not enough on Node 20 (measured: the thread's
 * entry still fails with ERR_UNKNOWN_FILE_EXTENSION), and vitest's own process has no tsx flag at all.
 */
export function threadScript(name: string): ThreadScript {
  const ext = extname(fileURLToPath(import.meta.url)) === '.ts' ? '.ts' : '.js';
  const url = new URL(`./${name}${ext}`, import.meta.url);
  if (ext === '.js') return { entry: url, options: {} };
  let tsxApi: string;
  try {
    tsxApi = import.meta.resolve('tsx/esm/api');
  } catch (err) {
    throw new Error(`${name}.ts needs tsx to run as a worker thread; install tsx or run the built package`, { cause: err });
  }
  const shim = `import(${JSON.stringify(tsxApi)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); });`;
  return { entry: shim, options: { eval: true } };
}
