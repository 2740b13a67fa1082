/**
 * For the browser test: real Redis and Meilisearch, articles placed in
 * stories by the real story index and indexed as the indexer would, and the
 * built API process serving the built app, as `pnpm start` runs it. With
 * `pipeline`, the built poller, parser and indexer run too, so that articles
 * a local newsroom publishes later are fetched, indexed and matched against
 * saved searches (webhooks, Atom feed, live streams) as in production.
 */
import type { ArticleDocument } from '@tidings/contracts';
import { createRedis } from '@tidings/queue';
import {
  applyIndexSettings,
  archiveKeyIndexes,
  createMeiliClient,
  ensureSearchKey,
  upsertArticles,
} from '@tidings/search';
import { freePort, type ServiceName, ServiceProcess } from '@tidings/servers';
import { fingerprint, StoryIndex } from '@tidings/stories';
import { startTestMeilisearch, startTestRedis, TEST_MEILI_KEY, waitFor } from '@tidings/testing';

const INDEX = 'articles';
/** The services' default QUEUE_PREFIX: the story index the API reads sizes and sources from. */
const PREFIX = 'tidings';

export interface WebStack {
  /** The API's base URL, e.g. `http://127.0.0.1:PORT`; the app is at `/`. */
  url: string;
  /** The articles as indexed: each with the story the story index gave it. */
  articles: ArticleDocument[];
  /** What the processes printed so far (warnings and errors), for a failing test's message. */
  output(): string;
  close(): Promise<void>;
}

export async function startWebStack(options: {
  articles: ArticleDocument[];
  searchToken?: string;
  /** Run the poller, parser and indexer too (the API alone otherwise). */
  pipeline?: boolean;
  /** More environment for every process (e.g. `SAVED_SEARCH_LIMIT`). */
  env?: NodeJS.ProcessEnv;
}): Promise<WebStack> {
  const [redisServer, meiliServer] = await Promise.all([startTestRedis(), startTestMeilisearch()]);
  const redis = createRedis(redisServer.url, 'web-test');
  const services: ServiceProcess[] = [];
  const output: string[] = [];
  const stopAll = async () => {
    await Promise.all(services.map((s) => s.stop()));
    redis.disconnect();
    await Promise.all([redisServer.stop(), meiliServer.stop()]);
  };
  try {
    // In publication order, as the parser meets them: a copy joins the story of the first.
    const stories = new StoryIndex({ redis, prefix: PREFIX });
    const articles: ArticleDocument[] = [];
    for (const article of [...options.articles].sort((a, b) => a.publishedAt.localeCompare(b.publishedAt))) {
      const { storyId } = await stories.assign({
        articleId: article.id,
        signature: fingerprint(article.text),
        publishedAt: article.publishedAt,
        source: article.source,
      });
      articles.push({ ...article, storyId });
    }
    const master = createMeiliClient(meiliServer.url, TEST_MEILI_KEY);
    await applyIndexSettings(master, INDEX);
    await upsertArticles(master, INDEX, articles);
    const searchKey = await ensureSearchKey(master, archiveKeyIndexes(INDEX));

    const port = await freePort();
    const common: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      REDIS_URL: redisServer.url,
      MEILI_URL: meiliServer.url,
      MEILI_INDEX: INDEX,
      MEILI_PARTITIONS: 'none',
      LOG_LEVEL: 'warn',
      // The local newsroom and the test's webhook receiver listen on loopback, on random ports.
      ALLOW_PRIVATE_NETWORKS: 'true',
      ALLOWED_PORTS: '*',
      ...options.env,
    };
    const envOf: Record<ServiceName, NodeJS.ProcessEnv> = {
      // The API searches with the search key, never the master key, as in production.
      api: {
        ...common,
        MEILI_SEARCH_KEY: searchKey,
        API_PORT: String(port),
        ...(options.searchToken ? { SEARCH_TOKEN: options.searchToken } : {}),
      },
      poller: { ...common, METRICS_PORT: '0' },
      parser: {
        ...common,
        METRICS_PORT: '0',
        // Every newsroom site shares one host (127.0.0.1:port); real publishers don't.
        HOST_MAX_CONCURRENCY: '8',
        HOST_MAX_REQUESTS_PER_SECOND: '100',
      },
      indexer: { ...common, MEILI_MASTER_KEY: TEST_MEILI_KEY, METRICS_PORT: '0', INDEX_FLUSH_MS: '100' },
      matcher: { ...common, MEILI_SEARCH_KEY: searchKey, METRICS_PORT: '0' },
    };
    const names: ServiceName[] = options.pipeline
      ? ['api', 'matcher', 'indexer', 'parser', 'poller']
      : ['api'];
    for (const name of names) {
      const service = new ServiceProcess(name, {
        env: envOf[name],
        stdio: ['ignore', 'pipe', 'pipe'],
        onSpawn: (child) => {
          child.stdout?.on('data', (d) => output.push(`${name}: ${d}`));
          child.stderr?.on('data', (d) => output.push(`${name}: ${d}`));
        },
        onUnexpectedExit: ({ code, signal }) => output.push(`${name} exited (${code ?? signal})\n`),
      });
      services.push(service);
      service.start();
    }
    const url = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${url}/readyz`).catch(() => undefined))?.ok === true, {
      timeoutMs: 30_000,
      what: 'the API to be ready',
    }).catch((err: Error) => {
      throw new Error(`${err.message}; it said:\n${output.join('').slice(-3000)}`);
    });
    return { url, articles, output: () => output.join('').slice(-5000), close: stopAll };
  } catch (err) {
    await stopAll();
    throw err;
  }
}
