/** Options of {@link waitFor}. */
export interface WaitOptions {
  /** Give up after this long (default 20 s). */
  timeoutMs?: number;
  /** Pause between checks (default 100 ms). */
  intervalMs?: number;
  /** What is awaited, for the timeout's message. */
  what?: string;
}

/**
 * Calls `check` until it returns something other than `undefined` or `false`,
 * and resolves with that. A check that throws is retried (its last error ends
 * up in the timeout's message); one that throws {@link StopWaiting} ends the
 * wait at once, for a condition that can no longer come true.
 */
export async function waitFor<T>(
  check: () => Promise<T | undefined | false> | T | undefined | false,
  options: WaitOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 20_000;
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (err) {
      if (err instanceof StopWaiting) throw err;
      lastError = err;
    }
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, options.intervalMs ?? 100));
  }
  const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
  throw new WaitTimeoutError(
    `timed out after ${timeoutMs} ms waiting for ${options.what ?? 'condition'}${reason}`,
  );
}

/** Thrown by a {@link waitFor} check to stop waiting for good. */
export class StopWaiting extends Error {
  override name = 'StopWaiting';
}

/** What {@link waitFor} throws when its time is up. */
export class WaitTimeoutError extends Error {
  override name = 'WaitTimeoutError';
}
