import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { ArticleDocument } from '@tidings/contracts';
import { createRedis, Queues } from '@tidings/queue';
import { Archive, createMeiliClient } from '@tidings/search';
import {
  articleDocument,
  startTestMeilisearch,
  startTestRedis,
  TEST_MEILI_KEY,
  type TestServer,
  waitFor,
} from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const doc = (n: number): ArticleDocument =>
  articleDocument({
    url: `https://news.test/${n}`,
    title: `T${n}`,
    publishedAt: new Date().toISOString(),
    text: 'x',
  });

/**
 * The real indexer process, stopped with SIGTERM while a batch is in its
 * hands: it must stop taking jobs, flush the batch to Meilisearch, finish
 * the jobs and exit 0.
 */
describe('indexer graceful shutdown', () => {
  let redisServer: TestServer;
  let meiliServer: TestServer;
  beforeAll(async () => {
    [redisServer, meiliServer] = await Promise.all([startTestRedis(), startTestMeilisearch()]);
  }, 120_000);
  afterAll(async () => {
    await Promise.all([redisServer?.stop(), meiliServer?.stop()]);
  });

  it('flushes the batch in hand and exits 0 on SIGTERM', async () => {
    const prefix = `t-${randomUUID()}`;
    const main = fileURLToPath(new URL('./main.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', '--conditions=source', main], {
      env: {
        PATH: process.env.PATH,
        REDIS_URL: redisServer.url,
        MEILI_URL: meiliServer.url,
        MEILI_MASTER_KEY: TEST_MEILI_KEY,
        QUEUE_PREFIX: prefix,
        // Only the count or a drain can flush this batch.
        INDEX_FLUSH_MS: '600000',
        INDEX_BATCH_SIZE: '500',
        LOG_LEVEL: 'info',
      },
      cwd: fileURLToPath(new URL('..', import.meta.url)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await waitFor(() => output.includes('indexer started'), {
      timeoutMs: 60_000,
      what: `the indexer to start:\n${output}`,
    });

    const redis = createRedis(redisServer.url, 'test');
    const queues = new Queues(redis, prefix);
    const docs = Array.from({ length: 20 }, (_, i) => doc(i));
    await queues.addBulk(
      'indexArticle',
      docs.map((document) => ({ document })),
    );
    await waitFor(async () => (await queues.counts()).index.active === 20, {
      what: 'the jobs to be in the batch',
    });

    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const counts = (await queues.counts()).index;
    expect(counts).toMatchObject({ active: 0, waiting: 0, failed: 0 });
    // Month partitions by default: count the whole archive.
    const client = createMeiliClient(meiliServer.url, TEST_MEILI_KEY);
    let documents = 0;
    for (const uid of await new Archive(client, 'articles', 'month').indexes())
      documents += (await client.index(uid).getStats()).numberOfDocuments;
    expect(documents).toBe(20);
    expect(output).toMatch(/"msg":"stopped"/);
    await queues.close();
    redis.disconnect();
  });
});
