import { Jobs } from '@tidings/contracts';
import { HostBusyError } from '@tidings/http';
import type { Logger, Metrics } from '@tidings/telemetry';
import { DelayedError, type Job, MetricsTime, UnrecoverableError, Worker } from 'bullmq';
import { retryDelay } from './backoff';
import type { RedisClient } from './connection';
import type { DeadLetterReplayer } from './dead-letter-replayer';
import { DeferJobError, PermanentError } from './errors';
import type { JobKind, PayloadOf } from './producer';
import { queuePrefix } from './queue-prefix';

/** What a handler reports about a job it finished; `log` fields go on the outcome line. */
export interface JobOutcome {
  status: 'done' | 'skipped';
  reason?: string;
  log?: Record<string, unknown>;
}

/** What a handler knows about the job besides its payload. */
export interface JobContext {
  id: string;
  attempt: number;
  logger: Logger;
}

export type JobHandler<K extends JobKind> = (
  payload: PayloadOf<K>,
  context: JobContext,
) => Promise<JobOutcome>;

export interface WorkerOptions {
  connection: RedisClient;
  /** QUEUE_PREFIX; the worker's keys are under `{prefix:queue}`, as its queue's. */
  prefix: string;
  concurrency: number;
  logger: Logger;
  metrics: Metrics;
  /** Short stage name used in logs and metric labels: poll, parse, index. */
  stage: string;
  /**
   * Where a job that used up its attempts on transient failures is recorded,
   * with the dependency it waited on, to be replayed when that is back.
   * Without it such a job is replayed only by hand.
   */
  deadLetters?: DeadLetterReplayer;
}

/**
 * Run a BullMQ worker for one job kind. The payload is checked against its
 * contract first (a malformed job can never succeed, so it fails at once);
 * a {@link PermanentError} stops retries; a {@link HostBusyError} (the host
 * gate gave up waiting) puts the job back as delayed, freeing the worker slot
 * without spending an attempt; anything else is retried with the queue's
 * back-off. One log line per job outcome carries job_id, stage and
 * duration_ms, plus whatever ids the handler reports.
 */
