import { randomUUID } from 'node:crypto';
import { estimateJaccard, LSH_ROWS, lshBandKeys, SAME_STORY_THRESHOLD } from './fingerprint';
import { defineStoryCommands, type StoryCommands, type StoryRedis } from './story-scripts';

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
/**
 * How long an assign may hold an article's lock: far above the few round
 * trips it takes, so only a crashed or frozen process lets it expire.
 */
const LOCK_MS = 5000;
/** How long an assign waits for a lock held by another before it gives up (the job is retried). */
const LOCK_WAIT_MS = 3 * LOCK_MS;

/** Where a {@link StoryIndex} keeps its keys and how it decides. */
export interface StoryIndexOptions {
  /** A single Redis or a Redis Cluster; the same commands run on both. */
  redis: StoryRedis;
  /**
   * Key prefix (the queue prefix), so two stacks sharing one Redis keep separate
   * stories. Braces in it are dropped, so that the index's own hash tags spread
   * its keys over a cluster.
   */
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

/** An assign waited longer than {@link LOCK_WAIT_MS} for an article another assign was deciding. */
export class StoryLockTimeoutError extends Error {
  constructor(readonly articleId: string) {
    super(`timed out waiting for the story lock of article ${articleId}`);
    this.name = 'StoryLockTimeoutError';
  }
}

/** A verified candidate: similarity at or above the threshold; `assignment` when it has its story already. */
interface Match {
  id: string;
  similarity: number;
  assignment?: StoryAssignment;
}

/**
 * Story clustering in Redis: near-duplicate articles (syndicated copies,
 * light rewrites, republications) share a story id, found through MinHash LSH
 * buckets and verified by estimated Jaccard. A story's id is the id of its
 * first article to be assigned, so an article that matches nothing is its own story.
 *
 * Every key carries a hash tag, and every step touches one slot at a time, so
 * it runs unchanged on a single Redis and on Redis Cluster (README: key layout).
 */
export class StoryIndex {
  private readonly redis: StoryRedis & StoryCommands;
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
    this.redis = defineStoryCommands(options.redis);
    // A hash-tagged prefix ({tidings}) would put every key in its one slot; the index's own tags decide instead.
    this.prefix = options.prefix.replaceAll('{', '').replaceAll('}', '');
    this.threshold = threshold;
    this.rows = rows;
    this.ttlSeconds = Math.ceil(options.ttlSeconds ?? DEFAULT_TTL_SECONDS);
    this.maxCandidates = options.maxCandidates ?? DEFAULT_MAX_CANDIDATES;
    this.maxMembers = options.maxMembers ?? MAX_STORY_MEMBERS;
  }

  /**
   * Place an article in a story: the story of its most similar recent article
   * when that reaches the threshold, else a new story with the article's own
   * id. Idempotent: an article already assigned keeps its story. An article
   * with no text (an empty signature) always gets a story of its own and
   * enters no bucket, so empty pages never cluster together.
   *
   * Safe under concurrent assigns from many processes: the article enters its
   * buckets before reading them, so of two near-duplicates in flight at once
   * at least one sees the other; it locks the ones it sees undecided (in id
   * order, so no deadlock), decides, and writes their story too. Each
   * assignment is written once (SET NX) and never changes.
   */
  async assign(candidate: StoryCandidate): Promise<StoryAssignment> {
    const { articleId, signature } = candidate;
    const published = Date.parse(candidate.publishedAt);
    if (Number.isNaN(published)) throw new RangeError(`publishedAt is not a date: ${candidate.publishedAt}`);
    const token = randomUUID();
    const bytes = Buffer.from(signature.buffer, signature.byteOffset, signature.byteLength);
    const own = await this.claim(articleId, token, bytes);
    if (own) return this.join(candidate, published, own);

    const held = new Set([articleId]);
    try {
      const matches = await this.matches(articleId, signature);
      const undecided = matches.filter((m) => !m.assignment).map((m) => m.id);
      if (undecided.length > 0) {
        const assigned = await this.lockInOrder(articleId, undecided, token, held);
        if (assigned.has(articleId)) {
          await this.release([...held], token);
          return this.join(candidate, published, assigned.get(articleId) as StoryAssignment);
        }
        for (const m of matches) m.assignment ??= assigned.get(m.id);
      }
      // The best match that has a story decides; undecided ones (locked by us) join that story too.
      const best = matches.find((m) => m.assignment);
      const mine: StoryAssignment = best
        ? { storyId: (best.assignment as StoryAssignment).storyId, similarity: round(best.similarity) }
        : { storyId: articleId };
      // Ours first: the undecided follow the story that stands, even if our lock
      // expired meanwhile (a frozen process) and another assign decided us.
      const stands = await this.finish(articleId, mine, token);
      held.delete(articleId);
      await Promise.all(
        [...held].map((id) => {
          const similarity = (matches.find((m) => m.id === id) as Match).similarity;
          return this.finish(id, { storyId: stands.storyId, similarity: round(similarity) }, token);
        }),
      );
      held.clear();
      return this.join(candidate, published, stands);
    } catch (error) {
      await this.release([...held], token).catch(() => undefined);
      throw error;
    }
  }

