/**
 * For the browser test: real Redis and Meilisearch, articles placed in
 * stories by the real story index and indexed as the indexer would, and the
 * built API process serving the built app, as `pnpm start` runs it.
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
import { freePort, ServiceProcess } from '@tidings/servers';
import { fingerprint, StoryIndex } from '@tidings/stories';
import { startTestMeilisearch, startTestRedis, TEST_MEILI_KEY, waitFor } from '@tidings/testing';

const INDEX = 'articles';
/** The API's default QUEUE_PREFIX: the story index it reads sizes and sources from. */
const PREFIX = 'tidings';

export interface WebStack {
  /** The API's base URL, e.g. `http://127.0.0.1:PORT`; the app is at `/`. */
  url: string;
  /** The articles as indexed: each with the story the story index gave it. */
  articles: ArticleDocument[];
  close(): Promise<void>;
}

export async function startWebStack(options: {
  articles: ArticleDocument[];
  searchToken?: string;
}): Promise<WebStack> {
  const [redisServer, meiliServer] = await Promise.all([startTestRedis(), startTestMeilisearch()]);
  const redis = createRedis(redisServer.url, 'web-test');
  let api: ServiceProcess | undefined;
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
    const output: string[] = [];
    api = new ServiceProcess('api', {
      env: {
        PATH: process.env.PATH,
        REDIS_URL: redisServer.url,
        MEILI_URL: meiliServer.url,
        MEILI_SEARCH_KEY: searchKey,
        MEILI_INDEX: INDEX,
        MEILI_PARTITIONS: 'none',
        API_PORT: String(port),
        LOG_LEVEL: 'warn',
        ...(options.searchToken ? { SEARCH_TOKEN: options.searchToken } : {}),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
      onSpawn: (child) => {
        child.stdout?.on('data', (d) => output.push(String(d)));
        child.stderr?.on('data', (d) => output.push(String(d)));
      },
    });
    api.start();
    const url = `http://127.0.0.1:${port}`;
    await waitFor(async () => (await fetch(`${url}/readyz`).catch(() => undefined))?.ok === true, {
      timeoutMs: 30_000,
      what: 'the API to be ready',
    }).catch((err: Error) => {
      throw new Error(`${err.message}; it said:\n${output.join('').slice(-3000)}`);
    });
    const running = api;
    return {
      url,
      articles,
      async close() {
        await running.stop();
        redis.disconnect();
        await Promise.all([redisServer.stop(), meiliServer.stop()]);
      },
    };
  } catch (err) {
    await api?.stop();
    redis.disconnect();
    await Promise.all([redisServer.stop(), meiliServer.stop()]);
    throw err;
  }
}
