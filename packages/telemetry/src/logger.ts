import { type Logger, pino } from 'pino';

export type { Logger } from 'pino';

/**
 * The service logger: JSON lines on stdout with `service` on every line.
 * Secrets that may end up in logged objects are redacted by path.
 *
 * Writes are asynchronous: with pino's default synchronous writes, a reader
 * that falls behind (a busy log shipper, `pnpm start` on a loaded machine)
 * fills the pipe and stalls the event loop on every line, which showed up as
 * the parser's largest wait in pnpm bench profiles. Pino flushes what is
 * buffered when the process exits.
 */
export function createLogger(service: string, level = 'info'): Logger {
  return pino(
    {
      level,
      base: { service },
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: {
        paths: [
          '*.authorization',
          '*.headers.authorization',
          '*.apiKey',
          '*.MEILI_MASTER_KEY',
          '*.ADMIN_TOKEN',
          'config.MEILI_MASTER_KEY',
          'config.ADMIN_TOKEN',
        ],
        censor: '[redacted]',
      },
    },
    pino.destination({ dest: 1, sync: false }),
  );
}
