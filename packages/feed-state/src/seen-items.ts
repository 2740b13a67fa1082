import { createHash } from 'node:crypto';
import { perKey, type RedisClient } from '@tidings/queue';

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
 * without a sweeper. The keys spread over a cluster's slots: they are read
 * and written in one pipeline per master, never by one multi-key command.
 */
export class SeenItems {
  constructor(
    private readonly redis: RedisClient,
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
    const found = await getEach(
      this.redis,
      guids.map((g) => this.guidKey(feedId, g)),
    );
    return found.map((v) => v ?? undefined);
  }

  /** Sort items into new, changed, and (implicitly) unchanged ones. */
  async classify(items: ItemKey[]): Promise<SeenVerdict> {
    if (items.length === 0) return { fresh: [], changed: [] };
    const stored = await getEach(
      this.redis,
      items.map((i) => this.itemKey(i.articleId)),
    );
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
    const writes: Array<{ key: string; value: string }> = [];
    for (const item of items) {
      writes.push({ key: this.itemKey(item.articleId), value: item.fingerprint });
      if (item.guid) writes.push({ key: this.guidKey(feedId, item.guid), value: item.articleId });
    }
    await perKey(
      this.redis,
      writes.map((w) => w.key),
      (pipeline, key, i) => pipeline.set(key, writes[i]!.value, 'EX', SEEN_TTL_SECONDS),
    );
  }
}

async function getEach(redis: RedisClient, keys: string[]): Promise<Array<string | null>> {
  return (await perKey(redis, keys, (pipeline, key) => pipeline.get(key))) as Array<string | null>;
}
