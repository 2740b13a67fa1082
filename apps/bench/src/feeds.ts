/**
 * bench:feeds — the real poller process, a real Redis and the real BullMQ
 * schedulers polling many feeds served locally. Scenario `not-modified`:
 * every feed answers 304 to its conditional GET (after the first poll).
 * Scenario `mixed`: half answer 304, half answer 200 with a 20-item RSS feed
 * every time.
 * Prints polls/s, CPU-seconds per poll, Redis memory per feed, and writes
 * bench-report/feeds.{json,md}. Not a test: it asserts nothing.
 *
 *   pnpm bench:feeds                       # both scenarios, 10,000 feeds each
 *   BENCH_SCENARIO=mixed BENCH_FEEDS=2000 BENCH_SECONDS=30 pnpm --filter @tidings/bench feeds
 */
import { createServer, type Server } from 'node:http';
import { feedIdFor } from '@tidings/contracts';
import { FeedRegistry } from '@tidings/feed-state';
import { createRedis, Queues } from '@tidings/queue';
import { freePort, ServiceProcess } from '@tidings/servers';
import { startTestRedis, waitFor } from '@tidings/testing';
import { metricSum, parseInfo, writeReport } from './report';

const SCENARIO = process.env.BENCH_SCENARIO === 'not-modified' ? 'not-modified' : 'mixed';
const FEEDS = Number(process.env.BENCH_FEEDS ?? 10_000);
const INTERVAL_SECONDS = Number(process.env.BENCH_INTERVAL_SECONDS ?? 10);
const MEASURE_SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2 * INTERVAL_SECONDS + 10);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
// Feeds are spread over many loopback hosts (127.0.x.y all reach this
// machine), as real feeds are spread over many publishers: per-host
// politeness limits then apply as they would in production.
const HOSTS = Number(process.env.BENCH_HOSTS ?? Math.min(1000, Math.ceil(FEEDS / 10)));

const hostOf = (n: number) => `127.0.${1 + Math.floor((n % HOSTS) / 250)}.${1 + ((n % HOSTS) % 250)}`;

/** A 20-item RSS feed, different for every feed, the same on every request. */
function rss(n: number, host: string, port: number): string {
  const items = Array.from({ length: 20 }, (_, i) => {
    const link = `http://${host}:${port}/a/${n}/${i}.html`;
    return `<item><title>Story ${i} of feed ${n}</title><link>${link}</link><guid>${link}</guid><pubDate>${new Date(Date.UTC(2026, 10, 27, 12, i)).toUTCString()}</pubDate><description>Summary of story ${i} from feed ${n}, long enough to look like a lead paragraph of a real news story.</description></item>`;
  }).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Feed ${n}</title><link>http://${host}:${port}/</link><description>bench</description>${items}</channel></rss>`;
}

async function startFeedServers(port: number) {
  const counts = { ok: 0, notModified: 0 };
  const handler = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => {
    const n = Number(/^\/f\/(\d+)\.xml$/.exec(req.url ?? '')?.[1] ?? Number.NaN);
    if (!Number.isInteger(n)) return void res.writeHead(404).end();
    if (SCENARIO === 'not-modified' || n % 2 === 0) {
      if (req.headers['if-none-match'] === '"v1"') {
        counts.notModified++;
        return void res.writeHead(304, { etag: '"v1"' }).end();
      }
      counts.ok++;
      return void res
        .writeHead(200, { 'content-type': 'application/rss+xml', etag: '"v1"' })
        .end(rss(n, hostOf(n), port));
    }
    counts.ok++;
    res.writeHead(200, { 'content-type': 'application/rss+xml' }).end(rss(n, hostOf(n), port));
  };
  const servers: Server[] = [];
  const hosts = new Set(Array.from({ length: Math.min(HOSTS, FEEDS) }, (_, i) => hostOf(i)));
  for (const host of hosts) {
    const server = createServer({ keepAliveTimeout: 60_000 }, handler);
    await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, resolve));
    servers.push(server);
  }
  return {
    counts,
    hosts: hosts.size,
    close: () => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))),
  };
}

async function main() {
  const redisServer = await startTestRedis();
  const redis = createRedis(redisServer.url, 'bench');
  const prefix = 'bench';
  const port = await freePort();
  const feeds = await startFeedServers(port);
  const info = async (section: string) => parseInfo(await redis.info(section));
  const memEmpty = (await info('memory')).used_memory!;

  // Register the feeds as the API would; their first polls are due at once.
  console.log(`registering ${FEEDS} feeds on ${feeds.hosts} hosts…`);
  const queues = new Queues(redis, prefix);
  const registry = new FeedRegistry(redis, queues, prefix);
  for (let n = 0; n < FEEDS; n += 200) {
    await Promise.all(
      Array.from({ length: Math.min(200, FEEDS - n) }, (_, i) => {
        const url = `http://${hostOf(n + i)}:${port}/f/${n + i}.xml`;
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
    http: { ...feeds.counts },
    at: performance.now(),
  };
  console.log(`measuring for ${MEASURE_SECONDS} s…`);
  await new Promise((r) => setTimeout(r, MEASURE_SECONDS * 1000));
  const after = {
    poller: await scrape(),
    redis: await info('cpu'),
    server: process.cpuUsage(),
    http: { ...feeds.counts },
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
    hosts: feeds.hosts,
    intervalSeconds: INTERVAL_SECONDS,
    offeredPollsPerSecond: FEEDS / INTERVAL_SECONDS,
    concurrency: CONCURRENCY,
    measuredSeconds: seconds,
    pollsPerSecond: polls / seconds,
    notModifiedPerSecond: (after.http.notModified - before.http.notModified) / seconds,
    okPerSecond: (after.http.ok - before.http.ok) / seconds,
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
    `bench:feeds (${SCENARIO}) — ${FEEDS} feeds, ${INTERVAL_SECONDS} s interval (${f(result.offeredPollsPerSecond, 0)} polls/s offered), one poller, concurrency ${CONCURRENCY}`,
    [
      ['polls/s sustained', f(result.pollsPerSecond)],
      ['  of which 304 / 200', `${f(result.notModifiedPerSecond)} / ${f(result.okPerSecond)}`],
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
  await Promise.all([feeds.close(), redisServer.stop()]);
}

await main();
