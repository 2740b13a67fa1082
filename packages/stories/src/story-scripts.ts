import type { Cluster, Redis } from 'ioredis';

// The story index's Lua. Every script touches only the keys it is given, and
// every key it is given carries the same hash tag ({articleId} or {storyId};
// a bucket is a single key), so each runs in one slot of a Redis Cluster and
// on a single Redis alike. Nothing here decides a story: story-index.ts does,
// step by step, with these as its atomic per-slot operations.

/**
 * Claim an article before deciding its story: its assignment when it has one
 * ("done"), else its lock ("locked"), else "busy" (another assign holds it).
 * KEYS: story-of, lock, sig. ARGV: token, lock ms, signature ('' = leave it), ttl.
 * The signature is written first so that once the article is in a bucket,
 * whoever finds it there can verify it.
 */
const CLAIM_LUA = `
local assigned = redis.call('GET', KEYS[1])
if assigned then return {'done', assigned} end
if ARGV[3] ~= '' then redis.call('SET', KEYS[3], ARGV[3], 'EX', tonumber(ARGV[4])) end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', tonumber(ARGV[2])) then return {'locked'} end
return {'busy'}
`;

/**
 * Write an article's assignment unless it has one (it is written once, ever),
 * release the lock if it is still ours, and return the assignment that stands.
 * KEYS: story-of, lock. ARGV: assignment ('' = only release), ttl, token.
 */
const FINISH_LUA = `
if ARGV[1] ~= '' then redis.call('SET', KEYS[1], ARGV[1], 'NX', 'EX', tonumber(ARGV[2])) end
if redis.call('GET', KEYS[2]) == ARGV[3] then redis.call('DEL', KEYS[2]) end
return redis.call('GET', KEYS[1])
`;

/**
 * Enter one LSH bucket and read it in one step: add the article, prune members
 * older than the TTL, return the newest members (the article among them).
 * Entering before reading is what makes concurrent assigns safe: of two
 * articles sharing this bucket, the one whose script runs second sees the other.
 * KEYS: bucket. ARGV: article id, ttl, limit.
 */
const BUCKET_LUA = `
local now = tonumber(redis.call('TIME')[1])
local ttl = tonumber(ARGV[2])
redis.call('ZADD', KEYS[1], now, ARGV[1])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - ttl)
redis.call('EXPIRE', KEYS[1], ttl)
return redis.call('ZREVRANGEBYSCORE', KEYS[1], '+inf', now - ttl, 'LIMIT', 0, tonumber(ARGV[3]))
`;

/**
 * Add an article to its story, keeping the newest members by publication time.
 * KEYS: story (sorted set), story-sources (hash). ARGV: id, published ms, source, max members, ttl.
 */
const JOIN_LUA = `
redis.call('ZADD', KEYS[1], tonumber(ARGV[2]), ARGV[1])
redis.call('HSET', KEYS[2], ARGV[1], ARGV[3])
local excess = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[4])
if excess > 0 then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, excess - 1)
  redis.call('ZREMRANGEBYRANK', KEYS[1], 0, excess - 1)
  for first = 1, #oldest, 500 do
    redis.call('HDEL', KEYS[2], unpack(oldest, first, math.min(first + 499, #oldest)))
  end
end
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[5]))
redis.call('EXPIRE', KEYS[2], tonumber(ARGV[5]))
`;

/**
 * Size and distinct sources of one story, members read in chunks (Lua's
 * unpack() fails past about 8,000 values). KEYS: story, story-sources. ARGV: chunk.
 */
const DESCRIBE_LUA = `
local chunk = tonumber(ARGV[1])
local members = redis.call('ZRANGE', KEYS[1], 0, -1)
local sources, seen = {}, {}
for first = 1, #members, chunk do
  local last = math.min(first + chunk - 1, #members)
  for _, s in ipairs(redis.call('HMGET', KEYS[2], unpack(members, first, last))) do
    if s and not seen[s] then seen[s] = true; sources[#sources + 1] = s end
  end
end
return {#members, sources}
`;

/** A single Redis or a Redis Cluster: the index runs the same commands on both. */
export type StoryRedis = Redis | Cluster;

/** The connection with the index's scripts defined on it. */
export interface StoryCommands {
  tidingsStoryClaim(
    storyOf: string,
    lock: string,
    sig: string,
    token: string,
    lockMs: number,
    signature: Buffer | string,
    ttl: number,
  ): Promise<[string, string?]>;
  tidingsStoryFinish(
    storyOf: string,
    lock: string,
    assignment: string,
    ttl: number,
    token: string,
  ): Promise<string | null>;
  tidingsStoryBucket(bucket: string, id: string, ttl: number, limit: number): Promise<string[]>;
  tidingsStoryJoin(
    story: string,
    sources: string,
    id: string,
    published: number,
    source: string,
    maxMembers: number,
    ttl: number,
  ): Promise<null>;
  tidingsStoryDescribe(story: string, sources: string, chunk: number): Promise<[number, string[]]>;
}

/** Define the scripts (EVALSHA, falling back to EVAL) on a connection; idempotent. */
export function defineStoryCommands(redis: StoryRedis): StoryRedis & StoryCommands {
  redis.defineCommand('tidingsStoryClaim', { numberOfKeys: 3, lua: CLAIM_LUA });
  redis.defineCommand('tidingsStoryFinish', { numberOfKeys: 2, lua: FINISH_LUA });
  redis.defineCommand('tidingsStoryBucket', { numberOfKeys: 1, lua: BUCKET_LUA });
  redis.defineCommand('tidingsStoryJoin', { numberOfKeys: 2, lua: JOIN_LUA });
  redis.defineCommand('tidingsStoryDescribe', { numberOfKeys: 2, lua: DESCRIBE_LUA });
  return redis as StoryRedis & StoryCommands;
}