  /** A story's article ids, first reporter first (by publishedAt); at most the newest {@link MAX_STORY_MEMBERS}. */
  async members(storyId: string): Promise<string[]> {
    return this.redis.zrange(this.key('story', storyId), 0, -1);
  }

  /**
   * Size and sources of each story, read in parallel (one round trip; on a
   * cluster, one per node); unknown stories are absent from the map. Sizes
   * count the members a story keeps (at most {@link MAX_STORY_MEMBERS});
   * members are read in chunks, so a large story cannot overflow the script.
   */
  async describe(storyIds: string[]): Promise<Map<string, StorySummary>> {
    const unique = [...new Set(storyIds)];
    const rows = await Promise.all(
      unique.map((id) =>
        this.redis.tidingsStoryDescribe(this.key('story', id), this.key('story-sources', id), DESCRIBE_CHUNK),
      ),
    );
    const found = new Map<string, StorySummary>();
    rows.forEach(([size, sources], i) => {
      if (size > 0) found.set(unique[i] as string, { size, sources });
    });
    return found;
  }

  /** `{prefix}:{kind}:{id}`: the braces make `id` the hash tag, so one article's (one story's) keys share a slot. */
  private key(kind: string, id: string): string {
    return `${this.prefix}:${kind}:{${id}}`;
  }

