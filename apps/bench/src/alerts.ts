/**
 * bench:alerts — what saved searches cost the pipeline, and how soon their
 * alerts arrive.
 *
 * The real poller, parser, indexer, matcher and API processes (the matcher
 * matches each batch the indexer queues; the API sends the webhooks) against a local newsroom (tiered partitions, the default), a
 * local webhook receiver in this process:
 *
 *  0. warm-up: BENCH_ARTICLES published articles, all made searchable;
 *  1. without saved searches: BENCH_RATE new articles a second for
 *     BENCH_SECONDS, until all are searchable; the CPU time each process used;
 *  2. BENCH_SAVED_SEARCHES saved searches, each with a webhook to the
 *     receiver (made through the store the API uses, words and filters taken
 *     from the newsroom's own titles and sources), then the same load again;
 *  3. the saved searches deleted, the same load a third time: the pipeline
 *     costs more as the index grows (with no saved search at all, a second
 *     run cost the indexer 14 % and Meilisearch 41 % more than the first),
 *     so "without" is the mean of runs 1 and 3, on either side of run 2;
 *  4. with the pipeline stopped, the matching's multi-search alone: every
 *     saved search against a batch of BENCH_CHUNK_BATCH recent articles, in
 *     chunks of 25 to 1,000 queries a request (what DEFAULT_CHUNK_SIZE was
 *     chosen from): ms per batch, Meilisearch's CPU and the client's;
 *  5. the receiver checks every signature and notes when each alert came:
 *     searchable → delivered (the `searchableAt` the indexer stamps when the
 *     batch's task succeeded, to the POST's arrival), p50/p99; and the
 *     indexer's extra CPU time per article, with against without (target
 *     ≤ 20 %), beside the matcher's (which does the matching), Meilisearch's
 *     and Redis's (its searches and recording) and the API's (which sends
 *     the webhooks); and the indexer's and matcher's extra together, against
 *     the indexer's without, what matching would cost inside the indexer.
 *
 * Writes bench-report/alerts.{json,md}. Not a test. Run it alone.
 *
 *   pnpm bench:alerts
 *   BENCH_SAVED_SEARCHES=2000 BENCH_SECONDS=120 pnpm bench:alerts
 *   BENCH_CPU_PROFILE=matcher pnpm bench:alerts   # bench-report/profiles/*.cpuprofile
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  matchPlan,
  matchQuery,
  restrictionTail,
  SavedSearchStore,
  SIGNATURE_HEADER,
  type StoredSavedSearch,
  verifyWebhook,
  type WebhookBody,
} from '@tidings/alerts';
import { feedIdFor } from '@tidings/contracts';
import { FeedRegistry } from '@tidings/feed-state';
import { createRedis, Queues } from '@tidings/queue';
import { Archive, createMeiliClient, SearchPool } from '@tidings/search';
import {
  freePort,
  type RunningServer,
  type ServiceName,
  startMeilisearch,
  startRedis,
} from '@tidings/servers';
import { startNewsroom, TEST_MEILI_KEY, waitFor } from '@tidings/testing';
import { savedSearches } from './alerts-mix';
import { followedService, lagsSeconds, OutcomeLog, publishAtRate, quantile } from './pipeline-harness';
import { cpuDelta, cpuSeconds, cpuSnapshot } from './proc-stats';
import { metricSum, REPORT_DIR, writeReport } from './report';
import { envFor, serviceEnv } from './service-env';

const SAVED = Number(process.env.BENCH_SAVED_SEARCHES ?? 1000);
const RATE = Number(process.env.BENCH_RATE ?? 20);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 400);
const CHUNK_BATCH = Number(process.env.BENCH_CHUNK_BATCH ?? 10);
const CHUNK_SIZES = [25, 50, 100, 250, 500, 1000];
/** Services to run under `node --cpu-prof`, comma-separated (their profiles land in bench-report/profiles/). */
const PROFILED = new Set((process.env.BENCH_CPU_PROFILE ?? '').split(',').filter(Boolean));
const SITES = 20;
const FEEDS = 40;
const PREFIX = 'tidings';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number, digits = 2) => Number(n.toFixed(digits));
const p50p99 = (sorted: number[]) => ({
  p50: round(quantile(sorted, 0.5)),
  p99: round(quantile(sorted, 0.99)),
  max: round(sorted.at(-1) ?? Number.NaN),
});

