/**
 * bench:scale — what happens as the archive grows, one index against the
 * tiered partitions (MEILI_PARTITIONS=none|tiered; BENCH_LAYOUTS).
 *
 * For each layout, one Meilisearch on disk; at each size of BENCH_SIZES:
 *
 *  0. preload the archive to the size (generated articles, `corpus.ts`,
 *     spread over the year before today, batches of 5,000, not timed), each
 *     where the layout puts it;
 *  1. index-only ingest: BENCH_DOCS new articles of today indexed as the
 *     indexer does (`indexArticles`: routing, the stray check, one batch of
 *     BENCH_BATCH at a time, each waited for) — the part that grows with
 *     the archive;
 *  2. end to end: the real poller, parser and indexer processes against a
 *     local newsroom: BENCH_E2E_ARTICLES published articles from the first
 *     poll until all are searchable (articles/s), then BENCH_RATE new
 *     articles a second for BENCH_FRESHNESS_SECONDS (discovered → searchable
 *     p50/p99, from the services' own outcome lines);
 *  3. search through the API process: BENCH_QUERIES searches of a
 *     `bench:search`-like mix over HTTP, p50/p99;
 *  4. Meilisearch's disk and resident memory per 100,000 documents.
 *
 * Writes bench-report/scale.{json,md}. Not a test.
 *
 *   pnpm bench:scale
 *   BENCH_SIZES=0,100000,250000,500000 pnpm bench:scale
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { feedIdFor } from '@tidings/contracts';
import { FeedRegistry } from '@tidings/feed-state';
import { createRedis, Queues } from '@tidings/queue';
import {
  Archive,
  archiveKeyIndexes,
  createMeiliClient,
  ensureSearchKey,
  indexArticles,
  type PartitionScheme,
  waitForSuccess,
} from '@tidings/search';
import { freePort, type RunningServer, ServiceProcess, startMeilisearch } from '@tidings/servers';
import { startNewsroom, startTestRedis, TEST_MEILI_KEY, waitFor } from '@tidings/testing';
import { article, EN_WORDS, KO_WORDS, pick, SOURCES } from './corpus';
import { followedService, lagsSeconds, OutcomeLog, publishAtRate, quantile } from './pipeline-harness';
import { preload } from './preload';
import { rssMiB } from './proc-stats';
import { writeReport } from './report';
import { envFor, serviceEnv } from './service-env';

const SIZES = (process.env.BENCH_SIZES ?? '0,20000,50000').split(',').map(Number);
const DOCS = Number(process.env.BENCH_DOCS ?? 3000);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const LAYOUTS = (process.env.BENCH_LAYOUTS ?? 'none,tiered').split(',') as PartitionScheme[];
const E2E_ARTICLES = Number(process.env.BENCH_E2E_ARTICLES ?? 2000);
const RATE = Number(process.env.BENCH_RATE ?? 20);
const FRESHNESS_SECONDS = Number(process.env.BENCH_FRESHNESS_SECONDS ?? 60);
const FEEDS = 100;
const DAY_MS = 86_400_000;
const INDEX = 'articles';

const round = (n: number, digits = 1) => Number(n.toFixed(digits));
const p50p99 = (sorted: number[], digits = 1) => ({
  p50: round(quantile(sorted, 0.5), digits),
  p99: round(quantile(sorted, 0.99), digits),
});

/** A query mix like bench:search's: words, Korean, sorting, a date range, facets, paging. */
const QUERY_KINDS: Record<string, () => Record<string, string>> = {
  'one word': () => ({ q: pick(EN_WORDS) }),
  'two words': () => ({ q: `${pick(EN_WORDS)} ${pick(EN_WORDS)}` }),
  Korean: () => ({ q: pick(KO_WORDS) }),
  'a source, recent first': () => ({ q: '', source: pick(SOURCES), sort: 'recent' }),
  'last week, recent first': () => ({
    q: pick(EN_WORDS),
    from: new Date(Date.now() - 7 * DAY_MS).toISOString().slice(0, 10),
    sort: 'recent',
  }),
  'with the day facet': () => ({ q: pick(EN_WORDS), facets: 'source,language,day' }),
  'page 3': () => ({ q: pick(EN_WORDS), offset: '40', limit: '20' }),
};

