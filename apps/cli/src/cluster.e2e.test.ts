import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { QueueName } from '@tidings/contracts';
import { type Cluster, createRedis, Queues, queuePrefix } from '@tidings/queue';
import { Archive, createMeiliClient, type Meilisearch, searchKeyFor } from '@tidings/search';
import { SERVICES, type ServiceName, ServiceProcess, serviceNamed } from '@tidings/servers';
import {
  type Newsroom,
  StopWaiting,
  startNewsroom,
  startTestMeilisearch,
  startTestRedisCluster,
  TEST_MEILI_KEY,
  type TestRedisCluster,
  type TestServer,
  waitFor,
} from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FeedJson, json, stackEnv } from './test-stack';

const TOKEN = 'cluster-e2e-admin-token';
/** Workers of each kind, as `docker compose up --scale` would run them. */
const REPLICAS = 2;
/** The queues whose master is killed: the hot path from parser to indexer. */
const HOT_QUEUES: QueueName[] = ['articles', 'index'];
/** Job states of work not done yet. */
const IN_FLIGHT = ['waiting', 'active', 'delayed', 'prioritized'];

/**
 * The pipeline scaled out on a real 6-node Redis Cluster and two Meilisearch
 * instances: two pollers, two parsers, two indexers and the API as separate
 * processes, against the local newsroom. The newsroom's month lives on the
 * second instance (MEILI_PLACEMENT), so every search goes through the first
 * to the second (remote federated search). Mid-run the master serving the
 * article and index queues is killed with SIGKILL; its replica takes over.
 * Every article must end up searchable exactly once, every feed polled, and
 * no article or index job left failed.
 */
