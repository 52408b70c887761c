import { bootFailed, createLogger, loadConfig, onShutdown } from '@mizan/service-kit';
import { startInference } from './app.ts';
import { InferenceConfig } from './config.ts';

const config = loadConfig(InferenceConfig, process.env);
const log = createLogger({ service: 'inference', level: config.logLevel });

try {
  const app = await startInference(config, log);
  onShutdown({ log, graceMs: 30_000 }, [() => app.stop()]);
  log.info({ roles: config.roles, grpcPort: app.grpcPort, httpPort: app.httpPort, worker: app.worker, router: app.router }, 'inference ready');
} catch (err) {
  bootFailed(log, err);
}
