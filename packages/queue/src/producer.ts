import { createHash } from 'node:crypto';
import { Jobs, type QueueName } from '@tidings/contracts';
import { type DefaultJobOptions, Queue } from 'bullmq';
import type { z } from 'zod';
import type { RedisClient } from './connection';
import { JOB_OPTIONS } from './options';
import { queuePrefix } from './queue-prefix';

/** A job kind from the contracts' job graph. */
export type JobKind = keyof typeof Jobs;
/** The payload type of a job kind. */
export type PayloadOf<K extends JobKind> = z.infer<(typeof Jobs)[K]['schema']>;

function jobIdOf<K extends JobKind>(kind: K, payload: PayloadOf<K>): string | undefined {
  const def = Jobs[kind] as { jobId?: (p: PayloadOf<K>) => string };
  return def.jobId?.(payload);
}

/**
 * Typed access to the pipeline's queues. Every payload is validated against
 * its contract before it reaches Redis, and gets its deterministic job id, so
 * adding the same article twice is a no-op.
 */
export class Queues {
  private readonly queues = new Map<QueueName, Queue>();

  constructor(
    /** The connection every queue of this instance uses; also for the adapter's own keys. */
    readonly connection: RedisClient,
    /** QUEUE_PREFIX: each queue's keys live under `{prefix:queue}` (see queue-prefix.ts), the adapter's own under it too. */
    readonly prefix: string,
    /**
     * Options over {@link JOB_OPTIONS} for the jobs this instance adds, per queue: tests use
     * it for back-offs of milliseconds instead of seconds. Production uses JOB_OPTIONS alone.
     */
    private readonly jobOptions: Partial<Record<QueueName, DefaultJobOptions>> = {},
  ) {}

  /** The BullMQ queue behind a queue name, created on first use. */
  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.connection,
        prefix: queuePrefix(this.prefix, name),
        defaultJobOptions: { ...JOB_OPTIONS[name], ...this.jobOptions[name] },
      });
      this.queues.set(name, queue);
    }
    return queue;
  }

  /** Add one job; resolves to its id. */
  async add<K extends JobKind>(kind: K, payload: PayloadOf<K>): Promise<string> {
    const def = Jobs[kind];
    const data = def.schema.parse(payload) as PayloadOf<K>;
    const jobId = jobIdOf(kind, data);
    const job = await this.queue(def.queue).add(def.name, data, jobId ? { jobId } : {});
    return job.id!;
  }

  /**
   * Add many jobs of one kind in a single round trip. With `spacingMs`, the
   * i-th job becomes due i × spacingMs from now instead of at once.
   */
  async addBulk<K extends JobKind>(
    kind: K,
    payloads: PayloadOf<K>[],
    options: { spacingMs?: number } = {},
  ): Promise<void> {
    if (payloads.length === 0) return;
    const def = Jobs[kind];
    const jobs = payloads.map((payload, i) => {
      const data = def.schema.parse(payload) as PayloadOf<K>;
      const jobId = jobIdOf(kind, data);
      const delay = options.spacingMs ? Math.round(i * options.spacingMs) : 0;
      return { name: def.name, data, opts: { ...(jobId ? { jobId } : {}), ...(delay ? { delay } : {}) } };
    });
    await this.queue(def.queue).addBulk(jobs);
  }

  /**
   * Add jobs that must run even though a job with the same id may exist: a
   * changed feed item, a newer document of an article. Adding to an existing
   * id is a no-op in BullMQ, so a pending or failed (kept as a dead letter)
   * job would swallow the update. Here an existing job that is not running is
   * removed and the new one takes its id; one that is running cannot be, so
   * the new one follows it under an id versioned by its payload (the same
   * update twice is still one job). Resolves to the ids used.
   */
  async supersedeBulk<K extends JobKind>(
    kind: K,
    payloads: PayloadOf<K>[],
    options: { spacingMs?: number } = {},
  ): Promise<string[]> {
    if (payloads.length === 0) return [];
    const def = Jobs[kind];
    const queue = this.queue(def.queue);
    const jobs = await Promise.all(
      payloads.map(async (payload, i) => {
        const data = def.schema.parse(payload) as PayloadOf<K>;
        const baseId = jobIdOf(kind, data);
        if (baseId === undefined) throw new Error(`${kind} jobs have no deterministic id to supersede`);
        const existing = await queue.getJob(baseId);
        // remove() refuses a job a worker holds the lock of: that one is running.
        const freed =
          !existing ||
          (await existing.remove().then(
            () => true,
            () => false,
          ));
        const jobId = freed ? baseId : `${baseId}-${versionOf(kind, data)}`;
        const delay = options.spacingMs ? Math.round(i * options.spacingMs) : 0;
        return { name: def.name, data, opts: { jobId, ...(delay ? { delay } : {}) } };
      }),
    );
    await queue.addBulk(jobs);
    return jobs.map((j) => j.opts.jobId);
  }

  /** Job counts per state, for every queue: what dashboards and /readyz show. */
  async counts(): Promise<Record<QueueName, Record<string, number>>> {
    const names = Object.values(Jobs).map((j) => j.queue);
    const entries = await Promise.all(
      names.map(
        async (name) =>
          [
            name,
            await this.queue(name).getJobCounts(
              'waiting',
              'active',
              'delayed',
              'prioritized',
              'failed',
              'completed',
              'paused',
            ),
          ] as const,
      ),
    );
    return Object.fromEntries(entries) as Record<QueueName, Record<string, number>>;
  }

  /**
   * Jobs completed and failed per minute over the last `minutes`, oldest
   * first, the current minute last, for every queue: BullMQ's worker metrics,
   * shared by all workers through Redis.
   */
  async finishedPerMinute(
    minutes = 60,
    now = Date.now(),
  ): Promise<Record<QueueName, { completed: number[]; failed: number[] }>> {
    const names = Object.values(Jobs).map((j) => j.queue);
    const nowMinute = Math.floor(now / 60_000);
    const series = async (name: QueueName, type: 'completed' | 'failed') => {
      const { meta, data } = await this.queue(name).getMetrics(type, 0, minutes);
      const out = new Array<number>(minutes).fill(0);
      const place = (minute: number, n: number) => {
        const i = minutes - 1 - (nowMinute - minute);
        if (i >= 0 && i < minutes) out[i] = (out[i] ?? 0) + n;
      };
      if (meta.prevTS) {
        // BullMQ pushes a minute's total only when a job finishes in a later
        // minute: the minute of prevTS is still pending in count - prevCount,
        // and data[0] is the minute before it.
        const last = Math.floor(meta.prevTS / 60_000);
        place(last, meta.count - meta.prevCount);
        for (const [k, n] of data.entries()) place(last - 1 - k, n);
      }
      return out;
    };
    const entries = await Promise.all(
      names.map(
        async (name) =>
          [
            name,
            { completed: await series(name, 'completed'), failed: await series(name, 'failed') },
          ] as const,
      ),
    );
    return Object.fromEntries(entries) as Record<QueueName, { completed: number[]; failed: number[] }>;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}

/** A short, stable digest of what makes a payload's version: the version part of a follow-up job's id. */
function versionOf<K extends JobKind>(kind: K, data: PayloadOf<K>): string {
  const def = Jobs[kind] as { version?: (p: PayloadOf<K>) => string };
  return createHash('sha256')
    .update(def.version?.(data) ?? JSON.stringify(data))
    .digest('hex')
    .slice(0, 12);
}
