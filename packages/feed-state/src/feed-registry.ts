import { Feed, Jobs, type PollStatus } from '@tidings/contracts';
import { perKey, type Queues, type RedisClient } from '@tidings/queue';

/** What the poller learned from one poll. */
export type PollRecord =
  | {
      status: Exclude<PollStatus, 'error'>;
      newItems: number;
      etag?: string;
      lastModified?: string;
      /** Where a permanent redirect moved the feed. */
      url?: string;
      /** The feed's own title, used when the operator gave none. */
      title?: string;
    }
  | { status: 'error'; error: string };

/** When to poll next, or to stop polling: the poller decides, the registry applies. */
export type PollPlan =
  | { kind: 'next'; at: Date; intervalSeconds: number }
  | { kind: 'pause'; reason: string };

/**
 * Registered feeds and their health, in Redis, together with the BullMQ job
 * scheduler that polls each one. Registering, rescheduling and pausing a feed
 * always touch both, so no feed exists without its schedule or the reverse.
 *
 * Cluster-safe: each feed's hash is one key, and the index of feed ids
 * (`{prefix}:feeds`) another, in whatever slots they hash to, so no
 * transaction spans both. A feed joins the index before its hash is written
 * and leaves it after its hash is deleted: a crash in between leaves an id
 * without a hash, which every reader skips, never a feed nobody lists.
 */
export class FeedRegistry {
  constructor(
    private readonly redis: RedisClient,
    private readonly queues: Queues,
    private readonly prefix: string,
  ) {}

  private key(id: string): string {
    return `${this.prefix}:feed:${id}`;
  }
  private get indexKey(): string {
    return `${this.prefix}:feeds`;
  }
  private schedulerId(id: string): string {
    return `feed:${id}`;
  }
  private get pollQueue() {
    return this.queues.queue(Jobs.pollFeed.queue);
  }

  /**
   * Add a feed (id and URL already canonical) and schedule its first poll
   * now. Registering a known feed changes nothing and reports `created: false`.
   * With `intervalSeconds` the interval is fixed; otherwise it starts at
   * `defaultIntervalSeconds` and adapts.
   */
  async register(input: {
    id: string;
    url: string;
    title?: string;
    tags?: string[];
    intervalSeconds?: number;
    defaultIntervalSeconds: number;
  }): Promise<{ feed: Feed; created: boolean }> {
    await this.redis.sadd(this.indexKey, input.id);
    // HSETNX on the url field decides atomically who creates the feed.
    const created = (await this.redis.hsetnx(this.key(input.id), 'url', input.url)) === 1;
    if (created) {
      const fields: Record<string, string> = {
        intervalSeconds: String(input.intervalSeconds ?? input.defaultIntervalSeconds),
        adaptive: input.intervalSeconds ? '0' : '1',
        createdAt: new Date().toISOString(),
        consecutiveFailures: '0',
        itemsSeen: '0',
        tags: JSON.stringify(input.tags ?? []),
      };
      if (input.title) fields.title = input.title;
      await this.redis.hset(this.key(input.id), fields);
      const intervalSeconds = Number(fields.intervalSeconds);
      await this.scheduleAt(input.id, new Date(), intervalSeconds);
    }
    return { feed: (await this.get(input.id))!, created };
  }

  /**
   * Make sure every active feed has its scheduler, keeping the next poll time
   * of those that have one: run at poller start, after a restore or an upgrade.
   */
  async scheduleAll(): Promise<number> {
    const feeds = await this.list();
    const missing = feeds.filter((f) => !f.paused && !f.nextPollAt);
    await Promise.all(missing.map((f) => this.scheduleAt(f.id, new Date(), f.intervalSeconds)));
    return feeds.filter((f) => !f.paused).length;
  }

  /**
   * (Re)place the feed's scheduler so its next poll is at `at`. `every` is a
   * safety net only: each poll reschedules the next one explicitly.
   */
  private async scheduleAt(id: string, at: Date, everySeconds: number): Promise<void> {
    await this.pollQueue.upsertJobScheduler(
      this.schedulerId(id),
      { every: Math.max(1, everySeconds) * 1000, startDate: at },
      { name: Jobs.pollFeed.name, data: { feedId: id } },
    );
  }

  /** One feed with its health, or undefined. */
  async get(id: string): Promise<Feed | undefined> {
    const raw = await this.redis.hgetall(this.key(id));
    if (!raw.url) return undefined;
    const scheduler = await this.pollQueue.getJobScheduler(this.schedulerId(id));
    return toFeed(id, raw, scheduler?.next);
  }