/** What the receiver saw of one alert: its first delivery. */
interface Delivery {
  savedSearchId: string;
  searchableAt: number;
  matchedAt: number;
  receivedAt: number;
}

/** The local webhook receiver: checks each signature with the secret the bench gave the search's channel. */
async function startReceiver(secretOf: (savedSearchId: string) => string | undefined) {
  const deliveries = new Map<string, Delivery>();
  let requests = 0;
  let badSignatures = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const receivedAt = Date.now();
      requests++;
      const body = Buffer.concat(chunks).toString();
      const alert = JSON.parse(body) as WebhookBody;
      const secret = secretOf(alert.savedSearch.id);
      if (!secret || !verifyWebhook(secret, body, String(req.headers[SIGNATURE_HEADER] ?? '')))
        badSignatures++;
      if (!deliveries.has(alert.id))
        deliveries.set(alert.id, {
          savedSearchId: alert.savedSearch.id,
          searchableAt: Date.parse(alert.searchableAt),
          matchedAt: Date.parse(alert.matchedAt),
          receivedAt,
        });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    deliveries,
    counts: () => ({ requests, badSignatures }),
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-bench-alerts-'));
  const [redisPort, meiliPort, metricsPort, apiPort] = await Promise.all([
    freePort(),
    freePort(),
    freePort(),
    freePort(),
  ]);
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  const meiliUrl = `http://127.0.0.1:${meiliPort}`;
  const redis: RunningServer = await startRedis({ url: redisUrl, dir: join(dir, 'redis'), durable: true });
  const meili: RunningServer = await startMeilisearch({
    url: meiliUrl,
    dir: join(dir, 'meili'),
    masterKey: TEST_MEILI_KEY,
  });
  const newsroom = await startNewsroom({
    sites: SITES,
    hosts: SITES,
    feeds: FEEDS,
    articles: ARTICLES,
    startMs: Math.floor(Date.now() / 1000) * 1000,
    liveClock: true,
  });
  const secrets = new Map<string, string>();
  const receiver = await startReceiver((id) => secrets.get(id));
  const log = new OutcomeLog();
  let failed: Error | undefined;
  const env = serviceEnv(redisUrl, meiliUrl, TEST_MEILI_KEY, {
    LOG_LEVEL: 'info',
    MEILI_PARTITIONS: 'tiered',
  });
  // The matcher's metrics are read at the end; the API sends the webhooks.
  const own: Partial<Record<ServiceName, NodeJS.ProcessEnv>> = {
    matcher: { METRICS_PORT: String(metricsPort) },
    api: { API_PORT: String(apiPort) },
  };
  const services = (['matcher', 'indexer', 'parser', 'poller', 'api'] as const).map((name) =>
    followedService(name, { ...envFor(name, env), ...own[name] }, log, {
      nodeArgs: PROFILED.has(name) ? ['--cpu-prof', `--cpu-prof-dir=${REPORT_DIR}profiles`] : [],
      onUnexpectedExit: () => {
        failed = new Error(`${name} exited during the run`);
      },
    }),
  );
  const client = createRedis(redisUrl, 'bench');
  try {
    for (const s of services) s.start();
    const pids = () => ({
      ...Object.fromEntries(services.map((s) => [s.name, s.pid])),
      meilisearch: meili.pid,
      redis: redis.pid,
    });
    const registry = new FeedRegistry(client, new Queues(client, PREFIX), PREFIX);
    for (const { url } of newsroom.feeds)
      await registry.register({ id: feedIdFor(url), url, intervalSeconds: 2, defaultIntervalSeconds: 2 });
    console.log(`${FEEDS} feeds on ${SITES} hosts: waiting for the ${ARTICLES} articles already published…`);
    await waitFor(
      () => {
        if (failed) throw failed;
        return log.searchable.size >= ARTICLES;
      },
      { timeoutMs: 20 * 60_000, intervalMs: 200, what: 'the warm-up articles to be searchable' },
    );
    await sleep(3000);

    /** RATE articles a second for SECONDS, until all are searchable; CPU seconds per process meanwhile. */
    const phase = async (label: string) => {
      console.log(`${label}: publishing ${RATE} articles/s for ${SECONDS} s…`);
      const before = cpuSnapshot(pids());
      const startedAt = Date.now();
      const published = await publishAtRate(newsroom, RATE, SECONDS);
      await waitFor(
        () => {
          if (failed) throw failed;
          return [...published.keys()].every((id) => log.searchable.has(id));
        },
        { timeoutMs: 120_000, intervalMs: 200, what: `${label}: every article searchable` },
      ).catch((err: Error) => console.warn(err.message));
      // The last batch's alerts: matched and delivered within a few seconds.
      await sleep(5000);
      const cpu = cpuDelta(before, cpuSnapshot(pids()));
      const lag = lagsSeconds(
        published.keys(),
        (id) => log.discovered.get(id),
        (id) => log.searchable.get(id),
      );
      const result = {
        articles: published.size,
        seconds: round((Date.now() - startedAt) / 1000, 1),
        cpuMsPerArticle: Object.fromEntries(
          Object.entries(cpu).map(([name, s]) => [name, round((s * 1000) / published.size)]),
        ),
        discoveredToSearchableS: p50p99(lag),
      };
      console.log(`  ${JSON.stringify(result)}`);
      return result;
    };

    const before = await phase('without saved searches');

    const store = new SavedSearchStore(client, PREFIX, { limit: SAVED });
    const samples = newsroom.articles.slice(0, ARTICLES).map((a) => ({
      text: `${a.title}\n${a.paragraphs.join('\n')}`,
      source: new URL(a.url).hostname.replace(/^www\./, ''),
      language: a.language,
    }));
    for (const input of savedSearches(samples, SAVED, receiver.url)) {
      const { search } = await store.create(input);
      secrets.set(search.id, search.channels[0]!.secret);
    }
    console.log(`${SAVED} saved searches, each with a webhook to ${receiver.url}`);
    const deliveredBefore = receiver.deliveries.size;
    const withSearches = await phase(`with ${SAVED} saved searches`);
    const deliveries = [...receiver.deliveries.values()].slice(deliveredBefore);
    const delay = deliveries.map((d) => (d.receivedAt - d.searchableAt) / 1000).sort((a, b) => a - b);
    const toMatched = deliveries.map((d) => (d.matchedAt - d.searchableAt) / 1000).sort((a, b) => a - b);
    const metrics = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    const apiMetrics = await (await fetch(`http://127.0.0.1:${apiPort}/metrics`)).text();
    const saved = await store.loadAll();
    for (const search of saved) await store.remove(search.id);
    const after = await phase('without saved searches again');
    for (const s of services) await s.stop();
    const without = meanPhase(before, after);
    const chunks = await timeChunks(
      meiliUrl,
      meili.pid,
      saved,
      [...log.searchable.keys()].slice(-CHUNK_BATCH),
    );
    const runs = metricSum(metrics, 'tidings_alert_match_duration_seconds_count');
    const matchSeconds = metricSum(metrics, 'tidings_alert_match_duration_seconds_sum');
    const cpu = (phase: Phase, name: string) => phase.cpuMsPerArticle[name] ?? 0;
    const extra = (name: string) => round((cpu(withSearches, name) / cpu(without, name) - 1) * 100, 1);
    // What the matching costs the indexer and the matcher together, against the indexer alone
    // without searches: the figure the indexer would show if it still matched in process.
    const matchingInProcess = round(
      ((cpu(withSearches, 'indexer') -
        cpu(without, 'indexer') +
        cpu(withSearches, 'matcher') -
        cpu(without, 'matcher')) /
        cpu(without, 'indexer')) *
        100,
      1,
    );
    const result = {
      setup: {
        savedSearches: SAVED,
        rate: RATE,
        seconds: SECONDS,
        warmUpArticles: ARTICLES,
        sites: SITES,
        feeds: FEEDS,
      },
      before,
      after,
      without,
      with: withSearches,
      alerts: {
        delivered: deliveries.length,
        perArticle: round(deliveries.length / withSearches.articles),
        savedSearchesThatAlerted: new Set(deliveries.map((d) => d.savedSearchId)).size,
        ...receiver.counts(),
        matchedTotal: metricSum(metrics, 'tidings_alerts_matched_total'),
        webhookFailures: metricSum(apiMetrics, 'tidings_alerts_failed_total'),
        matchErrors: metricSum(metrics, 'tidings_alert_match_errors_total'),
      },
      searchableToDeliveredS: p50p99(delay),
      searchableToMatchedS: p50p99(toMatched),
      matchRuns: {
        runs,
        meanMs: round((matchSeconds / Math.max(1, runs)) * 1000, 1),
        queriesSent: metricSum(metrics, 'tidings_alert_match_queries_total', /outcome="sent"/),
        queriesSkipped: metricSum(metrics, 'tidings_alert_match_queries_total', /outcome="skipped"/),
      },
      extraCpuPercent: {
        indexer: extra('indexer'),
        indexerAndMatcherOverIndexer: matchingInProcess,
        meilisearch: extra('meilisearch'),
        redis: extra('redis'),
        api: extra('api'),
      },
      chunks,
    };
    console.log(JSON.stringify(result, null, 2));
    report(result);
  } finally {
    await Promise.all(services.map((s) => s.stop()));
    client.disconnect();
    await Promise.all([meili.stop(), redis.stop(), newsroom.close(), receiver.close()]);
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Every saved search against one batch of `ids` (in this week's partition, where new articles
 * go), as the matcher sends it, in chunks of each size: wall time per batch and Meilisearch's
 * CPU time, the median of 5 rounds after a warm-up.
 */
async function timeChunks(meiliUrl: string, meiliPid: number, saved: StoredSavedSearch[], ids: string[]) {
  const archive = new Archive(createMeiliClient(meiliUrl, TEST_MEILI_KEY), 'articles', 'tiered');
  const index = archive.indexFor(Math.floor(Date.now() / 1000));
  const tail = restrictionTail(index, ids);
  const queries = saved.map((search) => matchQuery(matchPlan(search), tail));
  const pool = new SearchPool(meiliUrl, TEST_MEILI_KEY, 2);
  const rows: Array<{ chunk: number; requests: number; ms: number; meiliCpuMs: number; benchCpuMs: number }> =
    [];
  try {
    for (const size of CHUNK_SIZES) {
      const passes: Array<{ ms: number; cpu: number; own: number }> = [];
      for (let pass = 0; pass < 6; pass++) {
        const cpu0 = cpuSeconds(meiliPid) ?? 0;
        const own0 = process.cpuUsage();
        const t0 = performance.now();
        for (let at = 0; at < queries.length; at += size)
          await pool.multiSearch(`{"queries":[${queries.slice(at, at + size).join(',')}]}`);
        const own = process.cpuUsage(own0);
        if (pass > 0)
          passes.push({
            ms: performance.now() - t0,
            cpu: ((cpuSeconds(meiliPid) ?? 0) - cpu0) * 1000,
            own: (own.user + own.system) / 1000,
          });
      }
      const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
      const row = {
        chunk: size,
        requests: Math.ceil(queries.length / size),
        ms: round(median(passes.map((p) => p.ms)), 1),
        meiliCpuMs: round(median(passes.map((p) => p.cpu)), 0),
        benchCpuMs: round(median(passes.map((p) => p.own)), 1),
      };
      console.log(`  chunks of ${size}: ${JSON.stringify(row)}`);
      rows.push(row);
    }
  } finally {
    await pool.close();
  }
  return { batch: ids.length, searches: queries.length, index, rows };
}

interface Phase {
  articles: number;
  cpuMsPerArticle: Record<string, number>;
  discoveredToSearchableS: object;
}

/** The runs without saved searches, before and after the run with them: their CPU per article averaged. */
function meanPhase(a: Phase, b: Phase): Phase {
  const names = Object.keys(a.cpuMsPerArticle);
  return {
    articles: a.articles + b.articles,
    cpuMsPerArticle: Object.fromEntries(
      names.map((name) => [
        name,
        round(((a.cpuMsPerArticle[name] ?? 0) + (b.cpuMsPerArticle[name] ?? 0)) / 2),
      ]),
    ),
    discoveredToSearchableS: { before: a.discoveredToSearchableS, after: b.discoveredToSearchableS },
  };
}

function report(r: {
  setup: { savedSearches: number; rate: number; seconds: number };
  before: Phase;
  after: Phase;
  without: { articles: number; cpuMsPerArticle: Record<string, number>; discoveredToSearchableS: object };
  with: { articles: number; cpuMsPerArticle: Record<string, number>; discoveredToSearchableS: object };
  alerts: Record<string, number>;
  searchableToDeliveredS: { p50: number; p99: number; max: number };
  searchableToMatchedS: { p50: number; p99: number; max: number };
  matchRuns: { runs: number; meanMs: number; queriesSent: number; queriesSkipped: number };
  extraCpuPercent: Record<string, number>;
  chunks: {
    batch: number;
    searches: number;
    rows: Array<{ chunk: number; requests: number; ms: number; meiliCpuMs: number; benchCpuMs: number }>;
  };
}): void {
  const ms = (c: Record<string, number>, name: string) => c[name] ?? Number.NaN;
  writeReport(
    'alerts',
    `bench:alerts — ${r.setup.savedSearches} saved searches with webhooks, the real pipeline at ${r.setup.rate} articles/s for ${r.setup.seconds} s, without, with, then without them again`,
    [
      [
        'alerts delivered (webhooks)',
        `${r.alerts.delivered} (${r.alerts.perArticle} per article, ${r.alerts.savedSearchesThatAlerted} searches alerted; ${r.alerts.requests} requests, ${r.alerts.badSignatures} bad signatures, ${r.alerts.webhookFailures} failed attempts, ${r.alerts.matchErrors} match errors)`,
      ],
      [
        'searchable → delivered, s (target p99 ≤ 2)',
        `p50 ${r.searchableToDeliveredS.p50}, p99 ${r.searchableToDeliveredS.p99}, max ${r.searchableToDeliveredS.max}`,
      ],
      [
        'searchable → matched, s',
        `p50 ${r.searchableToMatchedS.p50}, p99 ${r.searchableToMatchedS.p99}, max ${r.searchableToMatchedS.max}`,
      ],
      [
        'match runs (one per batch, or batches coalesced)',
        `${r.matchRuns.runs}, mean ${r.matchRuns.meanMs} ms`,
      ],
      [
        'queries (one per saved search and partition of a run)',
        `${r.matchRuns.queriesSent} sent, ${r.matchRuns.queriesSkipped} skipped: the search could match none of the run's articles (filters, leading phrase)`,
      ],
      [
        'indexer CPU ms per article (target: ≤ 20 % extra)',
        `${ms(r.without.cpuMsPerArticle, 'indexer')} without (${ms(r.before.cpuMsPerArticle, 'indexer')} before, ${ms(r.after.cpuMsPerArticle, 'indexer')} after), ${ms(r.with.cpuMsPerArticle, 'indexer')} with: ${r.extraCpuPercent.indexer} % extra`,
      ],
      [
        'matcher CPU ms per article (it does the matching)',
        `${ms(r.without.cpuMsPerArticle, 'matcher')} without, ${ms(r.with.cpuMsPerArticle, 'matcher')} with; the indexer's and matcher's extra together: ${r.extraCpuPercent.indexerAndMatcherOverIndexer} % of the indexer's CPU without`,
      ],
      [
        'Meilisearch CPU ms per article',
        `${ms(r.without.cpuMsPerArticle, 'meilisearch')} without (${ms(r.before.cpuMsPerArticle, 'meilisearch')} before, ${ms(r.after.cpuMsPerArticle, 'meilisearch')} after), ${ms(r.with.cpuMsPerArticle, 'meilisearch')} with: ${r.extraCpuPercent.meilisearch} % extra`,
      ],
      [
        'API CPU ms per article (it sends the webhooks)',
        `${ms(r.without.cpuMsPerArticle, 'api')} without, ${ms(r.with.cpuMsPerArticle, 'api')} with: ${r.extraCpuPercent.api} % extra`,
      ],
      [
        'Redis CPU ms per article',
        `${ms(r.without.cpuMsPerArticle, 'redis')} without, ${ms(r.with.cpuMsPerArticle, 'redis')} with: ${r.extraCpuPercent.redis} % extra`,
      ],
      ...r.chunks.rows.map((row): [string, string] => [
        `${r.chunks.searches} searches × ${r.chunks.batch} articles, chunks of ${row.chunk}`,
        `${row.requests} requests, ${row.ms} ms, Meilisearch CPU ${row.meiliCpuMs} ms, client CPU ${row.benchCpuMs} ms`,
      ]),
      [
        'discovered → searchable, s',
        `without ${JSON.stringify(r.without.discoveredToSearchableS)}, with ${JSON.stringify(r.with.discoveredToSearchableS)}`,
      ],
    ],
    r,
  );
}

await main();
