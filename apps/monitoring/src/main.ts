import { bootFailed, createLogger, loadConfig, onShutdown } from '@mizan/service-kit';
import { startMonitoring } from './app.ts';
import { MonitoringConfig } from './config.ts';

const config = loadConfig(MonitoringConfig, process.env);
const log = createLogger({ service: 'monitoring', level: config.logLevel });

try {
  const app = await startMonitoring(config, log);
  onShutdown({ log }, [app.stop]);
} catch (err) {
  bootFailed(log, err);
}
