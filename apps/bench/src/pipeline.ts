/**
 * pnpm bench — the whole pipeline on this machine against a local newsroom
 * of realistic pages, and in the same run the ceilings it is measured
 * against. Phases:
 *
 *  1. throughput: N articles already published in F feeds; from the first
 *     poll until all N are searchable (articles/s, CPU-seconds per article
 *     per process);
 *  2. freshness: new articles published at a fixed rate (BENCH_RATE/s) for
 *     BENCH_FRESHNESS_SECONDS; lag published → searchable and discovered →
 *     searchable, p50/p99, read off the services' own job outcome lines;
 *  3. soak (BENCH_SOAK_SECONDS, off by default): the same load for longer,
 *     with every process's RSS sampled, to see whether memory keeps growing;
 *  4. ceilings, with the pipeline stopped: the extractor alone over the same
 *     pages (the parser's worker function, in as many threads as cores), and
 *     Meilisearch ingesting the same final documents sent directly in batches.
 *
 * Prints a table and writes bench-report/pipeline.{json,md}. Not a test.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { feedIdFor } from '@tidings/contracts';
import { ExtractPool } from '@tidings/extract';
import { FeedRegistry } from '@tidings/feed-state';
import { createRedis, Queues } from '@tidings/queue';
import { applyIndexSettings, createMeiliClient, INDEX_SETTINGS, waitForTask } from '@tidings/search';
import {
  freePort,
  type RunningServer,
  type ServiceName,
  type ServiceProcess,
  startMeilisearch,
  startRedis,
} from '@tidings/servers';
import { startNewsroom, TEST_MEILI_KEY, waitFor } from '@tidings/testing';
import { followedService, lagsSeconds, OutcomeLog, publishAtRate, quantile } from './pipeline-harness';
import { cpuDelta, cpuSnapshot, RssSampler } from './proc-stats';
import { parseInfo, writeReport } from './report';
import { envFor, serviceEnv } from './service-env';

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 6000);
const FEEDS = Number(process.env.BENCH_FEEDS ?? 200);
const HOSTS = Number(process.env.BENCH_HOSTS ?? 100);
const RATE = Number(process.env.BENCH_RATE ?? 50);
const FRESHNESS_SECONDS = Number(process.env.BENCH_FRESHNESS_SECONDS ?? 60);
const SOAK_SECONDS = Number(process.env.BENCH_SOAK_SECONDS ?? 0);
/** Below the freshness load, so that a growing backlog does not pass for a leak. */
const SOAK_RATE = Number(process.env.BENCH_SOAK_RATE ?? 40);
const POLL_SECONDS = Number(process.env.BENCH_POLL_SECONDS ?? 2);
/** Node flags for the services, e.g. BENCH_NODE_ARGS='--cpu-prof --cpu-prof-dir=/tmp/prof' (not allowed in NODE_OPTIONS). */
const NODE_ARGS = (process.env.BENCH_NODE_ARGS ?? '').split(/\s+/).filter(Boolean);
/** Extra environment for the services, e.g. BENCH_ENV='EXTRACT_THREADS=2 INDEX_BATCH_SIZE=1000'. */
const EXTRA_ENV = Object.fromEntries(
  (process.env.BENCH_ENV ?? '')
    .split(/\s+/)
    .filter(Boolean)
    .map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]),
);

/** Stops whatever the bench started; set once servers and services are up. */
let abort: () => Promise<void> = async () => process.exit(1);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const round = (n: number, digits = 1) => Number(n.toFixed(digits));

