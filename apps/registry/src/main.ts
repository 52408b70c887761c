import { migrate, servicePaths } from '@mizan/db';
import { bootFailed, createLogger, loadConfig, onShutdown } from '@mizan/service-kit';
import { startRegistry } from './app.ts';
import { RegistryConfig } from './config.ts';

const config = loadConfig(RegistryConfig, process.env);
const log = createLogger({ service: 'registry', level: config.logLevel });

try {
  if (config.migrateOnStart) await migrate({ databaseUrl: config.databaseUrl, migrationsDir: servicePaths('registry').migrationsDir, log: (m) => log.info(m) });
  const app = await startRegistry(config, log);
  onShutdown({ log }, [() => app.stop()]);
} catch (err) {
  bootFailed(log, err);
}
