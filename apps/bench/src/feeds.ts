/**
 * bench:feeds — the real poller process, a real Redis and the real BullMQ
 * schedulers polling many feeds of the shared synthetic newsroom
 * (`startNewsroom` of @tidings/testing: generated publishers, one per
 * loopback host, RSS/Atom/JSON Feed in UTF-8 and EUC-KR, each feed listing
 * `BENCH_ITEMS_PER_FEED` items). Nothing is published during the run, so
 * every feed's document stays the same. Scenario `not-modified`: every feed
 * answers its conditional GET with 304 (after the first poll). Scenario
 * `mixed`: half the feeds (`validatorlessShare: 0.5`) send no validators and
 * answer 200 with the full document every time, the other half 304.
 * Prints polls/s, CPU-seconds per poll, Redis memory per feed, and writes
 * bench-report/feeds-<scenario>.{json,md}. Not a test: it asserts nothing.
 *
 *   pnpm bench:feeds                       # both scenarios, 10,000 feeds each
 *   BENCH_SCENARIO=mixed BENCH_FEEDS=2000 BENCH_SECONDS=30 pnpm --filter @tidings/bench feeds
 */
import { feedIdFor } from '@tidings/contracts';
import { FeedRegistry } from '@tidings/feed-state';
import { createRedis, Queues } from '@tidings/queue';
import { freePort, ServiceProcess } from '@tidings/servers';
import { startNewsroom, startTestRedis, waitFor } from '@tidings/testing';
import { metricSum, parseInfo, writeReport } from './report';

const SCENARIO = process.env.BENCH_SCENARIO === 'not-modified' ? 'not-modified' : 'mixed';
const FEEDS = Number(process.env.BENCH_FEEDS ?? 10_000);
const INTERVAL_SECONDS = Number(process.env.BENCH_INTERVAL_SECONDS ?? 10);
const MEASURE_SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2 * INTERVAL_SECONDS + 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
const ITEMS_PER_FEED = Number(process.env.BENCH_ITEMS_PER_FEED ?? 20);
// Feeds are spread over many loopback hosts (127.0.x.y all reach this
// machine), as real feeds are spread over many publishers: per-host
// politeness limits then apply as they would in production.
const HOSTS = Number(process.env.BENCH_HOSTS ?? Math.min(1000, Math.ceil(FEEDS / 10)));

