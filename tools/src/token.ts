// `npm run -w @mizan/tools token -- --tenant demo --roles admin [--sub alice] [--region eu-west-1] [--ttl 3600]`:
// prints a JWT from the dev issuer whose keys live in .mizan/ (the same one npm start uses).
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadDevIssuer } from '@mizan/service-kit';
import { repoRoot } from './supergraph.ts';

const { values } = parseArgs({
  options: {
    tenant: { type: 'string', default: 'demo' },
    sub: { type: 'string', default: 'dev-user' },
    roles: { type: 'string', default: 'admin' },
    region: { type: 'string', default: 'eu-west-1' },
    ttl: { type: 'string', default: String(12 * 3600) },
  },
});
const ttlSeconds = Number(values.ttl);
if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) {
  process.stderr.write('--ttl must be a positive number of seconds\n');
  process.exit(2);
}
const issuer = await loadDevIssuer(join(repoRoot, '.mizan'));
const token = await issuer.sign({ sub: values.sub, tenant: values.tenant, roles: values.roles.split(',').filter(Boolean), region: values.region, ttlSeconds });
process.stdout.write(`${token}\n`);
