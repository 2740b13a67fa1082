/**
 * A failure that retrying cannot fix (404, unparseable page, invalid payload).
 * Workers turn it into BullMQ's UnrecoverableError so the job fails at once
 * and lands in the failed set with this message, instead of retrying.
 */
export class PermanentError extends Error {
  constructor(
    message: string,
    readonly code = 'PERMANENT',
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'PermanentError';
  }
}

/**
 * Not now, later: the worker puts the job back as delayed for `delayMs`
 * without spending an attempt (backpressure, a busy host). Nothing failed.
 */
export class DeferJobError extends Error {
  constructor(
    readonly delayMs: number,
    message: string,
  ) {
    super(message);
    this.name = 'DeferJobError';
  }
}