/** A service whose job outcome lines feed the log; one gone mid-run would leave the bench waiting for articles that never come. */
function benchService(name: ServiceName, env: NodeJS.ProcessEnv, log: OutcomeLog): ServiceProcess {
  return followedService(name, env, log, {
    nodeArgs: NODE_ARGS,
    onUnexpectedExit: () => void abort(),
  });
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-bench-'));
  const [redisPort, meiliPort] = await Promise.all([freePort(), freePort()]);
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  const meiliUrl = `http://127.0.0.1:${meiliPort}`;
  // As in compose: Redis with its append-only file, Meilisearch on disk.
  const redis: RunningServer = await startRedis({ url: redisUrl, dir: join(dir, 'redis'), durable: true });
  const meili: RunningServer = await startMeilisearch({
    url: meiliUrl,
    dir: join(dir, 'meili'),
    masterKey: TEST_MEILI_KEY,
  });
  // The shared synthetic newsroom at bench scale: one generated publisher per loopback host, 100 KB pages,
  // dated from now, and publish() stamping articles with the wall clock so freshness can be measured.
  const sites = Math.min(HOSTS, FEEDS);
  const newsroom = await startNewsroom({
    sites,
    hosts: sites,
    feeds: FEEDS,
    articles: ARTICLES,
    startMs: Math.floor(Date.now() / 1000) * 1000,
    liveClock: true,
  });
  const log = new OutcomeLog();
  const env = serviceEnv(redisUrl, meiliUrl, TEST_MEILI_KEY, { LOG_LEVEL: 'info', ...EXTRA_ENV });
  const services = (['matcher', 'indexer', 'parser', 'poller'] as const).map((name) =>
    benchService(name, envFor(name, env), log),
  );
  abort = async () => {
    await Promise.all(services.map((s) => s.stop()));
    await Promise.all([meili.stop(), redis.stop(), newsroom.close()]);
    process.exit(1);
  };
  for (const s of services) s.start();
  const pids = (): Record<string, number | undefined> => ({
    ...Object.fromEntries(services.map((s) => [s.name, s.pid])),
    redis: redis.pid,
    meilisearch: meili.pid,
    // This process serves the newsroom (the stand-in for the internet) and reads the services' logs: it shares the machine too.
    'bench (newsroom)': process.pid,
  });
  const rss = new RssSampler(pids, 500);
  const meiliClient = createMeiliClient(meiliUrl, TEST_MEILI_KEY);
  const documents = async () => {
    try {
      return (await meiliClient.index('articles').getStats()).numberOfDocuments;
    } catch {
      return 0;
    }
  };
  // The indexer applies the settings first; wait for them so the clock measures articles only.
  await waitFor(
    async () =>
      (await meiliClient.index('articles').getSettings()).searchableAttributes?.[0] ===
      INDEX_SETTINGS.searchableAttributes?.[0],
    { timeoutMs: 120_000, intervalMs: 200, what: 'the indexer to apply the index settings' },
  );
  await sleep(1000);

  // ── 1. throughput ──
  const client = createRedis(redisUrl, 'bench');
  const queues = new Queues(client, 'tidings');
  const registry = new FeedRegistry(client, queues, 'tidings');
  console.log(`${FEEDS} feeds on ${HOSTS} hosts, ${ARTICLES} articles published; adding the feeds…`);
  const redisBaseline = parseInfo(await client.info('memory')).used_memory ?? 0;
  await client.config('RESETSTAT');
  const cpuBefore = cpuSnapshot(pids());
  const addedAt = Date.now();
  for (const { url } of newsroom.feeds)
    await registry.register({
      id: feedIdFor(url),
      url,
      intervalSeconds: POLL_SECONDS,
      defaultIntervalSeconds: POLL_SECONDS,
    });
  let lastReport = 0;
  await waitFor(
    async () => {
      const searchable = await documents();
      if (Date.now() - lastReport > 5000) {
        lastReport = Date.now();
        const counts = await queues.counts();
        const depth = Object.entries(counts)
          .map(([q, c]) => `${q} ${c.waiting ?? 0}w/${c.active ?? 0}a/${c.delayed ?? 0}d`)
          .join(' ');
        console.log(
          `  ${searchable} searchable after ${((Date.now() - addedAt) / 1000).toFixed(0)} s (${depth})`,
        );
      }
      return searchable >= ARTICLES;
    },
    { timeoutMs: 30 * 60_000, what: 'every article to be searchable' },
  );
  const doneAt = Date.now();
  const cpuAfter = cpuSnapshot(pids());
  const start = log.firstPollAt ?? addedAt;
  const seconds = (doneAt - start) / 1000;
  const throughput = ARTICLES / seconds;
  const cpu = cpuDelta(cpuBefore, cpuAfter);
  const cpuPerArticleMs = Object.fromEntries(
    Object.entries(cpu).map(([n, s]) => [n, round((s * 1000) / ARTICLES, 2)]),
  );
  const cpuTotal = Object.values(cpu).reduce((a, b) => a + b, 0);
  // Footprint per article once the backlog is in: Redis keeps seen-item, GUID and story keys; Meilisearch the index.
  const redisMemory = parseInfo(await client.info('memory')).used_memory ?? 0;
  const meiliStats = await meiliClient.getStats();
  const footprint = {
    redisBytesPerArticle: Math.round((redisMemory - redisBaseline) / ARTICLES),
    redisBytesPerArticleByKey: await redisBreakdown(client, ARTICLES),
    meiliDiskBytesPerArticle: Math.round(meiliStats.databaseSize / ARTICLES),
    meiliUsedDiskBytesPerArticle: Math.round(
      (meiliStats.usedDatabaseSize ?? meiliStats.databaseSize) / ARTICLES,
    ),
  };
  const redisCommands = redisCommandTime(await client.info('commandstats'), ARTICLES);
  console.log(`Redis time per article by command, µs: ${JSON.stringify(redisCommands)}`);
  console.log(
    `throughput: ${ARTICLES} articles in ${seconds.toFixed(1)} s = ${throughput.toFixed(1)}/s; CPU ms/article ${JSON.stringify(cpuPerArticleMs)}`,
  );

  // ── 2. freshness at a fixed offered load ──
  const published = new Map<string, number>();
  const offer = async (durationSeconds: number, rate = RATE) => {
    for (const [id, at] of await publishAtRate(newsroom, rate, durationSeconds)) published.set(id, at);
  };
  console.log(`freshness: publishing ${RATE} articles/s for ${FRESHNESS_SECONDS} s…`);
  await offer(FRESHNESS_SECONDS);
  // At most a minute more: what is still missing then counts as a lag beyond the measure.
  await waitFor(() => [...published.keys()].every((id) => log.searchable.has(id)), {
    timeoutMs: 60_000,
    intervalMs: 200,
  }).catch(() => undefined);
  const lags = (
    from: (id: string) => number | undefined,
    to: (id: string) => number | undefined = (id) => log.searchable.get(id),
  ) => lagsSeconds(published.keys(), from, to);
  const publishedLag = lags((id) => published.get(id));
  const discoveredLag = lags((id) => log.discovered.get(id));
  // Where the pipeline's own lag goes: waiting for and doing the parse, then batching and the Meilisearch task.
  const parseLag = lags(
    (id) => log.discovered.get(id),
    (id) => log.parsed.get(id),
  );
  const indexLag = lags((id) => log.parsed.get(id));
  const missing = [...published.keys()].filter((id) => !log.searchable.has(id)).length;
  console.log(
    `  published → searchable p50 ${quantile(publishedLag, 0.5).toFixed(2)} s p99 ${quantile(publishedLag, 0.99).toFixed(2)} s; discovered → searchable p50 ${quantile(discoveredLag, 0.5).toFixed(2)} s p99 ${quantile(discoveredLag, 0.99).toFixed(2)} s; not searchable after 60 s: ${missing}`,
  );
  console.log(
    `  of which discovered → parsed p50 ${quantile(parseLag, 0.5).toFixed(2)} s p99 ${quantile(parseLag, 0.99).toFixed(2)} s; parsed → searchable p50 ${quantile(indexLag, 0.5).toFixed(2)} s p99 ${quantile(indexLag, 0.99).toFixed(2)} s`,
  );

  // ── 3. soak ──
  let soak:
    | {
        seconds: number;
        rate: number;
        backlogAtEnd: number;
        startMiB: Record<string, number>;
        endMiB: Record<string, number>;
        growthMiBPerMinuteLastHalf: Record<string, number>;
      }
    | undefined;
  if (SOAK_SECONDS > 0) {
    console.log(`soak: ${SOAK_RATE} articles/s for ${SOAK_SECONDS} s…`);
    const from = rss.series.length;
    await offer(SOAK_SECONDS, SOAK_RATE);
    const series = rss.series.slice(from);
    const end = await queues.counts();
    const unfinished = (c: Record<string, number>) => (c.waiting ?? 0) + (c.delayed ?? 0) + (c.active ?? 0);
    const backlogAtEnd = unfinished(end.articles) + unfinished(end.index);
    const half = series.slice(Math.floor(series.length / 2));
    const names = Object.keys(series[0]?.rss ?? {});
    soak = {
      seconds: SOAK_SECONDS,
      rate: SOAK_RATE,
      backlogAtEnd,
      startMiB: Object.fromEntries(names.map((n) => [n, round(series[0]!.rss[n] ?? 0)])),
      endMiB: Object.fromEntries(names.map((n) => [n, round(series.at(-1)!.rss[n] ?? 0)])),
      growthMiBPerMinuteLastHalf: Object.fromEntries(
        names.map((n) => [n, round(slopePerMinute(half.map((s) => [s.at, s.rss[n] ?? 0])), 2)]),
      ),
    };
    console.log(`  article and index jobs not done at the end: ${backlogAtEnd}`);
    console.log(
      `  RSS MiB start ${JSON.stringify(soak.startMiB)} end ${JSON.stringify(soak.endMiB)}; growth over the last half, MiB/min ${JSON.stringify(soak.growthMiBPerMinuteLastHalf)}`,
    );
  }
  rss.stop();
  for (const s of services) await s.stop();

  // ── 4. ceilings, on the machine the pipeline no longer uses ──
  // Meilisearch may still be indexing the last batches: the ceilings need the machine to themselves.
  await waitFor(
    async () =>
      (await meiliClient.tasks.getTasks({ statuses: ['enqueued', 'processing'], limit: 1 })).results
        .length === 0,
    {
      timeoutMs: 30 * 60_000,
      intervalMs: 500,
      what: 'Meilisearch to finish indexing',
    },
  );
  const threads = availableParallelism();
  const pages = newsroom.articles
    .slice(0, ARTICLES)
    .map((a) => ({ url: a.url, body: newsroom.pageBytes(a.url) }));
  // Every page is queued at once, so a task's deadline also covers its wait in the queue: no deadline here.
  const pool = new ExtractPool({ threads, timeoutMs: 3_600_000 });
  await Promise.all(pages.slice(0, threads * 20).map((p) => pool.run({ body: p.body, url: p.url }))); // warm-up
  const t0 = performance.now();
  await Promise.all(pages.map((p) => pool.run({ body: p.body, url: p.url, contentType: 'text/html' })));
  const extractCeiling = pages.length / ((performance.now() - t0) / 1000);
  await pool.close();
  const pageKiB = pages.map((p) => p.body.length / 1024).sort((a, b) => a - b);
  console.log(
    `extractor alone, ${threads} threads: ${extractCeiling.toFixed(1)} pages/s (pages ${quantile(pageKiB, 0).toFixed(0)}–${pageKiB.at(-1)!.toFixed(0)} KiB, median ${quantile(pageKiB, 0.5).toFixed(0)})`,
  );

  const finalDocs: Record<string, unknown>[] = [];
  for (let offset = 0; ; offset += 1000) {
    const page = await meiliClient
      .index('articles')
      .getDocuments<Record<string, unknown>>({ limit: 1000, offset });
    finalDocs.push(...page.results);
    if (page.results.length < 1000) break;
  }
  // The same documents into a fresh index per proximity setting: ingest rate, and what the cheaper one changes in ranking.
  const batchSize = Number(EXTRA_ENV.INDEX_BATCH_SIZE ?? 500);
  const ingest = async (uid: string, proximityPrecision: 'byWord' | 'byAttribute') => {
    await applyIndexSettings(meiliClient, uid);
    await meiliClient.index(uid).updateSettings({ proximityPrecision }).waitTask({ timeout: 120_000 });
    const started = performance.now();
    const tasks = [];
    for (let i = 0; i < finalDocs.length; i += batchSize)
      tasks.push(
        await meiliClient.index(uid).addDocuments(finalDocs.slice(i, i + batchSize), { primaryKey: 'id' }),
      );
    for (const task of tasks) await waitForTask(meiliClient, task.taskUid, { timeoutMs: 600_000 });
    return finalDocs.length / ((performance.now() - started) / 1000);
  };
  const ingestRate = {
    byWord: await ingest('ceiling-by-word', 'byWord'),
    byAttribute: await ingest('ceiling-by-attribute', 'byAttribute'),
  };
  const configured = (INDEX_SETTINGS.proximityPrecision ?? 'byWord') as keyof typeof ingestRate;
  const meiliCeiling = ingestRate[configured];
  const ranking = await compareRanking(meiliClient, finalDocs);
  console.log(
    `Meilisearch alone, batches of ${batchSize}: ${ingestRate.byWord.toFixed(1)} documents/s (proximity by word), ${ingestRate.byAttribute.toFixed(1)} (by attribute); ranking by attribute vs by word over ${ranking.queries} title phrases: same top hit ${(ranking.sameTop * 100).toFixed(0)} %, top-10 overlap ${(ranking.overlap10 * 100).toFixed(0)} %`,
  );

  const lower = Math.min(extractCeiling, meiliCeiling);
  const result = {
    machine: { cores: threads, node: process.version },
    setup: {
      articles: ARTICLES,
      feeds: FEEDS,
      hosts: HOSTS,
      pollSeconds: POLL_SECONDS,
      env: EXTRA_ENV,
      pageKiB: {
        min: round(pageKiB[0]!),
        median: round(quantile(pageKiB, 0.5)),
        max: round(pageKiB.at(-1)!),
      },
    },
    throughput: {
      seconds: round(seconds),
      articlesPerSecond: round(throughput),
      cpuSeconds: Object.fromEntries(Object.entries(cpu).map(([n, s]) => [n, round(s, 2)])),
      cpuMsPerArticle: cpuPerArticleMs,
      cpuMsPerArticleTotal: round((cpuTotal * 1000) / ARTICLES, 2),
    },
    freshness: {
      offeredPerSecond: RATE,
      seconds: FRESHNESS_SECONDS,
      articles: published.size,
      notSearchableAfter60s: missing,
      publishedToSearchable: {
        p50: round(quantile(publishedLag, 0.5), 2),
        p99: round(quantile(publishedLag, 0.99), 2),
      },
      discoveredToSearchable: {
        p50: round(quantile(discoveredLag, 0.5), 2),
        p99: round(quantile(discoveredLag, 0.99), 2),
      },
      discoveredToParsed: { p50: round(quantile(parseLag, 0.5), 2), p99: round(quantile(parseLag, 0.99), 2) },
      parsedToSearchable: { p50: round(quantile(indexLag, 0.5), 2), p99: round(quantile(indexLag, 0.99), 2) },
    },
    footprint,
    redisCommands,
    peakRssMiB: Object.fromEntries(Object.entries(rss.peak).map(([n, v]) => [n, round(v)])),
    soak,
    meilisearch: {
      proximityPrecision: configured,
      ingestPerSecond: { byWord: round(ingestRate.byWord), byAttribute: round(ingestRate.byAttribute) },
      rankingByAttributeVsByWord: ranking,
    },
    ceilings: {
      extractorPagesPerSecond: round(extractCeiling),
      meilisearchDocumentsPerSecond: round(meiliCeiling),
      lower: round(lower),
      endToEndShareOfLower: round(throughput / lower, 3),
    },
  };
  const perProcess = (o: Record<string, number>, unit: string) =>
    Object.entries(o)
      .map(([n, v]) => `${n} ${v}${unit}`)
      .join(', ');
  writeReport(
    'pipeline',
    `pnpm bench — ${ARTICLES} articles (${result.setup.pageKiB.min}–${result.setup.pageKiB.max} KiB pages) in ${FEEDS} feeds on ${HOSTS} hosts, ${threads} cores shared by every process`,
    [
      [
        'end-to-end throughput (first poll → all searchable)',
        `**${result.throughput.articlesPerSecond} articles/s** (${result.throughput.seconds} s)`,
      ],
      ['share of the lower ceiling', `${(result.ceilings.endToEndShareOfLower * 100).toFixed(0)} %`],
      ['ceiling: extractor alone', `${result.ceilings.extractorPagesPerSecond} pages/s (${threads} threads)`],
      [
        'ceiling: Meilisearch alone',
        `${result.ceilings.meilisearchDocumentsPerSecond} documents/s (batches of ${batchSize}, proximity ${configured})`,
      ],
      [
        'Meilisearch ingest, proximity by word / by attribute',
        `${round(ingestRate.byWord)} / ${round(ingestRate.byAttribute)} documents/s`,
      ],
      [
        'ranking, by attribute vs by word (two- and three-word title phrases)',
        `same top hit ${(ranking.sameTop * 100).toFixed(0)} %, top-10 overlap ${(ranking.overlap10 * 100).toFixed(0)} % (${ranking.queries} queries)`,
      ],
      [
        `freshness at ${RATE}/s offered: published → searchable`,
        `p50 ${result.freshness.publishedToSearchable.p50} s, p99 ${result.freshness.publishedToSearchable.p99} s (polls every ${POLL_SECONDS} s)`,
      ],
      [
        `freshness at ${RATE}/s offered: discovered → searchable`,
        `p50 ${result.freshness.discoveredToSearchable.p50} s, p99 ${result.freshness.discoveredToSearchable.p99} s`,
      ],
      [
        '… of which discovered → parsed, parsed → searchable',
        `p50 ${result.freshness.discoveredToParsed.p50} / ${result.freshness.parsedToSearchable.p50} s, p99 ${result.freshness.discoveredToParsed.p99} / ${result.freshness.parsedToSearchable.p99} s`,
      ],
      [
        'CPU ms per article',
        `${perProcess(cpuPerArticleMs, '')} (total ${result.throughput.cpuMsPerArticleTotal})`,
      ],
      ['peak RSS', perProcess(result.peakRssMiB, ' MiB')],
      [
        'per article: Redis memory, Meilisearch disk (used)',
        `${footprint.redisBytesPerArticle} B, ${footprint.meiliDiskBytesPerArticle} B (${footprint.meiliUsedDiskBytesPerArticle} B)`,
      ],
      ...(soak
        ? ([
            [
              `RSS growth over the last half of a ${SOAK_SECONDS} s soak at ${SOAK_RATE}/s`,
              perProcess(soak.growthMiBPerMinuteLastHalf, ' MiB/min'),
            ],
          ] as Array<[string, string]>)
        : []),
    ],
    result,
  );

  await queues.close();
  client.disconnect();
  await newsroom.close();
  await Promise.all([meili.stop(), redis.stop()]);
  rmSync(dir, { recursive: true, force: true });
}

