import { articleIdFor, type ParseArticlePayload } from '@tidings/contracts';
import { canonicalUrl, FeedParseError, type FeedItem, parseFeed } from '@tidings/feeds';
import { FetchError, type HttpClient } from '@tidings/http';
import { type FeedRegistry, type JobHandler, PermanentError, type Queues, type SeenItems } from '@tidings/queue';

export interface PollDeps {
  registry: FeedRegistry;
  seen: SeenItems;
  queues: Queues;
  http: HttpClient;
}

/**
 * Poll one feed: conditional GET, parse, queue one parse job per article
 * not seen before, and record the outcome on the feed. Every failure is
 * recorded where operators look (feed health) before the job fails.
 */
export function pollFeed(deps: PollDeps): JobHandler<'pollFeed'> {
  return async ({ feedId }) => {
    const feed = await deps.registry.get(feedId);
    if (!feed) return { status: 'skipped', reason: 'feed was removed', log: { feed_id: feedId } };
    const log = { feed_id: feedId, url: feed.url };
    try {
      const res = await deps.http.fetch(feed.url, {
        etag: feed.etag,
        lastModified: feed.lastModified,
        accept: 'application/rss+xml, application/atom+xml, application/feed+json, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.5',
      });
      if (res.kind === 'not-modified') {
        await deps.registry.recordPoll(feedId, { status: 'not-modified', newItems: 0, url: res.permanentRedirect });
        return { status: 'done', reason: 'not modified', log };
      }
      const parsed = await parseFeed(res.body, { url: res.url, contentType: res.contentType });
      const discoveredAt = new Date().toISOString();
      const candidates = toJobs(parsed.items, res.url, feedId, discoveredAt);
      const fresh = new Set(await deps.seen.unseen([...candidates.keys()]));
      const jobs = [...candidates.values()].filter((j) => fresh.has(j.articleId));
      await deps.queues.addBulk('parseArticle', jobs);
      await deps.seen.markSeen(jobs.map((j) => j.articleId));
      await deps.registry.recordPoll(feedId, {
        status: 'ok',
        etag: res.etag,
        lastModified: res.lastModified,
        newItems: jobs.length,
        url: res.permanentRedirect,
        title: parsed.title || undefined,
      });
      return { status: 'done', log: { ...log, items: parsed.items.length, new_items: jobs.length } };
    } catch (err) {
      const reason = describe(err);
      await deps.registry.recordPoll(feedId, { status: 'error', error: reason });
      const failure = err instanceof FeedParseError || (err instanceof FetchError && err.permanent) ? new PermanentError(reason, errorCode(err)) : err;
      Object.assign(failure as object, { log });
      throw failure;
    }
  };
}

/** One parse job per distinct canonical article URL; items without a usable link are skipped. */
function toJobs(items: FeedItem[], feedUrl: string, feedId: string, discoveredAt: string): Map<string, ParseArticlePayload> {
  const jobs = new Map<string, ParseArticlePayload>();
  for (const item of items) {
    if (!item.link) continue;
    let url: string;
    try {
      url = canonicalUrl(item.link, feedUrl);
    } catch {
      continue;
    }
    const articleId = articleIdFor(url);
    if (jobs.has(articleId)) continue;
    jobs.set(articleId, {
      articleId,
      url,
      feedId,
      discoveredAt,
      item: { title: item.title, publishedAt: item.publishedAt, author: item.author },
    });
  }
  return jobs;
}

function describe(err: unknown): string {
  if (err instanceof FeedParseError) return `feed could not be parsed: ${err.reason}`;
  return (err as Error).message || String(err);
}

function errorCode(err: unknown): string {
  if (err instanceof FetchError) return err.code;
  return 'FEED_PARSE';
}
