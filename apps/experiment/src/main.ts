import { bootFailed, createLogger, loadConfig, onShutdown } from '@mizan/service-kit';
import { startExperiment } from './app.ts';
import { ExperimentConfig } from './config.ts';

const config = loadConfig(ExperimentConfig, process.env);
const log = createLogger({ service: 'experiment', level: config.logLevel });

try {
  const app = await startExperiment(config, log);
  onShutdown({ log }, [app.stop]);
} catch (err) {
  bootFailed(log, err);
}
