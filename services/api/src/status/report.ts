import { countByHealth, type Feed, feedHealth, type QueueName } from '@tidings/contracts';
import type { FeedRegistry } from '@tidings/feed-state';
import type { Queues } from '@tidings/queue';
import type { FreshnessHistograms, MinuteSummary } from '@tidings/telemetry';

/** The stage that consumes each queue, as the dashboards and logs name it. */
const STAGE_OF_QUEUE: Record<QueueName, string> = {
  feeds: 'poll',
  articles: 'parse',
  index: 'index',
  matches: 'match',
  webhooks: 'webhook',
};

const FAILING_FEEDS_SHOWN = 50;

/** What the status page shows: now, and per minute over the last hour. */
export interface StatusReport {
  generatedAt: string;
  /** Start of each minute of the series below (ms since the epoch), oldest first. */
  minutes: number[];
  /** Jobs per state, per queue, right now. */
  queues: Record<string, Record<string, number>>;
  /** Jobs finished per minute per stage: poll, parse, index (index = articles made searchable), match (batches), webhook. */
  throughput: Record<string, { completed: number[]; failed: number[] }>;
  /** Seconds, per minute: discovered → searchable and published → searchable. */
  freshness: { discovered: MinuteSummary[]; published: MinuteSummary[] };
  feeds: { total: number; healthy: number; failing: number; paused: number };
  /** Failing and paused feeds, longest failing first (at most 50). */
  failingFeeds: Array<
    Pick<
      Feed,
      | 'id'
      | 'url'
      | 'title'
      | 'lastError'
      | 'consecutiveFailures'
      | 'failingSince'
      | 'lastPolledAt'
      | 'paused'
      | 'pausedReason'
    >
  >;
}

export interface StatusSources {
  queues: Queues;
  feeds: FeedRegistry;
  freshness: FreshnessHistograms;
}

/** Read the pipeline's state from Redis: every number the status page draws. */
export async function collectStatus(
  sources: StatusSources,
  minutes = 60,
  now = Date.now(),
): Promise<StatusReport> {
  const [counts, finished, discovered, published, feeds] = await Promise.all([
    sources.queues.counts(),
    sources.queues.finishedPerMinute(minutes, now),
    sources.freshness.discovered.recent(minutes, now),
    sources.freshness.published.recent(minutes, now),
    sources.feeds.list(),
  ]);
  const troubled = feeds.filter((f) => feedHealth(f) !== 'healthy');
  const failingSince = (f: Feed) => (f.failingSince ? Date.parse(f.failingSince) : Number.POSITIVE_INFINITY);
  troubled.sort(
    (a, b) =>
      failingSince(a) - failingSince(b) || (b.consecutiveFailures ?? 0) - (a.consecutiveFailures ?? 0),
  );
  return {
    generatedAt: new Date(now).toISOString(),
    minutes: discovered.map((m) => m.minute),
    queues: counts,
    throughput: Object.fromEntries(
      Object.entries(finished).map(([queue, series]) => [
        STAGE_OF_QUEUE[queue as QueueName] ?? queue,
        series,
      ]),
    ),
    freshness: { discovered, published },
    feeds: { total: feeds.length, ...countByHealth(feeds) },
    failingFeeds: troubled.slice(0, FAILING_FEEDS_SHOWN).map((f) => ({
      id: f.id,
      url: f.url,
      title: f.title,
      lastError: f.lastError,
      consecutiveFailures: f.consecutiveFailures,
      failingSince: f.failingSince,
      lastPolledAt: f.lastPolledAt,
      paused: f.paused,
      pausedReason: f.pausedReason,
    })),
  };
}
