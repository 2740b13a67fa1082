import type { QueueName } from '@tidings/contracts';
import type { Job } from 'bullmq';
import { JOB_OPTIONS } from './options';
import type { Queues } from './producer';
import { queuePrefix } from './queue-prefix';

/** How many entries one round of a replay claims. */
const PAGE = 100;

// Drops a dependency from its queue's index only while it has no entry left, in one step, so an
// entry recorded meanwhile by another process keeps its dependency listed.
const DROP_IF_EMPTY_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then redis.call('ZREM', KEYS[2], ARGV[1]) end
return 0
`;

type StoreRedis = Queues['connection'] & {
  tidingsDropDependencyIfEmpty(entriesKey: string, indexKey: string, dependency: string): Promise<number>;
};

/**
 * The transient dead letters of a queue in Redis, by the dependency they
 * waited on (Meilisearch, a site's host): jobs that used up their attempts on
 * failures that retrying later can fix. Permanent failures are never here.
 *
 * Layout, under the queue's own prefix: `{prefix:queue}:dead-letters:waiting`
 * is a sorted set of the dependencies that have entries, and
 * `…:waiting:{dependency}` a sorted set of job ids per dependency, both
 * scored by when they were recorded. Entries older than the queue's
 * failed-job retention are trimmed at every record, and both keys expire
 * that long after their last record: BullMQ has deleted those jobs by then.
 * The queue's hash tag keeps them in one Redis Cluster slot, as the
 * transaction in `record` and the script in `replay` need.
 */
export class TransientDeadLetters {
  private readonly redis: StoreRedis;
  private readonly retentionMs: number;

  constructor(
    private readonly queues: Queues,
    private readonly queue: QueueName,
  ) {
    this.redis = queues.connection as StoreRedis;
    this.redis.defineCommand('tidingsDropDependencyIfEmpty', { numberOfKeys: 2, lua: DROP_IF_EMPTY_LUA });
    this.retentionMs = failedRetentionMs(queue);
  }

  /** Note that job `id` failed for good waiting on `dependency`. */
  async record(dependency: string, id: string, now = Date.now()): Promise<void> {
    const entries = this.entriesKey(dependency);
    const index = this.indexKey();
    const stale = now - this.retentionMs;
    await this.redis
      .multi()
      .zadd(entries, now, id)
      .zremrangebyscore(entries, '-inf', stale)
      .pexpire(entries, this.retentionMs)
      .zadd(index, now, dependency)
      .zremrangebyscore(index, '-inf', stale)
      .pexpire(index, this.retentionMs)
      .exec();
  }

  /** The dependencies that have transient dead letters waiting on them. */
  async dependencies(now = Date.now()): Promise<string[]> {
    return this.redis.zrangebyscore(this.indexKey(), now - this.retentionMs, '+inf');
  }

  /**
   * Retry (attempts reset) the transient dead letters of `dependency`
   * recorded before now; resolves to how many went back to the queue.
   *
   * Each entry is claimed by removing it first, so processes replaying the
   * same dependency at once never retry a job twice. An entry whose job is
   * gone, running again or waiting again is dropped; one whose job is still
   * active is put back (its worker recorded it and is about to move it to
   * failed). A failed job that did not use up its attempts under that id is
   * a permanent failure (a newer job took the id) and is not retried.
   */
  async replay(dependency: string): Promise<number> {
    const entries = this.entriesKey(dependency);
    const startedAt = Date.now();
    const bullQueue = this.queues.queue(this.queue);
    let replayed = 0;
    for (;;) {
      // Entries put back below are scored after startedAt, so the loop ends.
      const ids = await this.redis.zrangebyscore(entries, '-inf', startedAt, 'LIMIT', 0, PAGE);
      if (ids.length === 0) break;
      const outcomes = await Promise.all(
        ids.map(async (id) => {
          if ((await this.redis.zrem(entries, id)) === 0) return false;
          const job = (await bullQueue.getJob(id)) as Job | undefined;
          if (!job) return false;
          const state = await job.getState();
          if (state === 'active') {
            await this.redis.zadd(entries, Date.now(), id);
            return false;
          }
          if (state !== 'failed' || !usedUpAttempts(job)) return false;
          // Another process (a manual replay) may have retried it since: then BullMQ refuses.
          return job.retry('failed', { resetAttemptsMade: true }).then(
            () => true,
            () => false,
          );
        }),
      );
      replayed += outcomes.filter(Boolean).length;
    }
    await this.redis.tidingsDropDependencyIfEmpty(entries, this.indexKey(), dependency);
    return replayed;
  }

  /** Drop the entries of these job ids (every entry without ids): they were replayed by hand. */
  async forget(ids?: string[]): Promise<void> {
    const dependencies = await this.redis.zrange(this.indexKey(), 0, -1);
    if (dependencies.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const dependency of dependencies) {
      if (ids) pipeline.zrem(this.entriesKey(dependency), ...ids);
      else pipeline.del(this.entriesKey(dependency));
    }
    await pipeline.exec();
    for (const dependency of dependencies)
      await this.redis.tidingsDropDependencyIfEmpty(this.entriesKey(dependency), this.indexKey(), dependency);
  }

  private indexKey(): string {
    return `${queuePrefix(this.queues.prefix, this.queue)}:dead-letters:waiting`;
  }

  private entriesKey(dependency: string): string {
    return `${this.indexKey()}:${dependency}`;
  }
}

/** A job that failed after its last attempt; one stopped earlier failed permanently. */
function usedUpAttempts(job: Job): boolean {
  return job.attemptsMade >= (job.opts.attempts ?? 1);
}

/** How long BullMQ keeps the queue's failed jobs, in ms. */
function failedRetentionMs(queue: QueueName): number {
  const keep = JOB_OPTIONS[queue].removeOnFail;
  const ageSeconds = typeof keep === 'object' && 'age' in keep ? keep.age : undefined;
  if (ageSeconds === undefined) throw new Error(`queue ${queue} keeps failed jobs without an age limit`);
  return ageSeconds * 1000;
}
