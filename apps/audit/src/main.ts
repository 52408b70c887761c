import { bootFailed, createLogger, loadConfig, onShutdown } from '@mizan/service-kit';
import { startAudit } from './app.ts';
import { AuditConfig } from './config.ts';

const config = loadConfig(AuditConfig, process.env);
const log = createLogger({ service: 'audit', level: config.logLevel });

try {
  const app = await startAudit(config, log);
  onShutdown({ log }, [app.stop]);
} catch (err) {
  bootFailed(log, err);
}
