import type { Redis } from 'ioredis';

/** How long an article id is remembered: longer than any feed keeps an item. */
const SEEN_TTL_SECONDS = 90 * 24 * 3600;

/**
 * Article ids the poller has already queued. One expiring key per id keeps
 * memory bounded (about 100 bytes an article) without a sweeper.
 */
export class SeenItems {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private key(id: string): string {
    return `${this.prefix}:seen:${id}`;
  }

  /** The ids not seen before, in their original order. */
  async unseen(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.exists(this.key(id));
    const results = (await pipeline.exec()) ?? [];
    return ids.filter((_, i) => results[i]?.[1] === 0);
  }

  /**
   * Remember ids. Called only after their jobs are queued, so a crash in
   * between re-queues them (a no-op thanks to job ids) instead of losing them.
   */
  async markSeen(ids: string[]): Promise<void> {
    if (ids.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const id of ids) pipeline.set(this.key(id), '1', 'EX', SEEN_TTL_SECONDS);
    await pipeline.exec();
  }
}
