import type { Cluster, Redis } from 'ioredis';

/** One minute of observations: how many, and quantiles read off the buckets. */
export interface MinuteSummary {
  /** Start of the minute, ms since the epoch. */
  minute: number;
  count: number;
  /** Upper bound of the bucket holding the quantile, in the observed unit; null when the minute is empty. */
  p50: number | null;
  p99: number | null;
}

const MINUTE_MS = 60_000;

/**
 * A histogram per wall-clock minute in Redis, shared by every process that
 * observes and every process that reads: the status page shows the last hour
 * without Prometheus. Each minute is one small hash of bucket counts that
 * expires after `keepMinutes`, so memory stays constant. The minutes of one
 * histogram share a Redis Cluster hash tag (`{key}:<minute>`), so reading the
 * last hour is one pipeline to one node; different histograms spread.
 */
export class MinuteHistogram {
  private readonly bounds: number[];

  constructor(
    private readonly options: {
      /** One Redis or a cluster (`RedisClient` of `@tidings/queue`). */
      redis: Redis | Cluster;
      /** Full key prefix, e.g. `tidings:stats:freshness`. */
      key: string;
      /** Bucket upper bounds, ascending; values above the last go to +Inf. */
      buckets: number[];
      keepMinutes?: number;
    },
  ) {
    this.bounds = [...options.buckets].sort((a, b) => a - b);
  }

  /** Count `values` into the current minute (one round trip). */
  async observe(values: number[], now = Date.now()): Promise<void> {
    if (values.length === 0) return;
    const key = this.keyOf(Math.floor(now / MINUTE_MS) * MINUTE_MS);
    const increments = new Map<string, number>();
    for (const value of values) {
      const bucket = this.bounds.find((b) => value <= b);
      const field = bucket === undefined ? 'inf' : String(bucket);
      increments.set(field, (increments.get(field) ?? 0) + 1);
    }
    const pipeline = this.options.redis.multi();
    for (const [field, n] of increments) pipeline.hincrby(key, field, n);
    pipeline.pexpire(key, (this.options.keepMinutes ?? 120) * MINUTE_MS);
    await pipeline.exec();
  }

  /** The last `minutes` minutes, oldest first, the current (partial) minute last. */
  async recent(minutes = 60, now = Date.now()): Promise<MinuteSummary[]> {
    const current = Math.floor(now / MINUTE_MS) * MINUTE_MS;
    const starts = Array.from({ length: minutes }, (_, i) => current - (minutes - 1 - i) * MINUTE_MS);
    const pipeline = this.options.redis.pipeline();
    for (const start of starts) pipeline.hgetall(this.keyOf(start));
    const replies = (await pipeline.exec()) ?? [];
    return starts.map((minute, i) =>
      this.summarise(minute, (replies[i]?.[1] ?? {}) as Record<string, string>),
    );
  }

  private summarise(minute: number, hash: Record<string, string>): MinuteSummary {
    const counts = [...this.bounds.map((b) => Number(hash[String(b)] ?? 0)), Number(hash.inf ?? 0)];
    const count = counts.reduce((a, b) => a + b, 0);
    const quantile = (q: number) => {
      if (count === 0) return null;
      let seen = 0;
      for (const [i, n] of counts.entries()) {
        seen += n;
        // The +Inf bucket has no upper bound; report the largest finite one.
        if (seen >= q * count) return this.bounds[Math.min(i, this.bounds.length - 1)]!;
      }
      return this.bounds.at(-1)!;
    };
    return { minute, count, p50: quantile(0.5), p99: quantile(0.99) };
  }

  private keyOf(minute: number): string {
    return `{${this.options.key}}:${minute}`;
  }
}

/** Freshness buckets in seconds: sub-second pipeline latency up to day-old items found late. */
const FRESHNESS_BUCKETS = [
  0.25,
  0.5,
  1,
  1.5,
  2,
  3,
  5,
  7.5,
  10,
  15,
  30,
  60,
  120,
  300,
  600,
  1800,
  3600,
  6 * 3600,
  24 * 3600,
];

/**
 * The two freshness lags per minute, written by the indexer, read by the
 * API's status page: discovered → searchable (the pipeline's own latency) and
 * published → searchable (what a reader sees).
 */
export function freshnessHistograms(redis: Redis | Cluster, prefix: string) {
  const make = (name: string) =>
    new MinuteHistogram({ redis, key: `${prefix}:stats:freshness:${name}`, buckets: FRESHNESS_BUCKETS });
  return { discovered: make('discovered'), published: make('published') };
}

export type FreshnessHistograms = ReturnType<typeof freshnessHistograms>;
