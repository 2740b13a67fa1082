import { createHash } from 'node:crypto';
import {
  articleIdFor,
  type Feed,
  feedItemIdFor,
  type ParseArticlePayload,
  truncateHtml,
} from '@tidings/contracts';
import type { FeedRegistry, SeenItems } from '@tidings/feed-state';
import {
  canonicalUrl,
  type FeedItem,
  FeedParseError,
  type FeedPool,
  FeedTimeoutError,
  type ParsedFeed,
} from '@tidings/feeds';
import { FetchError, type FetchResult, HostBusyError, type HttpClient } from '@tidings/http';
import { DeferJobError, type JobHandler, PermanentError, type Queues } from '@tidings/queue';
import type { Backpressure } from './backpressure';
import { planAfterFailure, planAfterSuccess, type ScheduleBounds } from './schedule';

export interface PollDeps {
  registry: FeedRegistry;
  seen: SeenItems;
  queues: Queues;
  http: HttpClient;
  /**
   * Parses feeds in worker threads with a deadline (FEED_PARSE_THREADS,
   * FEED_PARSE_TIMEOUT_MS): on this thread a feed that takes minutes to parse
   * would stop the worker renewing its job locks, and the stalled job would
   * move on to hang the next poller.
   */
  parser: FeedPool;
  bounds: ScheduleBounds;
  /** Newest items taken from one poll (FEED_MAX_ITEMS_PER_POLL); the rest of an oversized feed is ignored. */
  maxItemsPerPoll: number;
  /**
   * Bytes of an item's feed content carried in its parse job
   * (FEED_ITEM_CONTENT_MAX_BYTES): the parser's fallback text. Default 64 KiB.
   */
  maxItemContentBytes?: number;
  /** Told how each poll ended, for metrics. */
  onPolled?: (outcome: 'ok' | 'not_modified' | 'error') => void;
  /** When the parsers fall behind, polls wait (deferred, not failed). */
  backpressure?: Backpressure;
  /**
   * Time between the page fetches of one poll's new items: the host's
   * politeness spacing. A feed's items share a host; queued back to back
   * they would fill every parser slot with waits on that one host while
   * other hosts' pages sit behind them. Spread out, they interleave.
   */
  itemSpacingMs?: number;
  /**
   * Told the host of every feed that answered (200 or 304): the site is up,
   * so the article dead letters waiting on it can be replayed.
   */
  hostAnswered?: (host: string) => void;
}

/** Article ids named on one poll's log line; the rest are counted. */
const MAX_LOGGED_IDS = 200;

/** How long a poll held back by backpressure waits before it looks again. */
const BACKPRESSURE_DELAY_MS = 30_000;

/** A feed item ready to be queued: its article id, job payload and fingerprint. */
interface Candidate {
  payload: ParseArticlePayload;
  fingerprint: string;
  guid?: string;
}

/**
 * Poll one feed: conditional GET, parse, queue a parse job for each article
 * not seen before and for each whose feed entry changed, record the outcome
 * on the feed and plan the next poll. Every failure is recorded where
 * operators look (feed health) before the job fails.
 */
