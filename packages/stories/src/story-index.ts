import type { Redis } from 'ioredis';
import { LSH_ROWS, lshBandKeys, SAME_STORY_THRESHOLD } from './fingerprint';

/** How long an article can still be joined by a copy; also bounds the index's memory. */
const DEFAULT_TTL_SECONDS = 14 * 24 * 3600;
/** Candidates verified per article, those sharing the most bands first; a true copy shares many. */
const DEFAULT_MAX_CANDIDATES = 50;
/**
 * Members a story keeps, newest by publication first: a story that keeps
 * growing (a live blog syndicated everywhere) would otherwise grow without
 * bound, and so would every read of it. Its size then counts at most this many.
 */
export const MAX_STORY_MEMBERS = 1000;
/**
 * Newest members read from one LSH bucket per assignment. A bucket of a
 * common phrase can hold thousands of articles inside the window; the newest
 * are the likeliest copies, and the read stays bounded however busy it gets.
 */
const BUCKET_READ_LIMIT = 200;
/** Story members passed to one HMGET: Lua's unpack() fails past about 8,000 values. */
const DESCRIBE_CHUNK = 500;

/** Where a {@link StoryIndex} keeps its keys and how it decides. */
export interface StoryIndexOptions {
  redis: Redis;
  /** Key prefix (the queue prefix), so two stacks sharing one Redis keep separate stories. */
  prefix: string;
  /** Estimated Jaccard at or above which an article joins its best match's story (default {@link SAME_STORY_THRESHOLD}). */
  threshold?: number;
  /** Signature rows per LSH band (default {@link LSH_ROWS}); every process sharing the index must use the same. */
  rows?: number;
  /** Default 14 days. */
  ttlSeconds?: number;
  /** Default 50. */
  maxCandidates?: number;
  /** Members a story keeps, newest first (default {@link MAX_STORY_MEMBERS}). */
  maxMembers?: number;
}

/** One article to place in a story. */
export interface StoryCandidate {
  articleId: string;
  /** MinHash signature ({@link fingerprint}). */
  signature: Uint32Array;
  /** ISO-8601; orders a story's members, first reporter first. */
  publishedAt: string;
  source: string;
}

/** The story an article belongs to; `similarity` is the estimated Jaccard with the article it matched, when it joined one. */
export interface StoryAssignment {
  storyId: string;
  similarity?: number;
}

/** What a search hit shows about its story. */
export interface StorySummary {
  size: number;
  /** Distinct sources, first reporter first. */
  sources: string[];
}

type StoryRedis = Redis & {
  tidingsStoryAssign(numKeys: number, ...args: Array<string | Buffer | number>): Promise<[string, string]>;
  tidingsStoryDescribe(numKeys: number, ...args: string[]): Promise<Array<[number, string[]]>>;
};

// One script, so that finding the best match and joining its story is atomic:
// two copies of one story processed at the same instant run one after the
// other, and the second finds the first. Its similarity is estimateJaccard in
// fingerprint.ts, the reference, compared 4 bytes (one hash) at a time, and its
// decision is sameStory's: a shared band, then Jaccard at or above the
// threshold; story-index.test.ts checks that the two agree. Bucket, signature
// and story keys are derived inside the script, so this needs one Redis, not Redis Cluster.
// Buckets are sorted sets scored by insertion time: members older than the TTL
// are pruned on every insert, so a bucket that keeps receiving articles
// (a common phrase) still holds only the last TTL's worth.
const ASSIGN_LUA = `
local prefix, id, sig = ARGV[1], ARGV[2], ARGV[3]
local published, source = tonumber(ARGV[4]), ARGV[5]
local threshold, ttl, maxCandidates = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local maxMembers, bucketLimit = tonumber(ARGV[9]), tonumber(ARGV[10])
local existing = redis.call('GET', KEYS[2])
if existing then
  local storyId, sim = string.match(existing, '^(%S+) (%S+)$')
  return {storyId, sim}
end
local time = redis.call('TIME')
local now = tonumber(time[1])
local counts, order = {}, {}
for i = 3, #KEYS do
  for _, m in ipairs(redis.call('ZREVRANGEBYSCORE', KEYS[i], '+inf', now - ttl, 'LIMIT', 0, bucketLimit)) do
    if m ~= id then
      if counts[m] then counts[m] = counts[m] + 1 else counts[m] = 1; order[#order + 1] = m end
    end
  end
end
table.sort(order, function(a, b) if counts[a] ~= counts[b] then return counts[a] > counts[b] end return a < b end)
local best, bestSim = nil, -1
local hashes = #sig / 4
for i = 1, math.min(#order, maxCandidates) do
  local other = redis.call('GET', prefix .. ':sig:' .. order[i])
  if other and #other == #sig then
    local same = 0
    for p = 1, #sig, 4 do
      if string.sub(sig, p, p + 3) == string.sub(other, p, p + 3) then same = same + 1 end
    end
    if same / hashes > bestSim then best, bestSim = order[i], same / hashes end
  end
end
local storyId, sim = id, '-'
if best and bestSim >= threshold then
  local of = redis.call('GET', prefix .. ':story-of:' .. best)
  storyId = of and string.match(of, '^(%S+)') or best
  sim = string.format('%.4f', bestSim)
end
redis.call('SET', KEYS[1], sig, 'EX', ttl)
redis.call('SET', KEYS[2], storyId .. ' ' .. sim, 'EX', ttl)
for i = 3, #KEYS do
  redis.call('ZADD', KEYS[i], now, id)
  redis.call('ZREMRANGEBYSCORE', KEYS[i], '-inf', now - ttl)
  redis.call('EXPIRE', KEYS[i], ttl)
end
local storyKey, sourcesKey = prefix .. ':story:' .. storyId, prefix .. ':story-sources:' .. storyId
redis.call('ZADD', storyKey, published, id)
redis.call('HSET', sourcesKey, id, source)
local excess = redis.call('ZCARD', storyKey) - maxMembers
if excess > 0 then
  local oldest = redis.call('ZRANGE', storyKey, 0, excess - 1)
  redis.call('ZREMRANGEBYRANK', storyKey, 0, excess - 1)
  for first = 1, #oldest, 500 do
    redis.call('HDEL', sourcesKey, unpack(oldest, first, math.min(first + 499, #oldest)))
  end
end
redis.call('EXPIRE', storyKey, ttl)
redis.call('EXPIRE', sourcesKey, ttl)
return {storyId, sim}
`;

