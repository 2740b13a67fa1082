import { type Alert, type AlertArticle, alertIdFor, type DeliverWebhookPayload } from '@tidings/contracts';
import type { Queues } from '@tidings/queue';
import { type Archive, SearchError, type SearchPool, toSnippet } from '@tidings/search';
import type { Logger } from '@tidings/telemetry';
import {
  alertArticle,
  type MatchPlan,
  matchPlan,
  matchQuery,
  restrictionTail,
  snippetQuery,
} from './match-queries';
import type { MatcherMetrics } from './metrics';
import type { ArticleFacts } from './prefilter';
import { readFacts } from './read-facts';
import type { SavedSearchStore } from './store';

/** An article that just became searchable, and the index it was written to. */
export interface SearchableArticle {
  id: string;
  index: string;
}

/** An article to match, when it became searchable, and what is known of it without asking Meilisearch. */
export interface MatchArticle extends SearchableArticle {
  searchableAt: number;
  /**
   * Its filterable values and text (prefilter.ts) rule out the
   * searches that cannot match it, which are then not asked. Without them
   * every search is asked about the article.
   */
  facts?: ArticleFacts;
}

/** Some of a run's queries failed (Meilisearch down, an index gone): the rest's alerts were made. */
export class MatchSearchError extends Error {
  override name = 'MatchSearchError';
}

/**
 * Queries per multi-search request. Meilisearch runs the queries of one
 * request one after another, each at a fixed cost of about 0.3 ms on the
 * bench machine whatever the chunk (measured from 25 to 1,000 queries a
 * request: docs/alerts.md), so chunks bound the request and answer sizes and
 * what one failure costs, not the time.
 */
export const DEFAULT_CHUNK_SIZE = 500;
/**
 * A run starts no sooner than this after the previous one started; batches
 * made searchable meanwhile are matched together. Every run costs
 * Meilisearch one query per saved search however small the batch, so this
 * bounds that load (1,000 searches: about 0.3 s of a core per second) at the
 * price of up to this much delay.
 */
export const DEFAULT_MIN_INTERVAL_MS = 1000;
/**
 * Articles matched in one run at most. Every query of a run carries all of
 * the run's ids, and Meilisearch's cost per query grows with them (measured:
 * 1,000 queries take 0.2 s with 10 ids, 0.46 s with 100, 3 s with 1,000), so
 * a run that fell behind must not grow with its backlog, or each run would be
 * slower than the last; the rest waits for the next runs.
 */
const MAX_RUN_ARTICLES = 100;
/** How often expired ad-hoc stream searches are swept (an API that died leaves them). */
const SWEEP_EVERY_MS = 60_000;

export interface AlertMatcherOptions {
  store: SavedSearchStore;
  /** Where the batch was written: the partitions, and the instance that owns each. */
  archive: Archive;
  /** The Meilisearch that holds an index: the archive's owner of it (undefined: the only instance). */
  pool: (owner: string | undefined) => SearchPool;
  /** Webhook jobs go on its `webhooks` queue. */
  queues: Queues;
  metrics: MatcherMetrics;
  logger: Logger;
  chunkSize?: number;
  minIntervalMs?: number;
  now?: () => number;
}

interface PendingArticle extends MatchArticle {
  /** Called once the article's run ended, with its failure if it failed. */
  settle: (failure?: Error) => void;
}

interface Hit {
  plan: MatchPlan;
  index: string;
  owner: string | undefined;
  article: AlertArticle;
  feedId?: string;
}

/**
 * Matches every saved search (and every live ad-hoc stream) against the
 * batches the indexer makes searchable, and turns matches into alerts.
 *
 * One run: for every search, one query per partition the batch was written
 * to, carrying the search's `q` and filters as `/v1/search` builds them plus
 * `id IN [the batch's ids there]`, sent as Meilisearch multi-searches
 * (federation off: one answer per query) to the instance owning each
 * partition, in chunks. So Meilisearch's own rules decide what matches, and
 * only the batch can match: an older article that matches the search never
 * alerts when a new batch arrives. The hits' snippets come from a second,
 * small multi-search. Each hit becomes an alert for its story unless the
 * story alerted for that search before (store.ts, once per story: a
 * syndicated copy, indexed later under the same story, does not alert
 * again); new alerts are logged for the Atom feed, published to live streams
 * and queued for each webhook.
 *
 * Batches are handed over by the matcher service's queue worker
 * ({@link searchable}): runs happen one at a time in the background, at most
 * one per `minIntervalMs`, each taking every batch handed over meanwhile, so
 * a burst of small batches costs one query per search, not one per batch.
 * A run first reads its articles' facts back from Meilisearch (read-facts.ts).
 * A run whose queries failed rejects its batches (they are retried by the
 * queue; what did match was recorded, and a story alerts once).
 */