describe('end to end on a Redis Cluster, through a master failover', () => {
  let cluster: TestRedisCluster;
  /** ms0, which searches go through, and ms1, which holds the newsroom's month. */
  let meiliServers: TestServer[];
  let newsroom: Newsroom;
  let dataDir: string;
  let redis: Cluster;
  let queues: Queues;
  let meilis: Meilisearch[];
  let archives: Archive[];
  let api: string;
  let prefix: string;
  const services: ServiceProcess[] = [];
  const log = new ServiceLog();
  const auth = { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' };

  beforeAll(async () => {
    let ms0: TestServer;
    let ms1: TestServer;
    [cluster, ms0, ms1, newsroom] = await Promise.all([
      startTestRedisCluster(),
      startTestMeilisearch(),
      startTestMeilisearch(),
      // Three feeds (RSS, Atom, EUC-KR RSS), 30 articles to start with.
      startNewsroom({ articlesPerSite: 10 }),
    ]);
    dataDir = mkdtempSync(join(tmpdir(), 'tidings-cluster-e2e-'));
    meiliServers = [ms0, ms1];
    redis = createRedis({ url: 'redis://127.0.0.1', clusterNodes: cluster.nodes }, 'cluster-e2e') as Cluster;
    prefix = await prefixOnOneMaster(redis, HOT_QUEUES);
    queues = new Queues(redis, prefix);
    meilis = meiliServers.map((server) => createMeiliClient(server.url, TEST_MEILI_KEY));
    archives = meilis.map((meili) => new Archive(meili, 'articles', 'month'));

    let env: NodeJS.ProcessEnv;
    ({ env, api } = await stackEnv({
      dataDir,
      adminToken: TOKEN,
      overrides: {
        REDIS_CLUSTER_NODES: cluster.seeds,
        MEILI_URL: ms0.url,
        MEILI_REMOTES: `ms0=${ms0.url},ms1=${ms1.url}`,
        // From January 2026 on, partitions live on ms1: the newsroom's seeded clock dates every article then.
        MEILI_PLACEMENT: '2026-01=ms1',
        QUEUE_PREFIX: prefix,
        // Job outcome lines: the report of what failed during the failover comes from them.
        LOG_LEVEL: 'info',
      },
    }));
    // As `tidings start` hands out keys: the master key to the indexer only, the search key to the API and the matcher.
    const { MEILI_MASTER_KEY: _, ...keyless } = env;
    const envOf = (name: ServiceName): NodeJS.ProcessEnv =>
      serviceNamed(name).meiliKey === 'master'
        ? { ...keyless, MEILI_MASTER_KEY: TEST_MEILI_KEY }
        : serviceNamed(name).meiliKey === 'search'
          ? { ...keyless, MEILI_SEARCH_KEY: searchKeyFor(TEST_MEILI_KEY) }
          : keyless;
    for (const { name } of SERVICES) {
      for (let i = 0; i < (name === 'api' ? 1 : REPLICAS); i++) {
        const label = `${name}-${i + 1}`;
        const service = new ServiceProcess(name, {
          env: envOf(name),
          stdio: ['ignore', 'pipe', 'pipe'],
          onSpawn: (child) => log.follow(label, child),
          onUnexpectedExit: ({ code, signal }) => log.exited(label, signal ?? `code ${code}`),
        });
        services.push(service);
        service.start();
      }
    }
    // A check that throws names its reason in the timeout's message.
    await waitFor(
      async () => {
        if (log.exits.length > 0) throw new StopWaiting(`${log.exits.join(', ')}:\n${log.stderr()}`);
        const res = await fetch(`${api}/readyz`);
        if (!res.ok) throw new Error(`/readyz ${res.status} ${await res.text()}`);
        return true;
      },
      { timeoutMs: 45_000, what: 'the API to be ready' },
    );
  }, 90_000);

  afterAll(async () => {
    // Each one stopped whatever happened to the others: no process outlives the test.
    await Promise.allSettled(services.map((service) => service.stop(10_000)));
    await Promise.allSettled([
      queues?.close(),
      Promise.resolve(redis?.disconnect()),
      cluster?.stop(),
      ...(meiliServers ?? []).map((server) => server.stop()),
      newsroom?.close(),
    ]);
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /**
   * How many documents each article URL has, over every index of the archive
   * (each month partition) on both instances: a partition's documents are on
   * its owner, the other holds an empty copy.
   */
  async function documentsByUrl(): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    for (const [i, archive] of archives.entries()) {
      archive.forget();
      for (const uid of await archive.indexes()) {
        const { results } = await meilis[i]!.index(uid).getDocuments<{ url: string }>({
          fields: ['url'],
          limit: 1000,
        });
        for (const { url } of results) counts.set(url, (counts.get(url) ?? 0) + 1);
      }
    }
    return counts;
  }
  /** Documents on each instance, ms0 then ms1. */
  async function documentsPerInstance(): Promise<number[]> {
    return Promise.all(
      archives.map(async (archive, i) => {
        let total = 0;
        for (const uid of await archive.indexes())
          total += (await meilis[i]!.index(uid).getStats()).numberOfDocuments;
        return total;
      }),
    );
  }
  const allSearchable = async () => {
    const found = await documentsByUrl();
    return newsroom.articles.every((article) => found.has(article.url));
  };

  it('makes every article searchable exactly once while a master of the hot queues is killed', async () => {
    const started = performance.now();
    for (const feed of newsroom.feeds) {
      const res = await fetch(`${api}/v1/feeds`, {
        method: 'POST',
        headers: auth,
        body: JSON.stringify({ url: feed.url, title: feed.site, intervalSeconds: 2 }),
      });
      expect(res.status, await res.clone().text()).toBe(201);
    }

    // Mid-run: as soon as the first articles are searchable, while the rest are in flight.
    await waitFor(async () => (await documentsByUrl()).size > 0, {
      timeoutMs: 30_000,
      intervalMs: 50,
      what: `the first article to be searchable; the services said:\n${log.stderr()}`,
    });
    const searchableAtKill = (await documentsByUrl()).size;
    const killedAt = performance.now();
    const initialArticles = newsroom.articles.length;
    const failover = cluster.killMaster(queuePrefix(prefix, 'articles'));
    // Published while the master is down, and after its replica took over: polls run through it all.
    for (const feed of newsroom.feeds) newsroom.publish(feed.site);
    const killed = await failover;
    const tookOver = performance.now();
    for (const feed of newsroom.feeds) newsroom.publish(feed.site);

    await waitFor(allSearchable, {
      timeoutMs: 45_000,
      what: `every article to be searchable; the services said:\n${log.stderr()}`,
    });
    const allSearchableAt = performance.now();

    // Nothing more in flight: a duplicate or a failure would show now, not later.
    await waitFor(
      async () => {
        const counts = await queues.counts();
        const busy = HOT_QUEUES.flatMap((q) =>
          IN_FLIGHT.flatMap((state) => (counts[q][state] ? [`${q} ${state} ${counts[q][state]}`] : [])),
        );
        if (busy.length > 0) throw new Error(busy.join(', '));
        return true;
      },
      { timeoutMs: 20_000, what: 'the article and index queues to drain' },
    );

    const found = await documentsByUrl();
    const expected = newsroom.articles.map((article) => article.url);
    expect([...found.keys()].sort()).toEqual([...expected].sort());
    expect([...found].filter(([, n]) => n !== 1)).toEqual([]);
    // Every article on ms1, which the API reaches only through ms0's remote federated search.
    expect(await documentsPerInstance()).toEqual([0, expected.length]);
    const search = await json<{ total: number; hits: Array<{ url?: string }>; missing?: string[] }>(
      fetch(`${api}/v1/search?limit=100`, { headers: auth }),
    );
    expect(search.missing).toBeUndefined();
    expect(search.hits.length).toBeGreaterThan(0);
    for (const hit of search.hits) expect(expected).toContain(hit.url);

    // Every feed was polled, and its last poll (after the failover) went well.
    await waitFor(
      async () => {
        const res = await fetch(`${api}/v1/feeds`, { headers: auth });
        if (!res.ok)
          throw new Error(
            `GET /v1/feeds ${res.status} ${await res.text()}; ${JSON.stringify(log.warningsByMessage())}`,
          );
        const { feeds } = (await res.json()) as { feeds: FeedJson[] };
        return feeds.every((feed) => feed.consecutiveFailures === 0);
      },
      { timeoutMs: 10_000, what: 'every feed to poll without error' },
    );
    const { feeds } = await json<{ feeds: FeedJson[] }>(fetch(`${api}/v1/feeds`, { headers: auth }));
    expect(feeds).toHaveLength(newsroom.feeds.length);
    for (const feed of feeds) {
      const site = newsroom.feeds.find((f) => f.url === feed.url)?.site;
      expect(feed.lastStatus, feed.url).toMatch(/^(ok|not-modified)$/);
      expect(feed.itemsSeen, feed.url).toBe(newsroom.articles.filter((a) => a.site === site).length);
    }

    // No article or index job left failed: one that failed in the failover window was retried and succeeded.
    const counts = await queues.counts();
    for (const q of HOT_QUEUES) expect(counts[q].failed, `${q} failed`).toBe(0);
    expect(log.outcomes.filter((o) => o.outcome === 'permanent_failure')).toEqual([]);
    expect(log.unrecovered()).toEqual([]);
    expect(log.exits).toEqual([]);

    // What the failover cost, for the CI log.
    const ms = (from: number, to = performance.now()) => Math.round(to - from);
    console.log(
      `cluster e2e: first article searchable ${ms(started, killedAt)} ms after the feeds were added; ` +
        `killed ${killed} (articles and index queues) with ${searchableAtKill}/${initialArticles} articles searchable; ` +
        `its replica took over in ${ms(killedAt, tookOver)} ms; all ${expected.length} searchable ${ms(killedAt, allSearchableAt)} ms after the kill, each once; ` +
        `failed attempts (retried, or polled again): ${JSON.stringify(log.failedByStage())}; failed polls kept by the feeds queue: ${counts.feeds.failed ?? 0}; ` +
        `worker errors and lost connections: ${JSON.stringify(log.warningsByMessage())}`,
    );
  }, 120_000);
});

/**
 * A QUEUE_PREFIX under which every queue of `names` hashes to the same master,
 * so that one kill hits them all. Queue names carry one hash tag each (see
 * queuePrefix), so the prefix decides which master each queue lands on.
 */
async function prefixOnOneMaster(redis: Cluster, names: QueueName[]): Promise<string> {
  // Keyless commands asked of a master: sent to any node, one could land on a replica the client
  // drops from its pool as the slots settle, and fail with "Connection is closed".
  if (redis.status !== 'ready') await new Promise((ready) => redis.once('ready', ready));
  const asked = redis.nodes('master')[0]!;
  const ranges = await asked.cluster('SLOTS');
  const masterOf = async (key: string) => {
    const slot = Number(await asked.cluster('KEYSLOT', key));
    const master = ranges.find(([from, to]) => slot >= from && slot <= to)?.[2];
    return master ? `${master[0]}:${master[1]}` : 'none';
  };
  for (let i = 0; i < 100; i++) {
    const prefix = `e2e${i}`;
    const masters = await Promise.all(names.map((name) => masterOf(queuePrefix(prefix, name))));
    if (new Set(masters).size === 1) return prefix;
  }
  throw new Error(`no prefix puts the ${names.join(' and ')} queues on one master`);
}

/** What the services printed: job outcome lines, warnings, stderr, and exits nobody asked for. */
class ServiceLog {
  readonly outcomes: Array<{ service: string; stage: string; job: string; outcome: string; error?: string }> =
    [];
  readonly warnings: string[] = [];
  readonly exits: string[] = [];
  private readonly errText: string[] = [];

  follow(service: string, child: ChildProcess): void {
    if (child.stdout)
      createInterface({ input: child.stdout }).on('line', (line) => {
        let entry: {
          level?: number;
          msg?: string;
          stage?: string;
          job_id?: string;
          outcome?: string;
          error?: string;
          err?: { message?: string } | string;
        };
        try {
          entry = JSON.parse(line);
        } catch {
          return;
        }
        if (entry.outcome && entry.stage && entry.job_id)
          this.outcomes.push({
            service,
            stage: entry.stage,
            job: entry.job_id,
            outcome: entry.outcome,
            error: entry.error,
          });
        else if ((entry.level ?? 0) >= 40)
          this.warnings.push(`${service.replace(/-\d+$/, '')}: ${entry.msg}${errorOf(entry.err)}`);
      });
    child.stderr?.on('data', (d) => this.errText.push(`[${service}] ${d}`));
  }

  exited(service: string, how: string): void {
    this.exits.push(`${service} exited (${how})`);
  }

  /** The services' stderr so far, for a timeout's message. */
  stderr(): string {
    return this.errText.join('').slice(-4000);
  }

  /**
   * Article and index jobs whose last outcome is a failure. Polls are left
   * out: a failed poll is not retried (its feed's scheduler polls again).
   */
  unrecovered(): string[] {
    const last = new Map<string, string>();
    for (const { stage, job, outcome, error } of this.outcomes)
      if (stage !== 'poll') last.set(`${stage} ${job}`, outcome === 'failed' ? `failed: ${error}` : outcome);
    return [...last]
      .filter(([, outcome]) => outcome.startsWith('failed'))
      .map(([job, why]) => `${job} ${why}`);
  }

  /** Failed attempts per stage (retried later, or for polls, polled again). */
  failedByStage(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const { stage, outcome } of this.outcomes)
      if (outcome === 'failed') counts[stage] = (counts[stage] ?? 0) + 1;
    return counts;
  }

  /** Warnings and errors other than job outcomes (lost connections, worker errors), by message. */
  warningsByMessage(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const warning of this.warnings) counts[warning] = (counts[warning] ?? 0) + 1;
    return counts;
  }
}

const errorOf = (err: { message?: string } | string | undefined) =>
  err === undefined ? '' : ` (${typeof err === 'string' ? err : err.message})`;