async function main() {
  const redisServer = await startTestRedis();
  const redis = createRedis(redisServer.url, 'bench');
  const prefix = 'bench';
  // One generated publisher per host; every feed gets exactly ITEMS_PER_FEED articles, dated over the last day.
  const sites = Math.min(HOSTS, FEEDS);
  const builtAt = performance.now();
  const newsroom = await startNewsroom({
    sites,
    hosts: sites,
    feeds: FEEDS,
    articles: FEEDS * ITEMS_PER_FEED,
    itemsPerFeed: ITEMS_PER_FEED,
    startMs: Math.floor(Date.now() / 1000) * 1000,
    validatorlessShare: SCENARIO === 'mixed' ? 0.5 : 0,
  });
  console.log(
    `newsroom: ${FEEDS} feeds × ${ITEMS_PER_FEED} items on ${sites} hosts, built in ${((performance.now() - builtAt) / 1000).toFixed(1)} s`,
  );
  const info = async (section: string) => parseInfo(await redis.info(section));
  const memEmpty = (await info('memory')).used_memory!;

  // Register the feeds as the API would; their first polls are due at once.
  console.log(`registering ${FEEDS} feeds…`);
  const queues = new Queues(redis, prefix);
  const registry = new FeedRegistry(redis, queues, prefix);
  for (let n = 0; n < FEEDS; n += 200) {
    await Promise.all(
      Array.from({ length: Math.min(200, FEEDS - n) }, (_, i) => {
        const { url } = newsroom.feeds[n + i]!;
        return registry.register({
          id: feedIdFor(url),
          url,
          intervalSeconds: INTERVAL_SECONDS,
          defaultIntervalSeconds: INTERVAL_SECONDS,
        });
      }),
    );
  }
  const memFeeds = (await info('memory')).used_memory!;

  const metricsPort = await freePort();
  const poller = new ServiceProcess('poller', {
    env: {
      PATH: process.env.PATH,
      REDIS_URL: redisServer.url,
      QUEUE_PREFIX: prefix,
      ALLOW_PRIVATE_NETWORKS: 'true',
      ALLOWED_PORTS: '*',
      POLLER_CONCURRENCY: String(CONCURRENCY),
      POLL_MIN_INTERVAL_SECONDS: '1',
      METRICS_PORT: String(metricsPort),
      LOG_LEVEL: 'warn',
    },
  });
  poller.start();
  const scrape = async () => {
    const text = await (await fetch(`http://127.0.0.1:${metricsPort}/metrics`)).text();
    return {
      polls: metricSum(text, 'tidings_jobs_processed_total', /stage="poll"/),
      failed: metricSum(
        text,
        'tidings_jobs_processed_total',
        /stage="poll".*outcome="(failed|permanent_failure)"|outcome="(failed|permanent_failure)".*stage="poll"/,
      ),
      cpu: metricSum(text, 'tidings_process_cpu_seconds_total'),
      rss: metricSum(text, 'tidings_process_resident_memory_bytes'),
    };
  };
  await waitFor(async () => (await fetch(`http://127.0.0.1:${metricsPort}/healthz`)).ok, {
    timeoutMs: 30_000,
    what: 'the poller',
  });

  console.log(`warming up for ${WARMUP_SECONDS} s (first polls of every feed, then the schedule)…`);
  await new Promise((r) => setTimeout(r, WARMUP_SECONDS * 1000));
  const before = {
    poller: await scrape(),
    redis: await info('cpu'),
    server: process.cpuUsage(),
    http: newsroom.stats(),
    at: performance.now(),
  };
  console.log(`measuring for ${MEASURE_SECONDS} s…`);
  await new Promise((r) => setTimeout(r, MEASURE_SECONDS * 1000));
  const after = {
    poller: await scrape(),
    redis: await info('cpu'),
    server: process.cpuUsage(),
    http: newsroom.stats(),
    at: performance.now(),
  };
  const memEnd = await info('memory');
  const keyspace = await redis.dbsize();

  const seconds = (after.at - before.at) / 1000;
  const polls = after.poller.polls - before.poller.polls;
  const pollerCpu = after.poller.cpu - before.poller.cpu;
  const redisCpu =
    after.redis.used_cpu_user! +
    after.redis.used_cpu_sys! -
    before.redis.used_cpu_user! -
    before.redis.used_cpu_sys!;
  const serverCpu =
    (after.server.user + after.server.system - before.server.user - before.server.system) / 1e6;
  const result = {
    scenario: SCENARIO,
    feeds: FEEDS,
    hosts: sites,
    itemsPerFeed: ITEMS_PER_FEED,
    intervalSeconds: INTERVAL_SECONDS,
    offeredPollsPerSecond: FEEDS / INTERVAL_SECONDS,
    concurrency: CONCURRENCY,
    measuredSeconds: seconds,
    pollsPerSecond: polls / seconds,
    notModifiedPerSecond: (after.http.feed304 - before.http.feed304) / seconds,
    okPerSecond: (after.http.feed200 - before.http.feed200) / seconds,
    feedBytesPer200:
      (after.http.bytes - before.http.bytes) / Math.max(1, after.http.feed200 - before.http.feed200),
    // Anything but feeds requested (the poller fetches no pages): should stay 0.
    notFound: after.http.notFound,
    pagesServed: after.http.pages,
    failedPolls: after.poller.failed - before.poller.failed,
    pollerCpuSecondsPerPoll: pollerCpu / polls,
    redisCpuSecondsPerPoll: redisCpu / polls,
    feedServerCpuSecondsPerPoll: serverCpu / polls,
    pollerRssMiB: after.poller.rss / 2 ** 20,
    redisBytesPerFeedRegistered: (memFeeds - memEmpty) / FEEDS,
    redisBytesPerFeedAtEnd: (memEnd.used_memory! - memEmpty) / FEEDS,
    redisKeys: keyspace,
  };
  const f = (x: number, d = 1) => x.toFixed(d);
  writeReport(
    `feeds-${SCENARIO}`,
    `bench:feeds (${SCENARIO}) — ${FEEDS} feeds on ${sites} hosts, ${INTERVAL_SECONDS} s interval (${f(result.offeredPollsPerSecond, 0)} polls/s offered), one poller, concurrency ${CONCURRENCY}`,
    [
      ['polls/s sustained', f(result.pollsPerSecond)],
      ['  of which 304 / 200', `${f(result.notModifiedPerSecond)} / ${f(result.okPerSecond)}`],
      ['feed bytes per 200', result.okPerSecond > 0 ? f(result.feedBytesPer200, 0) : 'no 200s'],
      ['failed polls in the window', result.failedPolls],
      ['poller CPU-ms per poll', f(result.pollerCpuSecondsPerPoll * 1000, 2)],
      ['Redis CPU-ms per poll', f(result.redisCpuSecondsPerPoll * 1000, 2)],
      ['feed server CPU-ms per poll', f(result.feedServerCpuSecondsPerPoll * 1000, 2)],
      ['poller RSS', `${f(result.pollerRssMiB)} MiB`],
      [
        'Redis bytes per registered feed (hash + scheduler + its next job)',
        f(result.redisBytesPerFeedRegistered, 0),
      ],
      [
        'Redis bytes per feed at the end (incl. seen items of 200-feeds, queued parse jobs)',
        f(result.redisBytesPerFeedAtEnd, 0),
      ],
    ],
    result,
  );

  await poller.stop();
  await queues.close();
  redis.disconnect();
  await Promise.all([newsroom.close(), redisServer.stop()]);
}

await main();