export class AlertMatcher {
  private pending: Array<PendingArticle> = [];
  private running: Promise<void> | undefined;
  private cache: { version: string; plans: MatchPlan[] } | undefined;
  private lastRun = Number.NEGATIVE_INFINITY;
  private lastSweep = 0;
  private readonly chunkSize: number;
  private readonly minIntervalMs: number;
  private readonly now: () => number;

  constructor(private readonly options: AlertMatcherOptions) {
    this.chunkSize = options.chunkSize ?? DEFAULT_CHUNK_SIZE;
    this.minIntervalMs = options.minIntervalMs ?? DEFAULT_MIN_INTERVAL_MS;
    this.now = options.now ?? Date.now;
  }

  /**
   * A batch became searchable at `searchableAt` (ms): match it in the next
   * run. Resolves once it has been matched; rejects when its run failed.
   */
  searchable(articles: SearchableArticle[], searchableAt: number = this.now()): Promise<void> {
    if (articles.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      let left = articles.length;
      let failed: Error | undefined;
      const settle = (failure?: Error) => {
        failed ??= failure;
        if (--left > 0) return;
        if (failed) reject(failed);
        else resolve();
      };
      for (const { id, index } of articles) this.pending.push({ id, index, searchableAt, settle });
      this.kick();
    });
  }

  /** Resolves when every batch handed over so far has been matched (for shutdown and tests). */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }

  private kick(): void {
    if (this.running) return;
    this.running = this.loop().finally(() => {
      this.running = undefined;
      // Handed over between the loop's last look and now: another round.
      if (this.pending.length > 0) this.kick();
    });
  }

  private async loop(): Promise<void> {
    while (this.pending.length > 0) {
      // Batches that arrive during the wait join this run.
      const wait = this.lastRun + this.minIntervalMs - performance.now();
      if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      this.lastRun = performance.now();
      const run = this.pending.splice(0, MAX_RUN_ARTICLES);
      let failure: Error | undefined;
      try {
        await this.match(await this.withFacts(run));
      } catch (err) {
        // Whatever failed (Meilisearch, Redis, a bug), the next batches are still matched.
        failure = err as Error;
        if (!(err instanceof MatchSearchError)) this.options.metrics.errors.inc({ reason: 'record' });
        this.options.logger.warn({ err: failure.message }, 'saved-search matching failed');
      }
      for (const article of run) article.settle(failure);
    }
  }

  /**
   * The run's articles with their facts, read back from Meilisearch; none
   * while no search is saved (they would be work for nothing: should one be
   * saved meanwhile, its first run asks about every article), nor for those
   * whose index could not be read (logged and counted; every search is asked).
   */
  private async withFacts(run: PendingArticle[]): Promise<MatchArticle[]> {
    if (this.cache !== undefined && this.cache.plans.length === 0) return run;
    const { facts, failures } = await readFacts(run, this.options.archive, this.options.pool);
    for (const err of failures)
      this.failed(
        err,
        run.length,
        'could not read articles back for matching; every search is asked about them',
        'read',
      );
    return run.map((article) => ({ ...article, facts: facts.get(article.id) }));
  }

  /**
   * Match articles now; resolves to the alerts made. A chunk of queries
   * Meilisearch fails is logged and counted, the others' alerts are made,
   * then it rejects with a {@link MatchSearchError}; a Redis failure while
   * recording rejects.
   */
  async match(articles: MatchArticle[]): Promise<Alert[]> {
    const started = performance.now();
    const { metrics, logger } = this.options;
    const plans = await this.plans();
    if (plans.length === 0 || articles.length === 0) {
      metrics.duration.observe((performance.now() - started) / 1000);
      return [];
    }
    const { hits, failedQueries } = await this.search(plans, articles);
    const snippets = await this.snippets(hits);
    const searchableAt = new Map(articles.map((a) => [a.id, a.searchableAt]));
    const matchedAt = new Date(this.now()).toISOString();
    const made = await this.options.store.record(
      hits.map(({ plan, index, article }) => ({
        alert: {
          id: alertIdFor(plan.search.id, article.id),
          savedSearchId: plan.search.id,
          article: { ...article, snippet: snippets.get(snippetKey(plan, index, article.id)) ?? '' },
          searchableAt: new Date(searchableAt.get(article.id) ?? this.now()).toISOString(),
          matchedAt,
        },
        storyId: article.storyId,
        transient: plan.search.transient === true,
      })),
    );
    metrics.matched.inc(made.length);
    await this.queueWebhooks(plans, made, new Map(hits.map((h) => [h.article.id, h.feedId])));
    const seconds = (performance.now() - started) / 1000;
    metrics.duration.observe(seconds);
    if (failedQueries > 0)
      throw new MatchSearchError(
        `${failedQueries} saved-search queries failed; the others' ${made.length} alerts were made`,
      );
    if (made.length > 0)
      logger.info(
        {
          alerts: made.length,
          articles: articles.length,
          saved_searches: plans.length,
          duration_ms: Math.round(seconds * 1000),
        },
        'saved searches matched',
      );
    return made;
  }

  /**
   * Every (search, matching article) of the batch, from one query per search
   * and partition, restricted to the articles there the search could match
   * (`couldMatch`: its filters and leading phrase); a search that could
   * match none of them there is not asked.
   */
  private async search(
    plans: MatchPlan[],
    articles: MatchArticle[],
  ): Promise<{ hits: Hit[]; failedQueries: number }> {
    const { archive } = this.options;
    const byIndex = new Map<string, MatchArticle[]>();
    for (const article of articles) {
      const list = byIndex.get(article.index);
      if (list) list.push(article);
      else byIndex.set(article.index, [article]);
    }
    // An article is tested against the searches limited to its source and those that take any:
    // most watch lists name their sources, and a batch holds few of them.
    const bySource = new Map<string, MatchPlan[]>();
    const anySource: MatchPlan[] = [];
    for (const plan of plans) {
      if (!plan.sources) anySource.push(plan);
      else
        for (const source of plan.sources) {
          const group = bySource.get(source);
          if (group) group.push(plan);
          else bySource.set(source, [plan]);
        }
    }
    // Each partition is asked of the instance that owns it, in requests of its own: a partition
    // gone (retention dropped it) then fails its own queries only.
    const perIndex: Array<{
      owner: string | undefined;
      index: string;
      queries: Array<{ plan: MatchPlan; tail: string }>;
    }> = [];
    let skipped = 0;
    for (const [index, list] of byIndex) {
      const idsOf = new Map<MatchPlan, string[]>();
      for (const article of list) {
        const { facts } = article;
        const candidates = facts ? [bySource.get(facts.source) ?? [], anySource] : [plans];
        for (const group of candidates)
          for (const plan of group) {
            if (!plan.couldMatch(facts)) continue;
            const ids = idsOf.get(plan);
            if (ids) ids.push(article.id);
            else idsOf.set(plan, [article.id]);
          }
      }
      // Searches that could match the same articles share one restriction.
      const tails = new Map<string, string>();
      const queries: Array<{ plan: MatchPlan; tail: string }> = [];
      for (const plan of plans) {
        const ids = idsOf.get(plan);
        if (!ids) {
          skipped++;
          continue;
        }
        const key = ids.join();
        let tail = tails.get(key);
        if (tail === undefined) {
          tail = restrictionTail(index, ids);
          tails.set(key, tail);
        }
        queries.push({ plan, tail });
      }
      perIndex.push({ owner: archive.ownerOf(index), index, queries });
    }
    this.options.metrics.queries.inc({ outcome: 'skipped' }, skipped);
    this.options.metrics.queries.inc(
      { outcome: 'sent' },
      perIndex.reduce((sum, { queries }) => sum + queries.length, 0),
    );
    const hits: Hit[] = [];
    let failedQueries = 0;
    for (const { owner, index, queries } of perIndex) {
      for (let at = 0; at < queries.length; at += this.chunkSize) {
        const chunk = queries.slice(at, at + this.chunkSize);
        const body = `{"queries":[${chunk.map((c) => matchQuery(c.plan, c.tail)).join(',')}]}`;
        try {
          const { results } = await this.options.pool(owner).multiSearch(body);
          for (const [i, result] of results.entries()) {
            for (const hit of result.hits) {
              const article = alertArticle(hit);
              const feedId = typeof hit.feedId === 'string' ? hit.feedId : undefined;
              if (article) hits.push({ plan: chunk[i]!.plan, index, owner, article, feedId });
            }
          }
        } catch (err) {
          if (refused(err)) {
            this.failed(
              err,
              chunk.length,
              `Meilisearch refused the saved searches' queries on ${index}; not retried`,
            );
            continue;
          }
          failedQueries += chunk.length;
          this.failed(
            err,
            chunk.length,
            'a saved-search multi-search failed; the batch will be matched again',
          );
        }
      }
    }
    return { hits, failedQueries };
  }

  /**
   * The hits' snippets: the search's own crop and highlight, as a search
   * makes them, from one small multi-search over the hits alone. Without
   * them (that search failed) the alerts go out with an empty snippet.
   */
  private async snippets(hits: Hit[]): Promise<Map<string, string>> {
    const groups = new Map<
      string,
      { plan: MatchPlan; index: string; owner: string | undefined; ids: string[] }
    >();
    for (const { plan, index, owner, article } of hits) {
      const key = snippetKey(plan, index, '');
      const group = groups.get(key) ?? { plan, index, owner, ids: [] };
      group.ids.push(article.id);
      groups.set(key, group);
    }
    const byOwner = new Map<string | undefined, Array<{ plan: MatchPlan; index: string; ids: string[] }>>();
    for (const group of groups.values())
      byOwner.set(group.owner, [...(byOwner.get(group.owner) ?? []), group]);
    const snippets = new Map<string, string>();
    for (const [owner, queries] of byOwner) {
      for (let at = 0; at < queries.length; at += this.chunkSize) {
        const chunk = queries.slice(at, at + this.chunkSize);
        try {
          const { results } = await this.options
            .pool(owner)
            .multiSearch(JSON.stringify({ queries: chunk.map((q) => snippetQuery(q.plan, q.index, q.ids)) }));
          for (const [i, result] of results.entries()) {
            const { plan, index } = chunk[i]!;
            for (const hit of result.hits) {
              const text = (hit._formatted as { text?: unknown } | undefined)?.text;
              snippets.set(snippetKey(plan, index, String(hit.id)), toSnippet(String(text ?? '')));
            }
          }
        } catch (err) {
          this.failed(
            err,
            chunk.length,
            'the snippets of some alerts could not be made; they go out without',
          );
        }
      }
    }
    return snippets;
  }

  private failed(err: unknown, queries: number, message: string, reason = 'search'): void {
    this.options.metrics.errors.inc({ reason });
    this.options.logger.warn({ err: (err as Error).message, queries }, message);
  }

  private async queueWebhooks(
    plans: MatchPlan[],
    alerts: Alert[],
    feeds: Map<string, string | undefined>,
  ): Promise<void> {
    const channels = new Map(plans.map((p) => [p.search.id, p.search.channels]));
    const jobs: DeliverWebhookPayload[] = alerts.flatMap((alert) =>
      (channels.get(alert.savedSearchId) ?? []).map((channel) => ({
        channelId: channel.id,
        alert,
        feedId: feeds.get(alert.article.id),
      })),
    );
    if (jobs.length === 0) return;
    try {
      await this.options.queues.addBulk('deliverWebhook', jobs);
    } catch (err) {
      this.options.metrics.errors.inc({ reason: 'queue' });
      this.options.logger.warn(
        { err: (err as Error).message, jobs: jobs.length },
        'could not queue webhook deliveries; these alerts reach their feed and streams only',
      );
    }
  }

  /** The searches to match, their plans made again when any changed; ad-hoc streams' only while they live. */
  private async plans(): Promise<MatchPlan[]> {
    const { store, metrics } = this.options;
    const now = this.now();
    // The version is read before the searches: a change in between is loaded again next time.
    const [version, live] = await Promise.all([store.version(), store.liveTransient(now)]);
    if (this.cache?.version !== version) {
      const searches = await store.loadAll(now);
      this.cache = { version, plans: searches.map(matchPlan) };
    }
    if (now - this.lastSweep > SWEEP_EVERY_MS) {
      this.lastSweep = now;
      store
        .sweepTransient(now)
        .catch((err: Error) =>
          this.options.logger.warn({ err: err.message }, 'could not sweep expired stream searches'),
        );
    }
    const plans = this.cache.plans.filter((p) => !p.search.transient || live.has(p.search.id));
    const streams = plans.filter((p) => p.search.transient).length;
    metrics.savedSearches.set({ kind: 'saved' }, plans.length - streams);
    metrics.savedSearches.set({ kind: 'stream' }, streams);
    return plans;
  }
}

/**
 * Whether Meilisearch refused the queries themselves (their index is gone, a
 * parameter it does not take): asking again cannot help. A refused key or
 * Meilisearch failing is worth asking again, and an operator can fix it.
 */
function refused(err: unknown): boolean {
  const code = err instanceof SearchError ? err.code : undefined;
  return code === 'index_not_found' || (code?.startsWith('invalid_') === true && code !== 'invalid_api_key');
}

const snippetKey = (plan: MatchPlan, index: string, id: string) =>
  `${plan.search.id}\u0000${index}\u0000${id}`;
