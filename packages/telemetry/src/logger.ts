import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/**
 * The service logger: JSON lines on stdout with `service` on every line.
 * Secrets that may end up in logged objects are redacted by path.
 */
export function createLogger(service: string, level = 'info'): Logger {
  return pino({
    level,
    base: { service },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['*.authorization', '*.headers.authorization', '*.apiKey', '*.MEILI_MASTER_KEY', '*.ADMIN_TOKEN', 'config.MEILI_MASTER_KEY', 'config.ADMIN_TOKEN'],
      censor: '[redacted]',
    },
  });
}
