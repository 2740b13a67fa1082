import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { articleIdFor } from '@tidings/contracts';
import { ExtractPool } from '@tidings/extract';
import { HttpClient, transientFailureHost } from '@tidings/http';
import {
  createRedis,
  DeadLetterReplayer,
  Queues,
  RETRY_AFTER_BACKOFF,
  type Redis,
  startWorker,
} from '@tidings/queue';
import { StoryIndex } from '@tidings/stories';
import { createLogger, createMetrics } from '@tidings/telemetry';
import { type Newsroom, startNewsroom, startTestRedis, type TestServer, waitFor } from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArticle } from './parse-article';
import { SiteRuleBook } from './site-rules';

/**
 * The parser as main.ts wires it: a site answering 503 turns its pages into
 * transient dead letters, and the next page fetched from it replays them.
 */
describe('article dead letters of a site that was down, against a real Redis', () => {
  let redisServer: TestServer;
  let redis: Redis;
  let newsroom: Newsroom;
  let site: Server;
  let siteUrl: string;
  let down = true;
  const http = new HttpClient({ userAgent: 'test', allowPrivateNetworks: true, allowedPorts: 'any' });
  const extractor = new ExtractPool({ threads: 1, timeoutMs: 30_000 });

  beforeAll(async () => {
    [redisServer, newsroom] = await Promise.all([startTestRedis(), startNewsroom()]);
    redis = createRedis(redisServer.url, 'test');
    const pages = newsroom.articles.filter((a) => a.site === 'daily-planet');
    // A site of its own, so it can go down: its pages are the newsroom's; /gone is gone for good.
    site = createServer((req, res) => {
      if (req.url === '/gone') return res.writeHead(410).end();
      if (down) return res.writeHead(503).end();
      const page = pages[Number(req.url?.slice(1))];
      if (!page) return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(newsroom.pageBytes(page.url));
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await http.close();
    await extractor.close();
    redis?.disconnect();
    site?.closeAllConnections();
    await new Promise((resolve) => site?.close(resolve));
    await Promise.all([redisServer?.stop(), newsroom?.close()]);
  });

  it('replays a page dead-lettered on a 503 once the site serves a page, never a 410', async () => {
    const prefix = `t-${randomUUID()}`;
    const queues = new Queues(redis, prefix);
    const metrics = createMetrics('parser');
    const deadLetters = new DeadLetterReplayer({
      queues,
      queue: 'articles',
      kind: 'site',
      dependencyOf: transientFailureHost,
      logger: createLogger('test', 'silent'),
      metrics,
    });
    const worker = startWorker(
      'parseArticle',
      parseArticle({
        http,
        queues,
        extractor,
        siteRules: SiteRuleBook.empty(),
        stories: new StoryIndex({ redis, prefix }),
        hostAnswered: (host) => deadLetters.healthy(host),
      }),
      {
        connection: redis,
        prefix,
        concurrency: 2,
        logger: createLogger('test', 'silent'),
        metrics,
        stage: 'parse',
        deadLetters,
      },
    );
    const add = (path: string) => {
      const url = `${siteUrl}${path}`;
      const articleId = articleIdFor(url);
      return queues
        .queue('articles')
        .add(
          'parse-article',
          { articleId, url, feedId: 'f', discoveredAt: new Date().toISOString(), item: {} },
          { jobId: articleId, attempts: 2, backoff: { type: RETRY_AFTER_BACKOFF, delay: 10, jitter: 0.5 } },
        );
    };
    const indexed = async (path: string) =>
      (await queues.queue('index').getJob(articleIdFor(`${siteUrl}${path}`))) !== undefined;

    try {
      await add('/0');
      await add('/gone');
      await waitFor(async () => (await queues.queue('articles').getFailedCount()) === 2);
      expect(await indexed('/0')).toBe(false);

      down = false;
      // Another page of the site, fetched fine, shows it is back.
      await add('/1');
      await waitFor(() => indexed('/1'));
      await waitFor(() => indexed('/0'));
      const failed = await queues.queue('articles').getFailed();
      expect(failed.map((j) => j.data.url)).toEqual([`${siteUrl}/gone`]);
      expect(await metrics.registry.getSingleMetricAsString('tidings_dead_letters_replayed_total')).toMatch(
        /tidings_dead_letters_replayed_total\{queue="articles",dependency="site",service="parser"\} 1/,
      );
    } finally {
      await worker.close();
      await deadLetters.close();
      await queues.close();
    }
  });
});