// Size and distinct sources of many stories in one round trip (and one consistent view).
const DESCRIBE_LUA = `
local prefix, chunk = ARGV[1], tonumber(ARGV[2])
local out = {}
for i = 3, #ARGV do
  local members = redis.call('ZRANGE', prefix .. ':story:' .. ARGV[i], 0, -1)
  local sources, seen = {}, {}
  for first = 1, #members, chunk do
    local last = math.min(first + chunk - 1, #members)
    for _, s in ipairs(redis.call('HMGET', prefix .. ':story-sources:' .. ARGV[i], unpack(members, first, last))) do
      if s and not seen[s] then seen[s] = true; sources[#sources + 1] = s end
    end
  end
  out[#out + 1] = {#members, sources}
end
return out
`;

/**
 * Story clustering in Redis: near-duplicate articles (syndicated copies,
 * light rewrites, republications) share a story id, found through MinHash LSH
 * buckets and verified by estimated Jaccard. A story's id is the id of its
 * first article to be assigned, so an article that matches nothing is its own story.
 */
export class StoryIndex {
  private readonly redis: StoryRedis;
  private readonly prefix: string;
  private readonly threshold: number;
  private readonly rows: number;
  private readonly ttlSeconds: number;
  private readonly maxCandidates: number;
  private readonly maxMembers: number;

  constructor(options: StoryIndexOptions) {
    const { threshold = SAME_STORY_THRESHOLD, rows = LSH_ROWS } = options;
    if (!(threshold > 0 && threshold <= 1))
      throw new RangeError(`threshold must be in (0, 1], got ${threshold}`);
    this.redis = options.redis as StoryRedis;
    this.prefix = options.prefix;
    this.threshold = threshold;
    this.rows = rows;
    this.ttlSeconds = Math.ceil(options.ttlSeconds ?? DEFAULT_TTL_SECONDS);
    this.maxCandidates = options.maxCandidates ?? DEFAULT_MAX_CANDIDATES;
    this.maxMembers = options.maxMembers ?? MAX_STORY_MEMBERS;
    this.redis.defineCommand('tidingsStoryAssign', { lua: ASSIGN_LUA });
    this.redis.defineCommand('tidingsStoryDescribe', { lua: DESCRIBE_LUA });
  }

  /**
   * Place an article in a story: the story of its most similar recent article
   * when that reaches the threshold, else a new story with the article's own
   * id. Idempotent: an article already assigned keeps its story. An article
   * with no text (an empty signature) always gets a story of its own and
   * enters no bucket, so empty pages never cluster together.
   */
  async assign(candidate: StoryCandidate): Promise<StoryAssignment> {
    const { articleId, signature } = candidate;
    const published = Date.parse(candidate.publishedAt);
    if (Number.isNaN(published)) throw new RangeError(`publishedAt is not a date: ${candidate.publishedAt}`);
    const bucketKeys = signature.every((h) => h === 0xffffffff)
      ? []
      : lshBandKeys(signature, this.rows).map((key, band) => `${this.prefix}:lsh:${band}:${key}`);
    const keys = [`${this.prefix}:sig:${articleId}`, `${this.prefix}:story-of:${articleId}`, ...bucketKeys];
    const bytes = Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength);
    const [storyId, sim] = await this.redis.tidingsStoryAssign(
      keys.length,
      ...keys,
      this.prefix,
      articleId,
      bytes,
      published,
      candidate.source,
      this.threshold,
      this.ttlSeconds,
      this.maxCandidates,
      this.maxMembers,
      BUCKET_READ_LIMIT,
    );
    return sim === '-' ? { storyId } : { storyId, similarity: Number(sim) };
  }

  /** A story's article ids, first reporter first (by publishedAt); at most the newest {@link MAX_STORY_MEMBERS}. */
  async members(storyId: string): Promise<string[]> {
    return this.redis.zrange(`${this.prefix}:story:${storyId}`, 0, -1);
  }

  /**
   * Size and sources of each story, in one round trip; unknown stories are
   * absent from the map. Sizes count the members a story keeps (at most
   * {@link MAX_STORY_MEMBERS}); members are read in chunks, so a large story
   * cannot overflow the script.
   */
  async describe(storyIds: string[]): Promise<Map<string, StorySummary>> {
    const unique = [...new Set(storyIds)];
    const found = new Map<string, StorySummary>();
    if (unique.length === 0) return found;
    const rows = await this.redis.tidingsStoryDescribe(0, this.prefix, String(DESCRIBE_CHUNK), ...unique);
    rows.forEach(([size, sources], i) => {
      if (size > 0) found.set(unique[i] as string, { size, sources });
    });
    return found;
  }
}
