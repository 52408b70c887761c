import { servicePaths, migrate } from '@mizan/db';
import { bootFailed, createLogger, loadConfig, onShutdown } from '@mizan/service-kit';
import { startMonitoring } from './app.ts';
import { MonitoringConfig } from './config.ts';

const config = loadConfig(MonitoringConfig, process.env);
const log = createLogger({ service: 'monitoring', level: config.logLevel });

try {
  if (config.migrateOnStart) await migrate({ databaseUrl: config.databaseUrl, migrationsDir: servicePaths('monitoring').migrationsDir, log: (m) => log.info(m) });
  const app = await startMonitoring(config, log);
  onShutdown({ log }, [app.stop]);
} catch (err) {
  bootFailed(log, err);
}
