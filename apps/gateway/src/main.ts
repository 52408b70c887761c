import { bootFailed, createLogger, loadConfig, onShutdown } from '@mizan/service-kit';
import { startGateway } from './app.ts';
import { GatewayConfig } from './config.ts';

// @apollo/gateway reports usage to Apollo unless this is set; Mizan contacts nothing but its own services.
process.env.APOLLO_TELEMETRY_DISABLED = 'true';

const config = loadConfig(GatewayConfig, process.env);
const log = createLogger({ service: 'gateway', level: config.logLevel });

try {
  const app = await startGateway(config, log);
  onShutdown({ log }, [app.stop]);
} catch (err) {
  bootFailed(log, err);
}