/**
 * Redis memory by key family (ids replaced by *), per article: which part of
 * the pipeline's state grows with the number of articles.
 */
/**
 * Redis's own time per article by command (INFO commandstats, reset before
 * the throughput phase): BullMQ's Lua scripts show as evalsha, the rest as
 * what they are. Calls and µs per article, largest first.
 */
function redisCommandTime(
  info: string,
  articles: number,
): Array<{ command: string; callsPerArticle: number; usPerArticle: number }> {
  const rows = [];
  for (const line of info.split('\r\n')) {
    const m = /^cmdstat_([^:]+):calls=(\d+),usec=(\d+)/.exec(line);
    if (m)
      rows.push({
        command: m[1]!,
        callsPerArticle: round(Number(m[2]) / articles, 2),
        usPerArticle: round(Number(m[3]) / articles, 0),
      });
  }
  return rows.sort((a, b) => b.usPerArticle - a.usPerArticle).slice(0, 12);
}

async function redisBreakdown(
  client: ReturnType<typeof createRedis>,
  articles: number,
): Promise<Record<string, number>> {
  const families = new Map<string, number>();
  let cursor = '0';
  do {
    const [next, keys] = await client.scan(cursor, 'COUNT', 1000);
    cursor = next;
    const pipeline = client.pipeline();
    for (const key of keys) pipeline.memory('USAGE', key);
    const sizes = (await pipeline.exec()) ?? [];
    keys.forEach((key, i) => {
      // LSH buckets are named by band and hash: one family, however many buckets.
      const family = key.replace(/:lsh:.*$/, ':lsh:*').replace(/[0-9a-f]{16,}|\d{3,}/g, '*');
      families.set(family, (families.get(family) ?? 0) + Number(sizes[i]?.[1] ?? 0));
    });
  } while (cursor !== '0');
  return Object.fromEntries(
    [...families]
      .map(([family, bytes]) => [family, Math.round(bytes / articles)] as const)
      .filter(([, perArticle]) => perArticle >= 10)
      .sort((a, b) => b[1] - a[1]),
  );
}