interface Row {
  layout: PartitionScheme;
  documentsBefore: number;
  indexes: number;
  indexOnly: { docsPerSecond: number; batchMs: { p50: number; p99: number } };
  endToEnd: {
    articlesPerSecond: number;
    freshnessArticles: number;
    notSearchableAfter60s: number;
    discoveredToSearchableS: { p50: number; p99: number };
  };
  /** Through the API, and per kind of query: the whole round trip, and Meilisearch's own processing time. */
  apiSearchMs: {
    p50: number;
    p99: number;
    byKind: Record<string, { p50: number; p99: number; meiliP50: number }>;
  };
  /** Meilisearch's database on disk, the part of it in use, and its resident memory, after the row's work. */
  databaseBytes: number;
  usedDatabaseBytes: number;
  meiliRssMiB: number;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-scale-'));
  const meiliUrl = `http://127.0.0.1:${await freePort()}`;
  // On disk, as in production (and the disk figures are real).
  const meili: RunningServer = await startMeilisearch({
    url: meiliUrl,
    dir: join(dir, 'meili'),
    masterKey: TEST_MEILI_KEY,
  });
  const redis = await startTestRedis();
  const client = createMeiliClient(meiliUrl, TEST_MEILI_KEY);
  const searchKey = await ensureSearchKey(client, archiveKeyIndexes(INDEX));
  const rows: Row[] = [];
  const now = Date.now();
  let n = 0;
  try {
    for (const layout of LAYOUTS) {
      const archive = new Archive(client, INDEX, layout);
      await archive.prepare();
      let held = 0;
      for (const size of SIZES) {
        held = await preload(client, archive, held, size, now, () => n++);
        const indexOnly = await timeIndexOnly(client, archive, now, () => n++);
        held += DOCS;
        const endToEnd = await runPipeline(redis.url, meiliUrl, layout);
        held += endToEnd.articles;
        const apiSearchMs = await timeApiSearch(redis.url, meiliUrl, searchKey, layout);
        archive.forget();
        const stats = await client.getStats();
        const row: Row = {
          layout,
          documentsBefore: size,
          indexes: (await archive.indexes()).length,
          indexOnly,
          endToEnd: endToEnd.result,
          apiSearchMs,
          databaseBytes: stats.databaseSize,
          usedDatabaseBytes: stats.usedDatabaseSize ?? stats.databaseSize,
          meiliRssMiB: round(rssMiB(meili.pid) ?? 0),
        };
        rows.push(row);
        console.log(JSON.stringify(row));
      }
      // The next layout starts from an empty instance, so its disk figures are its own.
      for (const uid of await archive.indexes())
        await waitForSuccess(client, (await client.deleteIndex(uid)).taskUid, 'cleanup');
    }
  } finally {
    await Promise.all([meili.stop(), redis.stop()]);
    rmSync(dir, { recursive: true, force: true });
  }
  report(rows);
}

/** DOCS articles of the last day, in batches of BATCH each waited for, as the indexer sends them. */
async function timeIndexOnly(
  client: ReturnType<typeof createMeiliClient>,
  archive: Archive,
  now: number,
  next: () => number,
): Promise<Row['indexOnly']> {
  const batchMs: number[] = [];
  const started = performance.now();
  for (let done = 0; done < DOCS; done += BATCH) {
    const batch = Array.from({ length: Math.min(BATCH, DOCS - done) }, () =>
      article(next(), new Date(now - Math.floor(Math.random() * DAY_MS)).toISOString()),
    );
    const t = performance.now();
    await indexArticles(client, archive, batch);
    batchMs.push(performance.now() - t);
  }
  const docsPerSecond = DOCS / ((performance.now() - started) / 1000);
  return {
    docsPerSecond: round(docsPerSecond),
    batchMs: p50p99(
      batchMs.sort((a, b) => a - b),
      0,
    ),
  };
}

/**
 * The whole pipeline on the archive as it is: a fresh Redis state and a
 * newsroom with E2E_ARTICLES published, then RATE a second.
 */
async function runPipeline(
  redisUrl: string,
  meiliUrl: string,
  layout: PartitionScheme,
): Promise<{ articles: number; result: Row['endToEnd'] }> {
  const redis = createRedis(redisUrl, 'bench');
  await redis.flushall();
  const newsroom = await startNewsroom({
    sites: 50,
    hosts: 50,
    feeds: FEEDS,
    articles: E2E_ARTICLES,
    startMs: Math.floor(Date.now() / 1000) * 1000,
    liveClock: true,
  });
  const log = new OutcomeLog();
  const env = serviceEnv(redisUrl, meiliUrl, TEST_MEILI_KEY, {
    LOG_LEVEL: 'info',
    MEILI_INDEX: INDEX,
    MEILI_PARTITIONS: layout,
  });
  let failed: Error | undefined;
  const services = (['matcher', 'indexer', 'parser', 'poller'] as const).map((name) =>
    followedService(name, envFor(name, env), log, {
      onUnexpectedExit: () => {
        failed = new Error(`${name} exited during the run`);
      },
    }),
  );
  try {
    for (const s of services) s.start();
    const registry = new FeedRegistry(redis, new Queues(redis, 'tidings'), 'tidings');
    const addedAt = Date.now();
    for (const { url } of newsroom.feeds)
      await registry.register({ id: feedIdFor(url), url, intervalSeconds: 2, defaultIntervalSeconds: 2 });
    await waitFor(
      () => {
        if (failed) throw failed;
        return log.searchable.size >= E2E_ARTICLES;
      },
      { timeoutMs: 30 * 60_000, intervalMs: 200, what: 'every newsroom article to be searchable' },
    );
    const articlesPerSecond = E2E_ARTICLES / ((Date.now() - (log.firstPollAt ?? addedAt)) / 1000);

    const published = await publishAtRate(newsroom, RATE, FRESHNESS_SECONDS);
    // At most a minute more: what is still missing then counts as a lag beyond the measure.
    await waitFor(() => [...published.keys()].every((id) => log.searchable.has(id)), {
      timeoutMs: 60_000,
      intervalMs: 200,
    }).catch(() => undefined);
    const lags = lagsSeconds(
      published.keys(),
      (id) => log.discovered.get(id),
      (id) => log.searchable.get(id),
    );
    const missing = [...published.keys()].filter((id) => !log.searchable.has(id)).length;
    return {
      articles: E2E_ARTICLES + published.size,
      result: {
        articlesPerSecond: round(articlesPerSecond),
        freshnessArticles: published.size,
        notSearchableAfter60s: missing,
        discoveredToSearchableS: p50p99(lags, 2),
      },
    };
  } finally {
    await Promise.all(services.map((s) => s.stop()));
    await newsroom.close();
    redis.disconnect();
  }
}

