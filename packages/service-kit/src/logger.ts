import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * A plain pino logger: JSON lines, the service name bound, credentials redacted. Writes are synchronous so
 * the last lines before an exit are never lost; services log per request only on failures.
 */
export function createLogger(opts: { service: string; level?: string; destination?: NodeJS.WritableStream }): Logger {
  return pino(
    {
      level: opts.level ?? 'info',
      base: { service: opts.service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: ['authorization', '*.authorization', 'headers.authorization', 'req.headers.authorization', 'token', '*.token'],
        censor: '[redacted]',
      },
      formatters: { level: (label) => ({ level: label }) },
    },
    (opts.destination as pino.DestinationStream | undefined) ?? pino.destination({ sync: true }),
  );
}