export function pollFeed(deps: PollDeps): JobHandler<'pollFeed'> {
  return async ({ feedId }) => {
    const feed = await deps.registry.get(feedId);
    if (!feed) return { status: 'skipped', reason: 'feed was removed', log: { feed_id: feedId } };
    const log = { feed_id: feedId, url: feed.url };
    if (await deps.backpressure?.shouldHold()) {
      throw Object.assign(
        new DeferJobError(
          BACKPRESSURE_DELAY_MS,
          `article queue above its high-water mark (${deps.backpressure?.lastDepth} waiting)`,
        ),
        { log },
      );
    }
    let res: FetchResult;
    try {
      res = await deps.http.fetch(feed.url, {
        etag: feed.etag,
        lastModified: feed.lastModified,
        accept:
          'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
      });
      deps.hostAnswered?.(new URL(res.url).host);
      if (res.kind === 'not-modified') {
        const plan = planAfterSuccess(feed, { itemDates: [], hintSeconds: res.maxAgeSeconds }, deps.bounds);
        // A 304 says nothing about the publishing rate: keep the interval.
        await deps.registry.recordPoll(
          feedId,
          { status: 'not-modified', newItems: 0, url: res.permanentRedirect },
          plan.kind === 'next' ? { ...plan, intervalSeconds: feed.intervalSeconds } : plan,
        );
        deps.onPolled?.('not_modified');
        return { status: 'done', reason: 'not modified', log };
      }
      const parsed = await deps.parser.parseFeed(res.body, { url: res.url, contentType: res.contentType });
      const items = newestItems(parsed.items, deps.maxItemsPerPoll);
      const { queued, updated, articleIds } = await queueNewItems(deps, feedId, items, parsed, res.url);
      const hintSeconds = Math.max(res.maxAgeSeconds ?? 0, parsed.updateIntervalSeconds ?? 0) || undefined;
      const plan = planAfterSuccess(
        feed,
        { itemDates: parsed.items.map((i) => i.publishedAt ?? '').filter(Boolean), hintSeconds },
        deps.bounds,
      );
      await deps.registry.recordPoll(
        feedId,
        {
          status: 'ok',
          etag: res.etag,
          lastModified: res.lastModified,
          newItems: queued,
          url: res.permanentRedirect,
          title: parsed.title || undefined,
        },
        plan,
      );
      const skipped = parsed.items.length - items.length;
      return {
        status: 'done',
        log: {
          ...log,
          items: parsed.items.length,
          items_skipped: skipped || undefined,
          new_items: queued,
          updated_items: updated,
          // Where an article's trace starts: grep its id across every service's log.
          // Capped: the first poll of a huge feed would otherwise write one enormous line.
          article_ids: articleIds.length ? articleIds.slice(0, MAX_LOGGED_IDS) : undefined,
          article_ids_omitted:
            articleIds.length > MAX_LOGGED_IDS ? articleIds.length - MAX_LOGGED_IDS : undefined,
          next_poll_at: plan.kind === 'next' ? plan.at : undefined,
        },
      };
    } catch (err) {
      // A busy host is our own politeness, not the feed's fault: the worker defers the job, nothing is recorded.
      if (err instanceof HostBusyError) throw Object.assign(err, { log });
      deps.onPolled?.('error');
      await recordFailure(deps, feed, err);
      // A feed past its parse deadline would take as long on every retry: permanent too.
      const failure =
        err instanceof FeedParseError ||
        err instanceof FeedTimeoutError ||
        (err instanceof FetchError && err.permanent)
          ? new PermanentError(describe(err), errorCode(err))
          : err;
      Object.assign(failure as object, { log });
      throw failure;
    }
  };
}

async function recordFailure(deps: PollDeps, feed: Feed, err: unknown): Promise<void> {
  const error = describe(err);
  const plan = planAfterFailure(
    feed,
    { error, retryAfterSeconds: err instanceof FetchError ? err.retryAfterSeconds : undefined },
    deps.bounds,
  );
  await deps.registry.recordPoll(feed.id, { status: 'error', error }, plan);
}

/**
 * Queue what is new or changed. Items are keyed by article id, except that
 * an item whose GUID was seen before keeps the article id it had then, so a
 * publisher changing an item's link updates the article instead of adding one.
 */
async function queueNewItems(
  deps: PollDeps,
  feedId: string,
  items: FeedItem[],
  feed: ParsedFeed,
  feedUrl: string,
): Promise<{ queued: number; updated: number; articleIds: string[] }> {
  const context: CandidateContext = {
    feedId,
    feedUrl,
    site: feed.link || feedUrl,
    language: feed.language,
    discoveredAt: new Date().toISOString(),
    maxContentBytes: deps.maxItemContentBytes ?? DEFAULT_MAX_ITEM_CONTENT_BYTES,
  };
  const candidates = items.flatMap((item) => toCandidate(item, context) ?? []);
  const known = await deps.seen.articlesForGuids(
    feedId,
    candidates.map((c) => c.guid ?? ''),
  );
  candidates.forEach((c, i) => {
    const previous = c.guid ? known[i] : undefined;
    if (previous) c.payload.articleId = previous;
  });
  const unique = [...new Map(candidates.map((c) => [c.payload.articleId, c])).values()];
  const verdict = await deps.seen.classify(
    unique.map((c) => ({ articleId: c.payload.articleId, fingerprint: c.fingerprint })),
  );
  const fresh = new Set(verdict.fresh);
  const changed = new Set(verdict.changed);
  const jobs = unique.filter((c) => fresh.has(c.payload.articleId) || changed.has(c.payload.articleId));
  // New items: a plain add, whose job id dedupes. Changed ones must replace a
  // job still pending or failed for the article, or the update would be lost.
  const spacingMs = deps.itemSpacingMs;
  const freshJobs = jobs.filter((c) => fresh.has(c.payload.articleId));
  const changedJobs = jobs.filter((c) => changed.has(c.payload.articleId));
  await deps.queues.addBulk(
    'parseArticle',
    freshJobs.map((c) => c.payload),
    { spacingMs },
  );
  await deps.queues.supersedeBulk(
    'parseArticle',
    changedJobs.map((c) => c.payload),
    { spacingMs },
  );
  await deps.seen.remember(
    feedId,
    jobs.map((c) => ({ articleId: c.payload.articleId, fingerprint: c.fingerprint, guid: c.guid })),
  );
  return {
    queued: verdict.fresh.length,
    updated: verdict.changed.length,
    articleIds: jobs.map((c) => c.payload.articleId),
  };
}