export function startWorker<K extends JobKind>(
  kind: K,
  handler: JobHandler<K>,
  options: WorkerOptions,
): Worker {
  const def = Jobs[kind];
  const { logger, metrics, stage } = options;
  // Zero series for every outcome from the start, so dashboards and rate()
  // see a counter before its first increment rather than no data.
  for (const outcome of OUTCOMES) metrics.jobsProcessed.inc({ stage, outcome }, 0);
  const processor = async (job: Job, token?: string) => {
    const started = performance.now();
    const jobLogger = logger.child({ job_id: job.id, stage });
    const finish = (
      outcome: string,
      fields: Record<string, unknown>,
      level: 'info' | 'warn' | 'error' = 'info',
    ) => {
      const seconds = (performance.now() - started) / 1000;
      metrics.jobsProcessed.inc({ stage, outcome });
      metrics.jobDuration.observe({ stage }, seconds);
      jobLogger[level](
        { ...fields, outcome, attempt: job.attemptsMade + 1, duration_ms: Math.round(seconds * 1000) },
        `${stage} ${outcome}`,
      );
    };

    const parsed = def.schema.safeParse(job.data);
    if (!parsed.success) {
      const reason = `invalid ${def.name} payload: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'} ${i.message}`).join('; ')}`;
      finish('permanent_failure', { error: reason }, 'error');
      metrics.jobFailures.inc({ stage, error_class: 'INVALID_PAYLOAD' });
      throw new UnrecoverableError(reason);
    }
    try {
      const outcome = await handler(parsed.data as PayloadOf<K>, {
        id: job.id!,
        attempt: job.attemptsMade + 1,
        logger: jobLogger,
      });
      finish(outcome.status === 'done' ? 'completed' : 'skipped', { ...outcome.log, reason: outcome.reason });
      return outcome;
    } catch (err) {
      const error = err as Error & { log?: Record<string, unknown> };
      if (err instanceof HostBusyError || err instanceof DeferJobError) {
        const delayMs = deferralDelay(err instanceof HostBusyError ? err.retryAfterMs : err.delayMs);
        await job.moveToDelayed(Date.now() + delayMs, token);
        finish('deferred', {
          ...error.log,
          ...(err instanceof HostBusyError ? { host: err.host } : { reason: err.message }),
          delay_ms: delayMs,
        });
        // Tells BullMQ the job was moved on purpose: neither failed nor completed.
        throw new DelayedError();
      }
      if (err instanceof PermanentError || err instanceof UnrecoverableError) {
        finish(
          'permanent_failure',
          { ...error.log, error: error.message, error_code: (err as PermanentError).code },
          'warn',
        );
        metrics.jobFailures.inc({ stage, error_class: errorClass(err) });
        throw new UnrecoverableError(error.message);
      }
      const last = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      const waitingOn = last ? await recordDeadLetter(options, job.id!, err) : undefined;
      finish(
        'failed',
        {
          ...error.log,
          error: error.message,
          ...(last ? { dead_letter: true } : {}),
          ...(waitingOn ? { waiting_on: waitingOn } : {}),
        },
        'warn',
      );
      metrics.jobFailures.inc({ stage, error_class: errorClass(err) });
      throw err;
    }
  };
  const worker = new Worker(def.queue, processor, {
    connection: options.connection,
    prefix: queuePrefix(options.prefix, def.queue),
    concurrency: options.concurrency,
    // A crashed worker's jobs are picked up again after this long.
    stalledInterval: 30_000,
    maxStalledCount: 2,
    // Per-minute completed/failed counts kept in Redis for the status page's last hour.
    metrics: { maxDataPoints: MetricsTime.ONE_HOUR * 2 },
    settings: {
      // BullMQ asks for it only for back-off types it does not know: the queues' RETRY_AFTER_BACKOFF.
      backoffStrategy: (attemptsMade, _type, err, job) => {
        const backoff = job?.opts.backoff;
        return retryDelay(attemptsMade, typeof backoff === 'object' ? backoff : { delay: backoff }, err);
      },
    },
  });
  // Without a listener an 'error' event would crash the process; Redis
  // outages surface here and the worker reconnects by itself.
  worker.on('error', (err) => logger.error({ err, stage }, 'worker error'));
  return worker;
}

/**
 * Record a job failing after its last attempt as a transient dead letter;
 * resolves to the dependency it waits on. A failure to record is logged, not
 * thrown: the job must still fail with its own error, and stays replayable by hand.
 */
async function recordDeadLetter(
  options: WorkerOptions,
  id: string,
  err: unknown,
): Promise<string | undefined> {
  if (!options.deadLetters) return undefined;
  try {
    return await options.deadLetters.recordFailure(id, err);
  } catch (recordError) {
    options.logger.warn(
      { job_id: id, stage: options.stage, err: (recordError as Error).message },
      'could not record the dead letter for replay',
    );
    return undefined;
  }
}

const OUTCOMES = ['completed', 'skipped', 'deferred', 'failed', 'permanent_failure'] as const;

/**
 * A bounded label for an error: its code when it has a short one (fetch and
 * permanent errors do), else its class name. Never the message, which would
 * make one series per URL.
 */
export function errorClass(err: unknown): string {
  const { code, name } = (err ?? {}) as { code?: unknown; name?: unknown };
  for (const candidate of [code, name]) {
    if (typeof candidate === 'string' && /^[A-Za-z][\w.-]{0,39}$/.test(candidate) && candidate !== 'Error')
      return candidate;
  }
  return 'Error';
}

/**
 * When a deferred job comes back. The jitter spreads the jobs that found one busy host at the
 * same moment, so they do not all return together and collide again.
 */
function deferralDelay(retryAfterMs: number): number {
  return Math.round(retryAfterMs + Math.random() * Math.max(100, retryAfterMs / 2));
}

/**
 * A readiness check that passes while the worker takes jobs: started, not
 * closing, not paused. `worker` is a getter because telemetry starts first.
 */
export function workerRunning(worker: () => Worker | undefined): () => Promise<void> {
  return async () => {
    const w = worker();
    if (!w) throw new Error('worker not started');
    if (w.closing) throw new Error('worker closing');
    if (!w.isRunning() || w.isPaused()) throw new Error('worker not running');
  };
}
