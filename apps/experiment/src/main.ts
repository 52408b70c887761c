import { servicePaths, migrate } from '@mizan/db';
import { bootFailed, createLogger, loadConfig, onShutdown } from '@mizan/service-kit';
import { startExperiment } from './app.ts';
import { ExperimentConfig } from './config.ts';

const config = loadConfig(ExperimentConfig, process.env);
const log = createLogger({ service: 'experiment', level: config.logLevel });

try {
  if (config.migrateOnStart) await migrate({ databaseUrl: config.databaseUrl, migrationsDir: servicePaths('experiment').migrationsDir, log: (m) => log.info(m) });
  const app = await startExperiment(config, log);
  onShutdown({ log }, [app.stop]);
} catch (err) {
  bootFailed(log, err);
}
