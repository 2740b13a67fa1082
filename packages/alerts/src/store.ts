import { randomBytes, timingSafeEqual } from 'node:crypto';
import { Alert } from '@tidings/contracts';
import type { RedisClient } from '@tidings/queue';
import { type SavedSearchKeys, savedSearchKeys } from './keys';
import {
  type SavedSearchFilters,
  type SavedSearchInput,
  type SavedSearchPatch,
  type StoredChannel,
  StoredSavedSearch,
  type WebhookInput,
} from './saved-search';

/** Searches whose parsed form is kept (see `parsedFrom`): more than SAVED_SEARCH_LIMIT's default. */
const PARSED_KEPT = 20_000;
/** Alerts kept per saved search: the Atom feed's entries and what a stream can replay. */
export const ALERT_LOG_SIZE = 50;
/** How long a story that alerted stays alerted for a saved search. */
export const ALERTED_TTL_SECONDS = 30 * 86_400;
/** …and for an ad-hoc stream's search, which lives minutes, not months. */
const TRANSIENT_ALERTED_TTL_SECONDS = 86_400;

// Create within the limit, in one step: two creations at once cannot both take the last place.
const CREATE_LUA = `
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[1]) then return 0 end
redis.call('SET', KEYS[2], ARGV[3])
redis.call('ZADD', KEYS[1], ARGV[4], ARGV[2])
redis.call('INCR', KEYS[3])
return 1
`;

// Replace the search only if nobody changed it since it was read (-1: read again), keeping a TTL.
const REPLACE_LUA = `
local current = redis.call('GET', KEYS[1])
if not current then return 0 end
if current ~= ARGV[1] then return -1 end
redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL')
redis.call('INCR', KEYS[2])
return 1
`;

const REMOVE_LUA = `
if redis.call('DEL', KEYS[1]) == 0 then
  redis.call('ZREM', KEYS[3], ARGV[1])
  return 0
end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
redis.call('DEL', KEYS[4])
redis.call('INCR', KEYS[5])
return 1
`;

const REFRESH_LUA = `
if redis.call('PEXPIRE', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('ZADD', KEYS[2], 'XX', ARGV[2], ARGV[3])
return 1
`;

