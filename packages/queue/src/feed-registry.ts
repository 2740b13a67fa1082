import { Feed, Jobs, type PollStatus } from '@tidings/contracts';
import type { Redis } from 'ioredis';
import type { Queues } from './producer';

/** What the poller reports after each poll. */
export type PollRecord =
  | { status: Exclude<PollStatus, 'error'>; etag?: string; lastModified?: string; newItems: number; url?: string; title?: string }
  | { status: 'error'; error: string };

/**
 * Registered feeds and their health, in Redis, together with the BullMQ job
 * scheduler that polls each one. Registering a feed and scheduling it are one
 * operation here, so no feed exists without its schedule or the reverse.
 */
export class FeedRegistry {
  constructor(
    private readonly redis: Redis,
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

  /**
   * Add a feed (id and URL already canonical) and schedule it. Registering a
   * known feed changes nothing and reports `created: false`.
   */
  async register(input: { id: string; url: string; title?: string; intervalSeconds: number }): Promise<{ feed: Feed; created: boolean }> {
    const fields: Record<string, string> = {
      url: input.url,
      intervalSeconds: String(input.intervalSeconds),
      createdAt: new Date().toISOString(),
      consecutiveFailures: '0',
      itemsSeen: '0',
    };
    if (input.title) fields.title = input.title;
    // HSETNX on the url field decides atomically who creates the feed.
    const created = (await this.redis.hsetnx(this.key(input.id), 'url', input.url)) === 1;
    if (created) {
      await this.redis.multi().hset(this.key(input.id), fields).sadd(this.indexKey, input.id).exec();
    }
    const intervalSeconds = Number(await this.redis.hget(this.key(input.id), 'intervalSeconds'));
    await this.schedule({ id: input.id, intervalSeconds });
    return { feed: (await this.get(input.id))!, created };
  }

  /** Create or update the feed's job scheduler; the first poll runs at once. */
  async schedule(feed: Pick<Feed, 'id' | 'intervalSeconds'>): Promise<void> {
    await this.queues.queue(Jobs.pollFeed.queue).upsertJobScheduler(
      this.schedulerId(feed.id),
      { every: feed.intervalSeconds * 1000 },
      { name: Jobs.pollFeed.name, data: { feedId: feed.id } },
    );
  }

  /** Make sure every registered feed has its scheduler (after a restore, or an upgrade). */
  async scheduleAll(): Promise<number> {
    const feeds = await this.list();
    await Promise.all(feeds.map((f) => this.schedule(f)));
    return feeds.length;
  }

  /** One feed with its health, or undefined. */
  async get(id: string): Promise<Feed | undefined> {
    const raw = await this.redis.hgetall(this.key(id));
    if (!raw.url) return undefined;
    const scheduler = await this.queues.queue(Jobs.pollFeed.queue).getJobScheduler(this.schedulerId(id));
    return toFeed(id, raw, scheduler?.next);
  }

  /** Every feed, sorted by URL. Two round trips whatever the number of feeds. */
  async list(): Promise<Feed[]> {
    const ids = await this.redis.smembers(this.indexKey);
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.hgetall(this.key(id));
    const [hashes, schedulers] = await Promise.all([pipeline.exec(), this.queues.queue(Jobs.pollFeed.queue).getJobSchedulers(0, -1)]);
    const nextPoll = new Map(schedulers.map((s) => [s.key, s.next]));
    return ids
      .map((id, i) => ({ id, raw: (hashes?.[i]?.[1] ?? {}) as Record<string, string> }))
      .filter(({ raw }) => raw.url !== undefined)
      .map(({ id, raw }) => toFeed(id, raw, nextPoll.get(this.schedulerId(id))))
      .sort((a, b) => a.url.localeCompare(b.url));
  }

  /** Remove a feed and its scheduler. Articles already indexed stay. */
  async remove(id: string): Promise<boolean> {
    await this.queues.queue(Jobs.pollFeed.queue).removeJobScheduler(this.schedulerId(id));
    const [[, deleted] = [null, 0]] = (await this.redis.multi().del(this.key(id)).srem(this.indexKey, id).exec()) ?? [];
    return deleted === 1;
  }

  /** Queue an immediate poll, outside the schedule. */
  async pollNow(id: string): Promise<void> {
    await this.queues.add('pollFeed', { feedId: id });
  }

  /** Store the outcome of a poll on the feed, where operators see it. */
  async recordPoll(id: string, record: PollRecord): Promise<void> {
    const key = this.key(id);
    // A poll may finish after the feed was deleted; don't resurrect it.
    if (!(await this.redis.exists(key))) return;
    const tx = this.redis.multi().hset(key, { lastPolledAt: new Date().toISOString(), lastStatus: record.status });
    if (record.status === 'error') {
      tx.hset(key, { lastError: record.error.slice(0, 1000) }).hincrby(key, 'consecutiveFailures', 1);
    } else {
      tx.hset(key, { consecutiveFailures: '0' }).hdel(key, 'lastError').hincrby(key, 'itemsSeen', record.newItems);
      if (record.etag) tx.hset(key, { etag: record.etag });
      if (record.lastModified) tx.hset(key, { lastModified: record.lastModified });
      // A permanent redirect moves the feed for good.
      if (record.url) tx.hset(key, { url: record.url });
      // The feed's own title names it when the operator gave none.
      if (record.title) tx.hsetnx(key, 'title', record.title);
    }
    await tx.exec();
  }
}

function toFeed(id: string, raw: Record<string, string>, next?: number): Feed {
  return Feed.parse({
    id,
    url: raw.url,
    title: raw.title,
    intervalSeconds: Number(raw.intervalSeconds),
    createdAt: raw.createdAt,
    lastPolledAt: raw.lastPolledAt,
    lastStatus: raw.lastStatus,
    lastError: raw.lastError,
    consecutiveFailures: Number(raw.consecutiveFailures ?? 0),
    nextPollAt: next ? new Date(next).toISOString() : undefined,
    itemsSeen: Number(raw.itemsSeen ?? 0),
    etag: raw.etag,
    lastModified: raw.lastModified,
  });
}
