// `npm start`: the whole platform on embedded defaults, with the demo model serving.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { databaseUrl, postgresCanReach, startEmbeddedPostgres, type RunningPostgres } from '@mizan/db';
import { loadDevIssuer } from '@mizan/service-kit';
import { z } from 'zod';
import { ensureDemoModel, waitModelReady } from './demo.ts';
import { FRAUD_MODEL_NAME } from './demo-model/index.ts';
import { formatLogLine } from './log-format.ts';
import { DATA_SERVICES, DEFAULT_PORTS, startPlatform, type DataService, type Platform } from './platform.ts';
import { repoRoot } from './supergraph.ts';

const Env = z.object({
  MIZAN_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329).describe('port of the embedded PostgreSQL'),
  MIZAN_LOG_LEVEL: z.string().default('info'),
  MIZAN_AUDIT_DATABASE_URL: z.string().url().optional(),
  MIZAN_REGISTRY_DATABASE_URL: z.string().url().optional(),
  MIZAN_MONITORING_DATABASE_URL: z.string().url().optional(),
  MIZAN_EXPERIMENT_DATABASE_URL: z.string().url().optional(),
});

const say = (line: string) => process.stdout.write(`${formatLogLine('mizan', line)}\n`);

/**
 * A terminal's Ctrl-C signals the whole foreground process group at once: PostgreSQL would stop while the
 * services still drain. So the platform runs under a supervisor in a process group of its own, and this
 * front process turns Ctrl-C into one SIGTERM to it; the supervisor stops the services in order, then PostgreSQL.
 */
function runSupervised(): void {
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    detached: true,
    stdio: 'inherit',
    env: { ...process.env, MIZAN_START_SUPERVISOR: '1' },
  });
  const forward = () => { if (child.exitCode === null) child.kill('SIGTERM'); };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  // If this process dies some other way, the supervisor still gets its SIGTERM.
  process.on('exit', forward);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

async function main(): Promise<void> {
  const env = Env.parse(Object.fromEntries(Object.entries(process.env).filter(([, v]) => v !== '')));
  const dir = join(repoRoot, '.mizan');
  const given: Record<DataService, string | undefined> = {
    audit: env.MIZAN_AUDIT_DATABASE_URL, registry: env.MIZAN_REGISTRY_DATABASE_URL,
    monitoring: env.MIZAN_MONITORING_DATABASE_URL, experiment: env.MIZAN_EXPERIMENT_DATABASE_URL,
  };
  let pg: RunningPostgres | undefined;
  let platform: Platform | undefined;
  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    await platform?.stop();
    await pg?.stop();
    say('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    let adminUrl: string | undefined;
    if (DATA_SERVICES.some((s) => !given[s])) {
      const dataDir = await pgDataDir(dir);
      say(`starting the embedded PostgreSQL on 127.0.0.1:${env.MIZAN_PG_PORT} (data in ${dataDir})`);
      pg = await startEmbeddedPostgres({ dataDir, port: env.MIZAN_PG_PORT, log: (line) => { if (/FATAL|PANIC|staging|initialising|system user/.test(line)) say(line); } });
      adminUrl = pg.adminUrl;
    }
    const databaseUrls = Object.fromEntries(DATA_SERVICES.map((s) => [s, given[s] ?? databaseUrl(adminUrl!, `mizan_${s}`)])) as Record<DataService, string>;
    const issuer = await loadDevIssuer(dir);
    say('applying migrations and starting the services…');
    platform = await startPlatform({
      dir, ports: DEFAULT_PORTS, databaseUrls, ...(adminUrl ? { adminDatabaseUrl: adminUrl } : {}), issuer, logLevel: env.MIZAN_LOG_LEVEL,
      output: (s, line) => process.stdout.write(`${formatLogLine(s, line)}\n`),
    });
    const token = await issuer.sign({ sub: 'demo-user', tenant: 'demo', roles: ['admin'], region: 'eu-west-1' });
    const p = platform.ports;
    const demo = await ensureDemoModel({ graphqlUrl: platform.graphqlUrl, registryHttpUrl: `http://127.0.0.1:${p.registry.http}`, token });
    say(demo.created ? `registered the demo model ${FRAUD_MODEL_NAME} as version ${demo.version} (alias production)` : `demo model ${FRAUD_MODEL_NAME} already registered (production = version ${demo.version})`);
    await waitModelReady(`http://127.0.0.1:${p.inference.http}`, token, FRAUD_MODEL_NAME);
    process.stdout.write(banner(platform, token));
  } catch (e) {
    process.stderr.write(`\nnpm start failed: ${e instanceof Error ? e.message : String(e)}\n`);
    await stopAll(1);
  }
}

/**
 * `.mizan/pg`, unless this checkout is private to root (a 0700 folder, /root): PostgreSQL runs as the
 * `postgres` user, who could not enter it, so the data then lives under /var/lib/mizan/<checkout hash>.
 */
async function pgDataDir(dir: string): Promise<string> {
  if (await postgresCanReach(dir)) return join(dir, 'pg');
  return join('/var/lib/mizan', createHash('sha256').update(repoRoot).digest('hex').slice(0, 12), 'pg');
}

function banner(platform: Platform, token: string): string {
  const p = platform.ports;
  const features = '[[120.5, 14, 0.2, 400, 3, 80, 5, 0, 1, 0, 700, 1]]';
  return `
────────────────────────────────────────────────────────────────────────────
 Mizan is up. Demo tenant "demo", model "${FRAUD_MODEL_NAME}" serving (alias production).

 GraphQL   ${platform.graphqlUrl}
 OIP gRPC  127.0.0.1:${p.inference.grpc}   (inference.GRPCInferenceService)
 OIP REST  http://127.0.0.1:${p.inference.http}/v2

 Dev token (tenant demo, 12 h):
   export MIZAN_TOKEN=${token}

 Try:
   curl -s ${platform.graphqlUrl} -H "authorization: Bearer $MIZAN_TOKEN" -H 'content-type: application/json' \\
     -d '{"query":"{ model(name: \\"${FRAUD_MODEL_NAME}\\") { name versions { edges { node { number sha256 inputs { name datatype shape } } } } aliases { name version { number } } auditEntries { edges { node { action occurredAt } } } } }"}'

   curl -s http://127.0.0.1:${p.inference.http}/v2/models/${FRAUD_MODEL_NAME}/infer -H "authorization: Bearer $MIZAN_TOKEN" \\
     -H 'content-type: application/json' \\
     -d '{"inputs":[{"name":"features","shape":[1,12],"datatype":"FP32","data":${features}}]}'

 Ctrl-C stops everything.
────────────────────────────────────────────────────────────────────────────
`;
}

if (process.env.MIZAN_START_SUPERVISOR === '1') void main();
else runSupervised();
