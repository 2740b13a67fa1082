/**
 * pnpm chaos — the whole stack against a local newsroom of 5,000 articles in
 * 200 feeds, while workers are killed with SIGKILL at random moments,
 * Meilisearch is stopped for 60 s and Redis is restarted (AOF on, as in
 * compose). Then it checks that the index holds exactly the expected
 * articles and prints lost, duplicated, dead-lettered and the time to drain.
 * A script that prints figures, not a CI test.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { articleIdFor, feedIdFor } from '@tidings/contracts';
import { FeedRegistry } from '@tidings/feed-state';
import { createRedis, Queues } from '@tidings/queue';
import { createMeiliClient } from '@tidings/search';
import {
  freePort,
  type RunningServer,
  type ServiceName,
  ServiceProcess,
  startMeilisearch,
  startRedis,
} from '@tidings/servers';
import { startNewsroom, TEST_MEILI_KEY, waitFor } from '@tidings/testing';
import { writeReport } from './report';
import { serviceEnv } from './service-env';

const FEEDS = Number(process.env.CHAOS_FEEDS ?? 200);
const PER_FEED = Number(process.env.CHAOS_ARTICLES_PER_FEED ?? 25);
const KILLS_PER_WORKER = Number(process.env.CHAOS_KILLS ?? 5);
const MEILI_OUTAGE_MS = Number(process.env.CHAOS_MEILI_OUTAGE_MS ?? 60_000);
const DRAIN_TIMEOUT_MS = 15 * 60_000;

/** A worker that comes back a second after being killed, as compose's restart policy would bring it back. */
function restarting(name: ServiceName, env: NodeJS.ProcessEnv): ServiceProcess {
  return new ServiceProcess(name, { env, stdio: ['ignore', 'ignore', 'inherit'], restartDelay: () => 1000 });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'tidings-chaos-'));
  const [redisPort, meiliPort] = await Promise.all([freePort(), freePort()]);
  const redisUrl = `redis://127.0.0.1:${redisPort}`;
  const meiliUrl = `http://127.0.0.1:${meiliPort}`;
  const startR = () => startRedis({ url: redisUrl, dir: join(dir, 'redis'), durable: true });
  const startM = () =>
    startMeilisearch({ url: meiliUrl, dir: join(dir, 'meili'), masterKey: TEST_MEILI_KEY });
  let redis: RunningServer = await startR();
  let meili: RunningServer = await startM();
  // The shared synthetic newsroom on one host (127.0.0.1): one publisher with FEEDS RSS/Atom/JSON
  // feeds of PER_FEED articles each, every article with its own keyword. Pages are kept small
  // (12–24 KiB): this run is about crashes and outages, not parsing cost.
  const newsroom = await startNewsroom({
    sites: 1,
    feeds: FEEDS,
    articles: FEEDS * PER_FEED,
    itemsPerFeed: PER_FEED,
    pageBytes: [12 * 1024, 24 * 1024],
    storyWords: [150, 300],
  });

  const env = serviceEnv(redisUrl, meiliUrl, TEST_MEILI_KEY, {
    // One local host serves everything; real publishers are many hosts.
    HOST_MAX_CONCURRENCY: '32',
    HOST_MAX_REQUESTS_PER_SECOND: '1000',
    INDEX_FLUSH_MS: '500',
    LOG_LEVEL: 'error',
  });
  const services = (['indexer', 'parser', 'poller'] as const).map((name) => restarting(name, env));
  const killed: Record<string, number> = {};
  for (const s of services) s.start();

  const client = createRedis(redisUrl, 'chaos');
  const queues = new Queues(client, 'tidings');
  const registry = new FeedRegistry(client, queues, 'tidings');
  const started = Date.now();
  for (const { url } of newsroom.feeds) {
    await registry.register({ id: feedIdFor(url), url, intervalSeconds: 30, defaultIntervalSeconds: 30 });
  }
  const expected = new Set(newsroom.articles.map((article) => articleIdFor(article.url)));
  console.log(`${FEEDS} feeds, ${expected.size} articles; chaos begins`);

  // Chaos: kills at random moments, one Meilisearch outage, one Redis restart.
  const kills = services.flatMap((s) => Array.from({ length: KILLS_PER_WORKER }, () => s));
  kills.sort(() => Math.random() - 0.5);
  const chaos = (async () => {
    for (const [i, s] of kills.entries()) {
      await sleep(1500 + Math.random() * 4000);
      s.kill();
      killed[s.name] = (killed[s.name] ?? 0) + 1;
      if (i === 4) {
        console.log('stopping Meilisearch');
        await meili.stop();
        await sleep(MEILI_OUTAGE_MS);
        meili = await startM();
        console.log('Meilisearch is back');
      }
      if (i === 9) {
        console.log('restarting Redis');
        await redis.stop();
        await sleep(2000);
        redis = await startR();
      }
    }
  })();

  const meiliClient = createMeiliClient(meiliUrl, TEST_MEILI_KEY);
  const countDocs = async () => {
    try {
      return (await meiliClient.index('articles').getStats()).numberOfDocuments;
    } catch {
      return -1;
    }
  };
  await chaos;
  console.log('chaos over; waiting for the backlog to drain…');
  const drainedAt = await waitFor(async () => (await countDocs()) >= expected.size && Date.now(), {
    timeoutMs: Math.max(0, DRAIN_TIMEOUT_MS - (Date.now() - started)),
    intervalMs: 1000,
  }).catch(() => undefined);

  // Exactly the expected set: every expected id present, nothing else, no id twice.
  const seen = new Map<string, number>();
  for (let offset = 0; ; offset += 1000) {
    const page = await meiliClient
      .index('articles')
      .getDocuments<{ id: string; url: string }>({ fields: ['id', 'url'], limit: 1000, offset });
    for (const d of page.results) seen.set(d.url, (seen.get(d.url) ?? 0) + 1);
    if (page.results.length < 1000) break;
  }
  const ids = new Set([...seen.keys()].map((url) => articleIdFor(url)));
  const lost = [...expected].filter((id) => !ids.has(id)).length;
  const duplicated =
    [...seen.values()].filter((n) => n > 1).length + [...ids].filter((id) => !expected.has(id)).length;
  const counts = await queues.counts();
  const deadLettered = (counts.articles?.failed ?? 0) + (counts.index?.failed ?? 0);
  const result = {
    feeds: FEEDS,
    articles: expected.size,
    kills: killed,
    meiliOutageSeconds: MEILI_OUTAGE_MS / 1000,
    redisRestarts: 1,
    lost,
    duplicated,
    deadLettered,
    secondsToDrain: drainedAt ? (drainedAt - started) / 1000 : null,
  };
  writeReport(
    'chaos',
    `pnpm chaos — ${expected.size} articles in ${FEEDS} feeds; SIGKILLs ${JSON.stringify(result.kills)}; Meilisearch down ${result.meiliOutageSeconds} s; Redis restarted once`,
    [
      ['lost', lost],
      ['duplicated', duplicated],
      ['dead-lettered', deadLettered],
      [
        'time from the first feed to all articles searchable',
        result.secondsToDrain === null ? 'did not drain' : `${result.secondsToDrain.toFixed(0)} s`,
      ],
    ],
    result,
  );

  for (const s of services) await s.stop();
  await queues.close();
  client.disconnect();
  await newsroom.close();
  await Promise.all([meili.stop(), redis.stop()]);
}

await main();