/**
 * At most `max` items, the newest first by publication date (undated items
 * keep their feed order after the dated ones). A feed of 100,000 items would
 * otherwise flood the article queue and Redis in a single poll; news feeds
 * list recent items, so the newest are the ones an operator wants.
 */
export function newestItems(items: FeedItem[], max: number): FeedItem[] {
  if (items.length <= max) return items;
  const ranked = items.map((item, order) => ({ item, order, time: Date.parse(item.publishedAt ?? '') }));
  ranked.sort((a, b) => {
    const aDated = Number.isFinite(a.time);
    const bDated = Number.isFinite(b.time);
    if (aDated && bDated && a.time !== b.time) return b.time - a.time;
    if (aDated !== bDated) return aDated ? -1 : 1;
    return a.order - b.order;
  });
  return ranked.slice(0, max).map((r) => r.item);
}

/** Default of {@link PollDeps.maxItemContentBytes}. */
export const DEFAULT_MAX_ITEM_CONTENT_BYTES = 64 * 1024;

interface CandidateContext {
  feedId: string;
  feedUrl: string;
  site: string;
  language?: string;
  discoveredAt: string;
  maxContentBytes: number;
}

/**
 * The parse job for an item: keyed by its canonical link, or, for an item
 * with no usable link but content of its own (a press-release feed), by its
 * GUID or content hash within the feed. An item with neither is skipped.
 */
function toCandidate(item: FeedItem, context: CandidateContext): Candidate | undefined {
  const url = item.link ? canonicalOrUndefined(item.link, context.feedUrl) : undefined;
  const content = item.contentHtml ? truncateHtml(item.contentHtml, context.maxContentBytes) : undefined;
  if (url === undefined && !content) return undefined;
  const articleId = url
    ? articleIdFor(url)
    : feedItemIdFor(context.feedId, item.guid ?? contentHash(item.title, content));
  return {
    payload: {
      articleId,
      url,
      feedId: context.feedId,
      site: context.site,
      discoveredAt: context.discoveredAt,
      item: {
        title: item.title,
        publishedAt: item.publishedAt,
        dateZone: item.dateZone,
        updatedAt: item.updatedAt,
        author: item.author,
        guid: item.guid,
        summary: item.summary,
        content,
        imageUrl: item.imageUrl,
        language: context.language,
      },
    },
    fingerprint: fingerprint(item),
    guid: item.guid,
  };
}

function canonicalOrUndefined(link: string, base: string): string | undefined {
  try {
    return canonicalUrl(link, base);
  } catch {
    return undefined;
  }
}

function contentHash(title: string | undefined, content: string | undefined): string {
  return createHash('sha256')
    .update(JSON.stringify([title, content]))
    .digest('hex')
    .slice(0, 32);
}

/** What the feed says about an item; when it changes, the article is fetched again. */
function fingerprint(item: FeedItem): string {
  const said = JSON.stringify([item.title, item.summary, item.contentHtml, item.updatedAt]);
  return createHash('sha256').update(said).digest('base64url').slice(0, 16);
}

function describe(err: unknown): string {
  if (err instanceof FeedParseError) return `feed could not be parsed: ${err.reason}`;
  return (err as Error).message || String(err);
}

function errorCode(err: unknown): string {
  if (err instanceof FetchError) return err.code;
  if (err instanceof FeedTimeoutError) return 'FEED_PARSE_TIMEOUT';
  return 'FEED_PARSE';
}
