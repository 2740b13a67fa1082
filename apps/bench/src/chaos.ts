/**
 * pnpm chaos — the whole stack against a local newsroom of 5,000 articles in
 * 200 feeds, while workers are killed with SIGKILL at random moments,
 * Meilisearch is stopped for 5 minutes and Redis is restarted (AOF on, as in
 * compose). Two hostile turns on top:
 *
 * - poison: documents Meilisearch refuses (valid by the contract, unreadable
 *   by its JSON parser) are queued into the busy index queue, so they land
 *   in batches of good ones;
 * - edits: while Meilisearch is down, articles are edited at their source,
 *   some twice, so their newer versions queue up behind the outage.
 *
 * Then it checks that the index holds exactly the expected articles, each in
 * its latest version, and prints lost, duplicated, stale, dead-lettered and
 * the time to drain. A script that prints figures, not a CI test.
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
import {
  articleDocument,
  type NewsroomArticle,
  startNewsroom,
  TEST_MEILI_KEY,
  waitFor,
} from '@tidings/testing';
import { writeReport } from './report';
import { envFor, serviceEnv } from './service-env';

const FEEDS = Number(process.env.CHAOS_FEEDS ?? 200);
const PER_FEED = Number(process.env.CHAOS_ARTICLES_PER_FEED ?? 25);
const KILLS_PER_WORKER = Number(process.env.CHAOS_KILLS ?? 5);
const MEILI_OUTAGE_MS = Number(process.env.CHAOS_MEILI_OUTAGE_MS ?? 300_000);
/** Articles edited at their source during the outage; every other one is edited twice. */
const EDITS = Number(process.env.CHAOS_EDITS ?? 100);
const POISON = Number(process.env.CHAOS_POISON ?? 3);
const DRAIN_TIMEOUT_MS = 25 * 60_000;