  /** Every feed, sorted by URL. Two round trips whatever the number of feeds (one per master on a cluster). */
  async list(): Promise<Feed[]> {
    const ids = await this.redis.smembers(this.indexKey);
    const [hashes, schedulers] = await Promise.all([
      perKey(
        this.redis,
        ids.map((id) => this.key(id)),
        (pipeline, key) => pipeline.hgetall(key),
      ),
      this.pollQueue.getJobSchedulers(0, -1),
    ]);
    const nextPoll = new Map(schedulers.map((s) => [s.key, s.next]));
    return ids
      .map((id, i) => ({ id, raw: (hashes[i] ?? {}) as Record<string, string> }))
      .filter(({ raw }) => raw.url !== undefined)
      .map(({ id, raw }) => toFeed(id, raw, nextPoll.get(this.schedulerId(id))))
      .sort((a, b) => a.url.localeCompare(b.url));
  }

  /** Remove a feed and its scheduler. Articles already indexed stay. */
  async remove(id: string): Promise<boolean> {
    await this.pollQueue.removeJobScheduler(this.schedulerId(id));
    const deleted = await this.redis.del(this.key(id));
    await this.redis.srem(this.indexKey, id);
    return deleted === 1;
  }

  /** Queue an immediate poll, outside the schedule (also for a paused feed: it is how an operator checks a fix). */
  async pollNow(id: string): Promise<void> {
    await this.queues.add('pollFeed', { feedId: id });
  }

  /** Resume a paused feed: clear the pause and the failure run, and poll it now. */
  async resume(id: string): Promise<Feed | undefined> {
    const feed = await this.get(id);
    if (!feed) return undefined;
    await this.redis.hdel(this.key(id), 'paused', 'pausedReason', 'failingSince');
    await this.redis.hset(this.key(id), { consecutiveFailures: '0' });
    await this.scheduleAt(id, new Date(), feed.intervalSeconds);
    return this.get(id);
  }

  /**
   * Store the outcome of a poll on the feed, where operators see it, and
   * apply the poller's plan: the next poll time, or a pause.
   */
  async recordPoll(id: string, record: PollRecord, plan: PollPlan): Promise<void> {
    const key = this.key(id);
    // A poll may finish after the feed was deleted; don't resurrect it.
    if (!(await this.redis.exists(key))) return;
    const now = new Date().toISOString();
    const tx = this.redis.multi().hset(key, { lastPolledAt: now, lastStatus: record.status });
    if (record.status === 'error') {
      tx.hset(key, { lastError: record.error.slice(0, 1000) })
        .hincrby(key, 'consecutiveFailures', 1)
        .hsetnx(key, 'failingSince', now);
    } else {
      // Any success ends a failure run, and un-pauses a feed an operator polled by hand.
      tx.hset(key, { consecutiveFailures: '0' })
        .hdel(key, 'lastError', 'failingSince', 'paused', 'pausedReason')
        .hincrby(key, 'itemsSeen', record.newItems);
      if (record.etag) tx.hset(key, { etag: record.etag });
      if (record.lastModified) tx.hset(key, { lastModified: record.lastModified });
      if (record.url) tx.hset(key, { url: record.url });
      if (record.title) tx.hsetnx(key, 'title', record.title);
      if (plan.kind === 'next') tx.hset(key, { intervalSeconds: String(plan.intervalSeconds) });
    }
    if (plan.kind === 'pause') tx.hset(key, { paused: '1', pausedReason: plan.reason.slice(0, 1000) });
    await tx.exec();
    if (plan.kind === 'pause') await this.pollQueue.removeJobScheduler(this.schedulerId(id));
    else await this.scheduleAt(id, plan.at, Math.round((plan.at.getTime() - Date.now()) / 1000));
  }
}

function toFeed(id: string, raw: Record<string, string>, next?: number): Feed {
  return Feed.parse({
    id,
    url: raw.url,
    title: raw.title,
    tags: raw.tags ? JSON.parse(raw.tags) : [],
    intervalSeconds: Number(raw.intervalSeconds),
    adaptive: raw.adaptive !== '0',
    createdAt: raw.createdAt,
    lastPolledAt: raw.lastPolledAt,
    lastStatus: raw.lastStatus,
    lastError: raw.lastError,
    consecutiveFailures: Number(raw.consecutiveFailures ?? 0),
    failingSince: raw.failingSince,
    nextPollAt: next && raw.paused !== '1' ? new Date(next).toISOString() : undefined,
    itemsSeen: Number(raw.itemsSeen ?? 0),
    paused: raw.paused === '1',
    pausedReason: raw.pausedReason,
    etag: raw.etag,
    lastModified: raw.lastModified,
  });
}