  /**
   * Lock an article, waiting while another assign holds it; its assignment
   * instead when it has one. Writes the signature too when given (our own article).
   */
  private async claim(id: string, token: string, signature?: Buffer): Promise<StoryAssignment | undefined> {
    const deadline = Date.now() + LOCK_WAIT_MS;
    for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
      const [state, assignment] = await this.redis.tidingsStoryClaim(
        this.key('story-of', id),
        this.key('assigning', id),
        this.key('sig', id),
        token,
        LOCK_MS,
        signature ?? '',
        this.ttlSeconds,
      );
      if (state === 'done') return parseAssignment(assignment as string);
      if (state === 'locked') return undefined;
      if (Date.now() > deadline) throw new StoryLockTimeoutError(id);
      await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  /**
   * Lock the undecided matches, lowest id first (every assign takes locks in
   * that order, so none waits in a cycle). We hold our own lock already; when
   * a match sorts below it, we let ours go and take it again in turn.
   * Returns the assignments found instead of locks, ours included if someone
   * decided us meanwhile. `held` tracks the locks we hold.
   */
  private async lockInOrder(
    own: string,
    undecided: string[],
    token: string,
    held: Set<string>,
  ): Promise<Map<string, StoryAssignment>> {
    const order = [...undecided].sort();
    if ((order[0] as string) < own) {
      await this.release([own], token);
      held.delete(own);
      order.push(own);
      order.sort();
    }
    const assigned = new Map<string, StoryAssignment>();
    for (const id of order) {
      const found = await this.claim(id, token);
      if (found) assigned.set(id, found);
      else held.add(id);
      if (assigned.has(own)) break;
    }
    return assigned;
  }

  /**
   * Enter the article's buckets, read the newest members of each, and verify
   * the candidates sharing the most bands: those at or above the threshold,
   * most similar first (ties: more shared bands, then lower id, as before).
   */
  private async matches(articleId: string, signature: Uint32Array): Promise<Match[]> {
    if (signature.every((h) => h === 0xffffffff)) return [];
    const buckets = lshBandKeys(signature, this.rows).map((key, band) => `${this.prefix}:lsh:${band}:${key}`);
    const lists = await Promise.all(
      buckets.map((bucket) =>
        this.redis.tidingsStoryBucket(bucket, articleId, this.ttlSeconds, BUCKET_READ_LIMIT + 1),
      ),
    );
    const counts = new Map<string, number>();
    for (const list of lists)
      for (const id of list.filter((m) => m !== articleId).slice(0, BUCKET_READ_LIMIT))
        counts.set(id, (counts.get(id) ?? 0) + 1);
    const ranked = [...counts.keys()]
      .sort((a, b) => (counts.get(b) as number) - (counts.get(a) as number) || (a < b ? -1 : a > b ? 1 : 0))
      .slice(0, this.maxCandidates);
    const rows = await Promise.all(
      ranked.map((id) => this.redis.mgetBuffer(this.key('sig', id), this.key('story-of', id))),
    );
    const matches: Match[] = [];
    rows.forEach(([sig, assignment], i) => {
      if (!sig || sig.length !== signature.byteLength) return;
      const similarity = estimateJaccard(signature, new Uint32Array(new Uint8Array(sig).buffer));
      if (similarity < this.threshold) return;
      const match: Match = { id: ranked[i] as string, similarity };
      if (assignment) match.assignment = parseAssignment(assignment.toString());
      matches.push(match);
    });
    // Stable: equal similarities keep the rank order.
    return matches.sort((a, b) => b.similarity - a.similarity);
  }

  /** Write an assignment unless one stands (it never changes), release our lock; returns the one that stands. */
  private async finish(id: string, assignment: StoryAssignment, token: string): Promise<StoryAssignment> {
    const stands = await this.redis.tidingsStoryFinish(
      this.key('story-of', id),
      this.key('assigning', id),
      formatAssignment(assignment),
      this.ttlSeconds,
      token,
    );
    return stands ? parseAssignment(stands) : assignment;
  }

  private async release(ids: string[], token: string): Promise<void> {
    await Promise.all(
      ids.map((id) =>
        this.redis.tidingsStoryFinish(
          this.key('story-of', id),
          this.key('assigning', id),
          '',
          this.ttlSeconds,
          token,
        ),
      ),
    );
  }

  /**
   * Add the article to its story's members. Done by the article's own assign
   * every time, retries included (idempotent), so an article whose story was
   * decided by another assign, or whose assign crashed after deciding, is
   * still listed.
   */
  private async join(
    candidate: StoryCandidate,
    published: number,
    assignment: StoryAssignment,
  ): Promise<StoryAssignment> {
    await this.redis.tidingsStoryJoin(
      this.key('story', assignment.storyId),
      this.key('story-sources', assignment.storyId),
      candidate.articleId,
      published,
      candidate.source,
      this.maxMembers,
      this.ttlSeconds,
    );
    return assignment;
  }
}

/** Four decimals, as stored: a retried assign returns exactly what the first one did. */
function round(similarity: number): number {
  return Number(similarity.toFixed(4));
}

function formatAssignment({ storyId, similarity }: StoryAssignment): string {
  return `${storyId} ${similarity === undefined ? '-' : similarity.toFixed(4)}`;
}

function parseAssignment(stored: string): StoryAssignment {
  const space = stored.indexOf(' ');
  const storyId = space < 0 ? stored : stored.slice(0, space);
  const similarity = space < 0 ? '-' : stored.slice(space + 1);
  return similarity === '-' ? { storyId } : { storyId, similarity: Number(similarity) };
}