/**
 * What proximity by attribute changes for analysts: phrases of two or three
 * consecutive title words, searched in both ceiling indexes.
 */
async function compareRanking(client: ReturnType<typeof createMeiliClient>, docs: Record<string, unknown>[]) {
  const queries: string[] = [];
  for (const [i, doc] of docs.entries()) {
    if (queries.length >= 200) break;
    const words = String(doc.title ?? '')
      .split(/\s+/)
      .filter((w) => /^\p{L}{3,}$/u.test(w));
    if (words.length < 4) continue;
    const at = i % (words.length - 2);
    queries.push(words.slice(at, at + 2 + (i % 2)).join(' '));
  }
  let sameTop = 0;
  let overlap = 0;
  for (const q of queries) {
    const [a, b] = await Promise.all(
      ['ceiling-by-word', 'ceiling-by-attribute'].map((uid) =>
        client.index(uid).search(q, { limit: 10, attributesToRetrieve: ['id'] }),
      ),
    );
    const ids = (r: typeof a) => r!.hits.map((h) => h.id as string);
    if (ids(a)[0] === ids(b)[0]) sameTop++;
    const top = new Set(ids(a));
    overlap += ids(b).filter((id) => top.has(id)).length / Math.max(1, Math.min(10, ids(a).length));
  }
  return {
    queries: queries.length,
    sameTop: round(sameTop / queries.length, 3),
    overlap10: round(overlap / queries.length, 3),
  };
}

/** Least-squares slope of (ms, MiB) points, in MiB per minute. */
function slopePerMinute(points: Array<[number, number]>): number {
  if (points.length < 2) return 0;
  const n = points.length;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  const num = points.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const den = points.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  return den === 0 ? 0 : (num / den) * 60_000;
}

await main().catch(async (err) => {
  console.error(err);
  await abort();
});
