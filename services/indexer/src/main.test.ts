import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  Archive,
  applyIndexSettings,
  createMeiliClient,
  SEARCH_KEY_UID,
  searchKeyFor,
  upsertArticles,
} from '@tidings/search';
import {
  articleDocument,
  startTestMeilisearch,
  startTestRedis,
  TEST_MEILI_KEY,
  type TestServer,
  waitFor,
} from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** The real indexer process, as compose and `pnpm start` run it, holding the master key. */
describe('the indexer process and its Meilisearch keys', () => {
  let redisServer: TestServer;
  let meiliServer: TestServer;
  beforeAll(async () => {
    [redisServer, meiliServer] = await Promise.all([startTestRedis(), startTestMeilisearch()]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([redisServer?.stop(), meiliServer?.stop()]);
  });

  const run = (args: string[]) => {
    const main = fileURLToPath(new URL('./main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', main, ...args], {
      env: {
        PATH: process.env.PATH,
        REDIS_URL: redisServer.url,
        MEILI_URL: meiliServer.url,
        MEILI_MASTER_KEY: TEST_MEILI_KEY,
        QUEUE_PREFIX: `t-${randomUUID()}`,
        LOG_LEVEL: 'info',
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

  it("creates the API's search-only key at start, with the value derived from the master key", async () => {
    const { child, output, exited } = run([]);
    await waitFor(() => output.text.includes('indexer started'), {
      timeoutMs: 60_000,
      what: `the indexer to start:\n${output.text}`,
    });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const key = await createMeiliClient(meiliServer.url, TEST_MEILI_KEY).getKey(SEARCH_KEY_UID);
    expect(key).toMatchObject({
      key: searchKeyFor(TEST_MEILI_KEY),
      actions: ['search', 'documents.get', 'indexes.get'],
      indexes: ['articles', 'articles-*'],
    });
  }, 90_000);

  it('moves a single index into partitions with `reindex` (the default MEILI_PARTITIONS, tiered) and exits, without taking jobs', async () => {
    const client = createMeiliClient(meiliServer.url, TEST_MEILI_KEY);
    await applyIndexSettings(client, 'articles');
    const docs = [
      articleDocument({ url: 'https://news.test/1', title: 'One', text: 'x' }),
      articleDocument({ url: 'https://news.test/2', title: 'Two', text: 'y' }),
    ];
    await upsertArticles(client, 'articles', docs);
    const { output, exited } = run(['reindex']);
    expect(await exited, output.text).toBe(0);
    expect(output.text).toContain('reindex done');
    expect(output.text).not.toContain('indexer started');
    expect(JSON.parse(output.text.split('\n').find((l) => l.includes('reindex done'))!)).toMatchObject({
      moved: 2,
      migrated: ['articles'],
    });
    // A week's index or the year's, depending on today's date.
    const home = new Archive(client, 'articles', 'tiered').indexFor(Date.parse(docs[0]!.publishedAt) / 1000);
    expect((await client.index(home).getStats()).numberOfDocuments).toBe(2);
    expect((await client.getIndexes()).results.map((i) => i.uid)).not.toContain('articles');
  }, 90_000);
});
