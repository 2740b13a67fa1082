import { Jobs, type QueueName } from '@tidings/contracts';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { z } from 'zod';
import { JOB_OPTIONS } from './options';

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
    private readonly connection: Redis,
    private readonly prefix: string,
  ) {}

  /** The BullMQ queue behind a queue name, created on first use. */
  queue(name: QueueName): Queue {
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue(name, {
        connection: this.connection,
        prefix: this.prefix,
        defaultJobOptions: JOB_OPTIONS[name],
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
