import { readFileSync, statSync } from 'node:fs';

/**
 * This service's own JWT, read from MIZAN_SERVICE_TOKEN_FILE and re-read when the file changes, so a
 * rotated token is picked up without a restart (the launcher or a Kubernetes secret rewrites the file).
 */
export function fileTokenSource(path: string): () => string {
  let token = '';
  let mtime = -1;
  let checkedAt = 0;
  return () => {
    const now = Date.now();
    if (token && now - checkedAt < 5_000) return token;
    checkedAt = now;
    const m = statSync(path).mtimeMs;
    if (m !== mtime) {
      token = readFileSync(path, 'utf8').trim();
      mtime = m;
    }
    return token;
  };
}
