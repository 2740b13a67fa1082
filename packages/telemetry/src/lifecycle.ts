import type { Logger } from 'pino';

/**
 * Run `close` once on SIGTERM or SIGINT, then exit 0; exit 1 if it throws or
 * takes longer than `graceMs`. Workers hand their in-flight jobs back inside
 * `close`, so a stop never loses work.
 */
export function onShutdown(logger: Logger, close: () => Promise<void>, graceMs = 25_000): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error({ grace_ms: graceMs }, 'shutdown took longer than the grace period; exiting');
      process.exit(1);
    }, graceMs);
    timer.unref();
    try {
      await close();
      logger.info('stopped');
      process.exit(0);
    } catch (err) {
      logger.error({ err }, 'error while shutting down');
      process.exit(1);
    }
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}