/** A worker that comes back a second after being killed, as compose's restart policy would bring it back. */
function restarting(name: ServiceName, env: NodeJS.ProcessEnv): ServiceProcess {
  return new ServiceProcess(name, { env, stdio: ['ignore', 'ignore', 'inherit'], restartDelay: () => 1000 });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Valid by the contract, refused by Meilisearch's JSON parser: a lone UTF-16 surrogate in its text. */
function poisonDocument(n: number) {
  return articleDocument({
    url: `https://poison.chaos.invalid/${n}`,
    title: `Poison ${n}`,
    text: `A page whose text breaks the index \ud800 here.`,
  });
}

/** How a revised article's title ends: the newsroom's revision mark. */
const revisionMark = (article: NewsroomArticle) =>
  `[${article.language === 'ko' ? '수정' : 'revised'} ${article.revision}]`;

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
  const services = (['matcher', 'indexer', 'parser', 'poller'] as const).map((name) =>
    restarting(name, envFor(name, env)),
  );
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

  // Poison, queued while the index queue is busy so that it shares batches with good documents.
  const poisonIds = new Set<string>();
  const poisoning = (async () => {
    await waitFor(
      async () => {
        const index = (await queues.counts()).index ?? {};
        return (index.waiting ?? 0) + (index.active ?? 0) + (index.prioritized ?? 0) >= 20;
      },
      { timeoutMs: 120_000, intervalMs: 100 },
    ).catch(() => console.log('the index queue never got busy; poison queued anyway'));
    for (let n = 0; n < POISON; n++) {
      const document = poisonDocument(n);
      poisonIds.add(document.id);
      await queues.add('indexArticle', { document });
      await sleep(500);
    }
    console.log(`${POISON} poison documents queued`);
  })();

  // Edits at the source while Meilisearch is down: half of them edited again halfway through.
  const edited = new Set<string>();
  const editDuringOutage = async () => {
    const picks = [...newsroom.articles].sort(() => Math.random() - 0.5).slice(0, EDITS);
    for (const article of picks) edited.add(newsroom.revise(article.url).url);
    await sleep(MEILI_OUTAGE_MS / 2);
    for (const article of picks.slice(0, Math.floor(EDITS / 2))) newsroom.revise(article.url);
    console.log(`${picks.length} articles edited at their source, ${Math.floor(EDITS / 2)} of them twice`);
  };

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
        await Promise.all([editDuringOutage(), sleep(MEILI_OUTAGE_MS)]);
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
  /** What the index holds against what the newsroom published: lost, duplicated, stale, poison let in. */
  const check = async () => {
    const titles = new Map<string, string[]>();
    for (let offset = 0; ; offset += 1000) {
      const page = await meiliClient
        .index('articles')
        .getDocuments<{ id: string; url: string; title: string }>({
          fields: ['id', 'url', 'title'],
          limit: 1000,
          offset,
        });
      for (const d of page.results) titles.set(d.url, [...(titles.get(d.url) ?? []), d.title]);
      if (page.results.length < 1000) break;
    }
    const ids = new Set([...titles.keys()].map((url) => articleIdFor(url)));
    const poisonIndexed = [...poisonIds].filter((id) => ids.has(id)).length;
    const current = newsroom.articles.filter((article) => article.revision > 0);
    return {
      lost: [...expected].filter((id) => !ids.has(id)).length,
      duplicated:
        [...titles.values()].filter((t) => t.length > 1).length +
        [...ids].filter((id) => !expected.has(id) && !poisonIds.has(id)).length,
      // An edited article whose indexed headline is not its latest revision.
      stale: current.filter((article) => !titles.get(article.url)?.[0]?.endsWith(revisionMark(article)))
        .length,
      poisonIndexed,
    };
  };
  await Promise.all([chaos, poisoning]);
  console.log('chaos over; waiting for the backlog to drain…');
  let last = { lost: expected.size, duplicated: 0, stale: edited.size, poisonIndexed: 0 };
  const drainedAt = await waitFor(
    async () => {
      last = await check().catch(() => last);
      return last.lost === 0 && last.stale === 0 && Date.now();
    },
    { timeoutMs: Math.max(0, DRAIN_TIMEOUT_MS - (Date.now() - started)), intervalMs: 2000 },
  ).catch(() => undefined);
  // Settled: a late duplicate or a poison let in would show now.
  await sleep(5000);
  const { lost, duplicated, stale, poisonIndexed } = await check();

  const counts = await queues.counts();
  const deadLetters = await queues.queue('index').getFailed(0, -1);
  const poisonRejected = deadLetters.filter(
    (job) => poisonIds.has(job.id ?? '') && job.failedReason.includes('rejected'),
  ).length;
  const deadLettered = (counts.articles?.failed ?? 0) + (counts.index?.failed ?? 0) - poisonRejected;
  const revisions = newsroom.articles.reduce((sum, article) => sum + article.revision, 0);
  const result = {
    feeds: FEEDS,
    articles: expected.size,
    kills: killed,
    meiliOutageSeconds: MEILI_OUTAGE_MS / 1000,
    redisRestarts: 1,
    edited: edited.size,
    revisions,
    poison: POISON,
    lost,
    duplicated,
    stale,
    poisonRejected,
    poisonIndexed,
    deadLettered,
    secondsToDrain: drainedAt ? (drainedAt - started) / 1000 : null,
  };
  writeReport(
    'chaos',
    `pnpm chaos — ${expected.size} articles in ${FEEDS} feeds; SIGKILLs ${JSON.stringify(result.kills)}; Meilisearch down ${result.meiliOutageSeconds} s with ${edited.size} articles edited at the source meanwhile (${revisions} revisions); Redis restarted once; ${POISON} poison documents`,
    [
      ['lost', lost],
      ['duplicated', duplicated],
      ['stale (an edited article not in its latest version)', stale],
      ['poison documents dead-lettered as rejected / indexed', `${poisonRejected} / ${poisonIndexed}`],
      ['other dead letters', deadLettered],
      [
        'time from the first feed to all articles searchable, latest versions',
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