/** QUERIES searches over HTTP through the API process, with a search-only key, as in production. */
async function timeApiSearch(
  redisUrl: string,
  meiliUrl: string,
  searchKey: string,
  layout: PartitionScheme,
): Promise<Row['apiSearchMs']> {
  const port = await freePort();
  const api = new ServiceProcess('api', {
    env: {
      PATH: process.env.PATH,
      REDIS_URL: redisUrl,
      MEILI_URL: meiliUrl,
      MEILI_SEARCH_KEY: searchKey,
      MEILI_INDEX: INDEX,
      MEILI_PARTITIONS: layout,
      API_PORT: String(port),
      LOG_LEVEL: 'warn',
    },
  });
  api.start();
  try {
    const base = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${base}/readyz`)).ok, { timeoutMs: 30_000, what: 'the API' });
    const ms: number[] = [];
    const byKind = new Map<string, { ms: number[]; meili: number[] }>();
    const kinds = Object.keys(QUERY_KINDS);
    for (let i = 0; i < QUERIES + 20; i++) {
      const kind = pick(kinds);
      const params = new URLSearchParams(QUERY_KINDS[kind]!());
      const t = performance.now();
      const res = await fetch(`${base}/v1/search?${params}`);
      const body = (await res.json()) as { hits?: unknown; processingTimeMs?: number };
      if (!res.ok || !Array.isArray(body.hits))
        throw new Error(`API error for ${params}: ${res.status} ${JSON.stringify(body)}`);
      if (i < 20) continue; // the first ones warm up
      const took = performance.now() - t;
      ms.push(took);
      const k = byKind.get(kind) ?? { ms: [], meili: [] };
      k.ms.push(took);
      k.meili.push(body.processingTimeMs ?? 0);
      byKind.set(kind, k);
    }
    const sorted = (xs: number[]) => xs.sort((a, b) => a - b);
    return {
      ...p50p99(sorted(ms)),
      byKind: Object.fromEntries(
        [...byKind].map(([kind, k]) => [
          kind,
          { ...p50p99(sorted(k.ms)), meiliP50: round(quantile(sorted(k.meili), 0.5)) },
        ]),
      ),
    };
  } finally {
    await api.stop();
  }
}

function report(rows: Row[]): void {
  const per100k = (bytes: number, docs: number) =>
    docs > 0 ? `${(((bytes / docs) * 100_000) / 1e9).toFixed(2)} GB` : '—';
  writeReport(
    'scale',
    `bench:scale — per archive size: ${DOCS} articles index-only (batches of ${BATCH}), the whole pipeline (${E2E_ARTICLES} articles, then ${RATE}/s for ${FRESHNESS_SECONDS} s), ${QUERIES} searches through the API; single index vs tiered partitions`,
    rows.map((r) => {
      const docs = r.documentsBefore + DOCS;
      return [
        `${r.layout === 'none' ? 'single index' : `${r.layout} partitions (${r.indexes} indexes)`}, ${r.documentsBefore} documents before`,
        `index-only ${r.indexOnly.docsPerSecond} docs/s (batch ms p50 ${r.indexOnly.batchMs.p50} p99 ${r.indexOnly.batchMs.p99}); ` +
          `end to end ${r.endToEnd.articlesPerSecond} articles/s; at ${RATE}/s discovered → searchable p50 ${r.endToEnd.discoveredToSearchableS.p50} s p99 ${r.endToEnd.discoveredToSearchableS.p99} s (${r.endToEnd.notSearchableAfter60s} late); ` +
          `API search ms p50 ${r.apiSearchMs.p50} p99 ${r.apiSearchMs.p99} (${Object.entries(
            r.apiSearchMs.byKind,
          )
            .map(([kind, k]) => `${kind} ${k.p50}/${k.p99}, Meilisearch ${k.meiliP50}`)
            .join('; ')}); ` +
          `disk ${per100k(r.databaseBytes, docs)} per 100k (${per100k(r.usedDatabaseBytes, docs)} in use), Meilisearch RSS ${r.meiliRssMiB} MiB`,
      ];
    }),
    {
      sizes: SIZES,
      docs: DOCS,
      batch: BATCH,
      queries: QUERIES,
      e2eArticles: E2E_ARTICLES,
      rate: RATE,
      freshnessSeconds: FRESHNESS_SECONDS,
      rows,
    },
  );
}

await main();
