import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { SavedSearchInput, SavedSearchStore } from '@tidings/alerts';
import { createRedis, Queues } from '@tidings/queue';
import {
  Archive,
  archiveKeyIndexes,
  createMeiliClient,
  ensureSearchKey,
  indexArticles,
  searchKeyFor,
} from '@tidings/search';
import { createLogger } from '@tidings/telemetry';
import {
  articleDocument,
  startTestMeilisearch,
  startTestRedis,
  TEST_MEILI_KEY,
  type TestServer,
  waitFor,
} from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The real matcher process, as compose and `pnpm start` run it, with the search-only key. */
describe('the matcher process', () => {
  let redisServer: TestServer;
  let meiliServer: TestServer;
  beforeAll(async () => {
    [redisServer, meiliServer] = await Promise.all([startTestRedis(), startTestMeilisearch()]);
    await ensureSearchKey(createMeiliClient(meiliServer.url, TEST_MEILI_KEY), archiveKeyIndexes('articles'));
  }, 120_000);
  afterAll(async () => {
    await Promise.all([redisServer?.stop(), meiliServer?.stop()]);
  });

  const run = (env: Record<string, string>) => {
    const main = fileURLToPath(new URL('./main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', main], {
      env: {
        PATH: process.env.PATH,
        REDIS_URL: redisServer.url,
        MEILI_URL: meiliServer.url,
        LOG_LEVEL: 'info',
        ...env,
      },
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output = { text: '' };
    child.stdout.on('data', (d) => (output.text += d));
    child.stderr.on('data', (d) => (output.text += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    return { child, output, exited };
  };

  it('matches a batch the indexer queued, with the search key alone, and alerts its saved search', async () => {
    const prefix = `t-${randomUUID()}`;
    const redis = createRedis({ url: redisServer.url }, 'test', createLogger('test', 'silent'));
    const queues = new Queues(redis, prefix);
    const store = new SavedSearchStore(redis, prefix);
    try {
      const watched = (
        await store.create(
          SavedSearchInput.parse({ name: 'cranes', q: 'harbour cranes', filters: { language: ['en'] } }),
        )
      ).search;
      const other = (await store.create(SavedSearchInput.parse({ name: 'other', q: '"zebra crossing"' })))
        .search;
      const article = articleDocument({
        url: 'https://news.test/cranes',
        title: 'Harbour cranes stop',
        text: 'The harbour cranes stopped on Tuesday at the pier.',
        language: 'en',
      });
      const master = createMeiliClient(meiliServer.url, TEST_MEILI_KEY);
      const archive = new Archive(master, 'articles', 'tiered');
      await archive.prepare();
      const { homes } = await indexArticles(master, archive, [article]);
      const searchableAt = new Date().toISOString();
      // As the indexer hands it over.
      await queues.add('matchBatch', {
        articles: [{ id: article.id, index: homes.get(article.id)! }],
        searchableAt,
      });

      const { child, output, exited } = run({
        QUEUE_PREFIX: prefix,
        MEILI_SEARCH_KEY: searchKeyFor(TEST_MEILI_KEY),
      });
      await waitFor(async () => (await store.alerts(watched.id)).length > 0, {
        timeoutMs: 60_000,
        what: `the matcher to alert:\n${output.text}`,
      });
      const [alert] = await store.alerts(watched.id);
      expect(alert).toMatchObject({ article: { id: article.id, title: article.title }, searchableAt });
      expect(alert!.article.snippet).toContain('<mark>');
      expect(await store.alerts(other.id)).toEqual([]);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(output.text).toContain('"stage":"match"');
      expect(output.text).not.toContain('saved-search matching failed');
    } finally {
      await queues.close();
      redis.disconnect();
    }
  }, 90_000);

  it('refuses the master key: it only reads Meilisearch', async () => {
    const { output, exited } = run({ QUEUE_PREFIX: `t-${randomUUID()}`, MEILI_MASTER_KEY: TEST_MEILI_KEY });
    expect(await exited).toBe(78);
    expect(output.text).toContain('MEILI_MASTER_KEY must not reach the matcher');
  }, 30_000);
});
