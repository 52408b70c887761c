import { servicePaths, migrate } from '@mizan/db';
import { bootFailed, createLogger, loadConfig, onShutdown } from '@mizan/service-kit';
import { startAudit } from './app.ts';
import { AuditConfig } from './config.ts';

const config = loadConfig(AuditConfig, process.env);
const log = createLogger({ service: 'audit', level: config.logLevel });

try {
  if (config.migrateOnStart) await migrate({ databaseUrl: config.databaseUrl, migrationsDir: servicePaths('audit').migrationsDir, log: (m) => log.info(m) });
  const app = await startAudit(config, log);
  onShutdown({ log }, [app.stop]);
} catch (err) {
  bootFailed(log, err);
}