// An alert, once per (search, story): only for a search that still exists, so a search deleted
// while its batch was being matched gets no log back. Logged, trimmed and published together.
const RECORD_LUA = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
if not redis.call('SET', KEYS[2], '1', 'NX', 'EX', ARGV[1]) then return 0 end
redis.call('LPUSH', KEYS[3], ARGV[2])
redis.call('LTRIM', KEYS[3], 0, tonumber(ARGV[3]) - 1)
if tonumber(ARGV[5]) > 0 then redis.call('EXPIRE', KEYS[3], ARGV[5]) end
redis.call('PUBLISH', ARGV[4], ARGV[2])
return 1
`;

type StoreRedis = RedisClient & {
  tidingsSavedCreate(
    index: string,
    search: string,
    version: string,
    ...args: Array<string | number>
  ): Promise<number>;
  tidingsSavedReplace(search: string, version: string, before: string, after: string): Promise<number>;
  tidingsSavedRemove(
    search: string,
    index: string,
    transient: string,
    log: string,
    version: string,
    id: string,
  ): Promise<number>;
  tidingsSavedRefresh(
    search: string,
    transient: string,
    ttlMs: number,
    expiresAt: number,
    id: string,
  ): Promise<number>;
};
type RecordPipeline = ReturnType<RedisClient['pipeline']> & {
  tidingsSavedRecord(
    search: string,
    alerted: string,
    log: string,
    alertedTtlSeconds: number,
    alert: string,
    logSize: number,
    channel: string,
    logTtlSeconds: number,
  ): RecordPipeline;
};

/** The saved-search limit (SAVED_SEARCH_LIMIT) is reached: nothing was created. */
export class SavedSearchLimitError extends Error {
  constructor(readonly limit: number) {
    super(`there are already ${limit} saved searches (SAVED_SEARCH_LIMIT); delete some first`);
    this.name = 'SavedSearchLimitError';
  }
}

/** A saved search and the channels whose secret the answer may show (made or rotated just now). */
export interface Saved {
  search: StoredSavedSearch;
  revealed: Set<string>;
}

/**
 * Saved searches in Redis: create, read, list, change and delete them (the
 * API), the short-lived searches of ad-hoc streams, and what the matcher
 * needs: every search, a version that moves on each change, each search's
 * alert log, and recording an alert once per story. Layout: keys.ts.
 */
export class SavedSearchStore {
  readonly keys: SavedSearchKeys;
  private readonly redis: StoreRedis;
  private readonly limit: number;
  /** Each search's JSON as last read, and what it parsed to: read again unchanged, it is not parsed again. */
  private readonly parsed = new Map<string, { raw: string; search: StoredSavedSearch }>();

  constructor(redis: RedisClient, prefix: string, options: { limit?: number } = {}) {
    this.keys = savedSearchKeys(prefix);
    this.limit = options.limit ?? 10_000;
    this.redis = redis as StoreRedis;
    this.redis.defineCommand('tidingsSavedCreate', { numberOfKeys: 3, lua: CREATE_LUA });
    this.redis.defineCommand('tidingsSavedReplace', { numberOfKeys: 2, lua: REPLACE_LUA });
    this.redis.defineCommand('tidingsSavedRemove', { numberOfKeys: 5, lua: REMOVE_LUA });
    this.redis.defineCommand('tidingsSavedRefresh', { numberOfKeys: 2, lua: REFRESH_LUA });
    this.redis.defineCommand('tidingsSavedRecord', { numberOfKeys: 3, lua: RECORD_LUA });
  }

  /** Save a new search; throws {@link SavedSearchLimitError} when SAVED_SEARCH_LIMIT are saved already. */
  async create(input: SavedSearchInput, now = Date.now()): Promise<Saved> {
    const at = new Date(now).toISOString();
    const channels = input.channels.map((c) => newChannel(c));
    const search: StoredSavedSearch = {
      id: `ss_${randomBytes(8).toString('hex')}`,
      name: input.name,
      q: input.q,
      filters: input.filters,
      channels,
      feedKey: randomBytes(32).toString('base64url'),
      createdAt: at,
      updatedAt: at,
    };
    const created = await this.redis.tidingsSavedCreate(
      this.keys.index,
      this.keys.search(search.id),
      this.keys.version,
      this.limit,
      search.id,
      JSON.stringify(search),
      now,
    );
    if (created !== 1) throw new SavedSearchLimitError(this.limit);
    return { search, revealed: new Set(channels.map((c) => c.id)) };
  }

  /**
   * The search with this id (an ad-hoc stream's too, while it lives), or undefined. Shared with
   * other callers: never change it (make a new object, as `update` does).
   */
  async get(id: string): Promise<StoredSavedSearch | undefined> {
    const raw = await this.redis.get(this.keys.search(id));
    if (raw !== null) return this.parsedFrom(id, raw);
    this.parsed.delete(id);
    return undefined;
  }

  /**
   * A search's JSON, parsed and validated once per version: every webhook delivery and every
   * matcher reload reads searches, and parsing them cost more than reading them.
   */
  private parsedFrom(id: string, raw: string): StoredSavedSearch {
    const known = this.parsed.get(id);
    if (known?.raw === raw) return known.search;
    const search = parse(raw);
    this.parsed.delete(id);
    this.parsed.set(id, { raw, search });
    if (this.parsed.size > PARSED_KEPT) this.parsed.delete(this.parsed.keys().next().value!);
    return search;
  }

  /** Saved searches, oldest first (ad-hoc streams' are not listed), and how many there are. */
  async list(options: { limit: number; offset: number }): Promise<{
    savedSearches: StoredSavedSearch[];
    total: number;
  }> {
    const [total, ids] = await Promise.all([
      this.redis.zcard(this.keys.index),
      this.redis.zrange(this.keys.index, options.offset, options.offset + options.limit - 1),
    ]);
    return { savedSearches: await this.load(ids), total };
  }

  /** Apply a patch; undefined when there is no such search. */
  async update(id: string, patch: SavedSearchPatch, now = Date.now()): Promise<Saved | undefined> {
    for (;;) {
      const before = await this.redis.get(this.keys.search(id));
      if (before === null) return undefined;
      const current = parse(before);
      if (current.transient) return undefined;
      const revealed = new Set<string>();
      const channels = patch.channels
        ? patch.channels.map((input) => {
            const kept = current.channels.find((c) => c.url === input.url);
            const channel = kept && !input.secret ? kept : newChannel(input, kept?.id);
            if (channel !== kept) revealed.add(channel.id);
            return channel;
          })
        : current.channels;
      const next: StoredSavedSearch = {
        ...current,
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.q !== undefined ? { q: patch.q } : {}),
        ...(patch.filters !== undefined ? { filters: patch.filters } : {}),
        channels,
        updatedAt: new Date(now).toISOString(),
      };
      const replaced = await this.redis.tidingsSavedReplace(
        this.keys.search(id),
        this.keys.version,
        before,
        JSON.stringify(next),
      );
      if (replaced === 0) return undefined;
      if (replaced === 1) return { search: next, revealed };
      // Changed by someone else between the read and the write: apply the patch to theirs.
    }
  }

  /** Delete a search (a saved one or an ad-hoc stream's) and its alert log; false if there was none. */
  async remove(id: string): Promise<boolean> {
    const k = this.keys;
    return (
      (await this.redis.tidingsSavedRemove(k.search(id), k.index, k.transient, k.log(id), k.version, id)) ===
      1
    );
  }

  /** Whether `key` opens the feed and stream of search `id`, compared in constant time. */
  async feedKeyMatches(id: string, key: string): Promise<boolean> {
    const search = await this.get(id);
    if (!search || search.transient) return false;
    const given = Buffer.from(key);
    const expected = Buffer.from(search.feedKey);
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  /**
   * Register the search of an ad-hoc stream: matched like a saved one for
   * `ttlMs`, unless {@link refreshTransient} extends it; not listed, no
   * channels. The stream deletes it when it closes; a crashed API's expire.
   */
  async createTransient(
    input: { q: string; filters: SavedSearchFilters },
    ttlMs: number,
    now = Date.now(),
  ): Promise<StoredSavedSearch> {
    const at = new Date(now).toISOString();
    const search: StoredSavedSearch = {
      id: `ss_${randomBytes(8).toString('hex')}`,
      name: 'stream',
      q: input.q,
      filters: input.filters,
      channels: [],
      feedKey: randomBytes(32).toString('base64url'),
      createdAt: at,
      updatedAt: at,
      transient: true,
    };
    await this.redis
      .multi()
      .set(this.keys.search(search.id), JSON.stringify(search), 'PX', ttlMs)
      .zadd(this.keys.transient, now + ttlMs, search.id)
      .incr(this.keys.version)
      .exec();
    return search;
  }

  /** Keep an ad-hoc stream's search for `ttlMs` more; false when it is gone already. */
  async refreshTransient(id: string, ttlMs: number, now = Date.now()): Promise<boolean> {
    return (
      (await this.redis.tidingsSavedRefresh(
        this.keys.search(id),
        this.keys.transient,
        ttlMs,
        now + ttlMs,
        id,
      )) === 1
    );
  }

  /** Delete the ad-hoc streams' searches that expired (their API went away); resolves to how many. */
  async sweepTransient(now = Date.now()): Promise<number> {
    const expired = await this.redis.zrangebyscore(this.keys.transient, '-inf', now);
    for (const id of expired) await this.remove(id);
    return expired.length;
  }

  /** The number that moves on every change of any search: reload when it is not the one loaded. */
  async version(): Promise<string> {
    return (await this.redis.get(this.keys.version)) ?? '0';
  }

  /** Ids of the ad-hoc streams' searches alive at `now`. */
  async liveTransient(now = Date.now()): Promise<Set<string>> {
    return new Set(await this.redis.zrangebyscore(this.keys.transient, now, '+inf'));
  }

  /** Every search to match: the saved ones and the live ad-hoc streams'. */
  async loadAll(now = Date.now()): Promise<StoredSavedSearch[]> {
    const [saved, live] = await Promise.all([
      this.redis.zrange(this.keys.index, 0, -1),
      this.liveTransient(now),
    ]);
    return this.load([...saved, ...live]);
  }

  /** The latest alerts of a search, newest first (at most {@link ALERT_LOG_SIZE}). */
  async alerts(id: string): Promise<Alert[]> {
    const raw = await this.redis.lrange(this.keys.log(id), 0, ALERT_LOG_SIZE - 1);
    return raw.flatMap((entry) => {
      const parsed = Alert.safeParse(JSON.parse(entry));
      return parsed.success ? [parsed.data] : [];
    });
  }

  /**
   * Record alerts, each only if its story has not alerted for its search
   * before (and the search still exists): appended to the search's log and
   * published to its live streams. One round trip for all of them; resolves
   * to the alerts that were new.
   */
  async record(alerts: Array<{ alert: Alert; storyId: string; transient: boolean }>): Promise<Alert[]> {
    if (alerts.length === 0) return [];
    const pipeline = this.redis.pipeline() as RecordPipeline;
    for (const { alert, storyId, transient } of alerts) {
      const id = alert.savedSearchId;
      pipeline.tidingsSavedRecord(
        this.keys.search(id),
        this.keys.alerted(id, storyId),
        this.keys.log(id),
        transient ? TRANSIENT_ALERTED_TTL_SECONDS : ALERTED_TTL_SECONDS,
        JSON.stringify(alert),
        ALERT_LOG_SIZE,
        this.keys.channel(id),
        transient ? TRANSIENT_ALERTED_TTL_SECONDS : 0,
      );
    }
    const results = (await pipeline.exec()) ?? [];
    return alerts.flatMap(({ alert }, i) => {
      const [err, value] = results[i] ?? [];
      if (err) throw err;
      return value === 1 ? [alert] : [];
    });
  }

  private async load(ids: string[]): Promise<StoredSavedSearch[]> {
    const out: StoredSavedSearch[] = [];
    // In pages: one MGET of 10,000 searches would be one reply of megabytes.
    for (let at = 0; at < ids.length; at += 1000) {
      const page = ids.slice(at, at + 1000);
      if (page.length === 0) continue;
      const raw = await this.redis.mget(...page.map((id) => this.keys.search(id)));
      for (const [i, entry] of raw.entries()) if (entry !== null) out.push(this.parsedFrom(page[i]!, entry));
    }
    return out;
  }
}

function parse(raw: string): StoredSavedSearch {
  return StoredSavedSearch.parse(JSON.parse(raw));
}

function newChannel(input: WebhookInput, id?: string): StoredChannel {
  return {
    id: id ?? `ch_${randomBytes(4).toString('hex')}`,
    type: 'webhook',
    url: input.url,
    secret: input.secret ?? randomBytes(32).toString('hex'),
  };
}
