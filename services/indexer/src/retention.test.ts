import type { ArticleDocument } from '@tidings/contracts';
import {
  Archive,
  applyIndexSettings,
  createMeiliClient,
  getArticle,
  indexArticles,
  type Meilisearch,
  upsertArticles,
} from '@tidings/search';
import { createLogger } from '@tidings/telemetry';
import {
  articleDocument,
  startTestMeilisearch,
  TEST_MEILI_KEY,
  type TestServer,
  waitFor,
} from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startRetention } from './retention';

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** An article published `daysAgo` days ago; `n` keeps its URL (and so its id) apart. */
const doc = (n: number, daysAgo: number): ArticleDocument => {
  const publishedAt = new Date(Date.now() - daysAgo * DAY).toISOString();
  return articleDocument({ url: `https://news.test/${n}`, title: `T${n}`, publishedAt, text: 'x' });
};

/**
 * A real (silent) service logger whose `info` and `warn` calls are recorded,
 * so a test can read what a sweep reported without parsing stdout.
 */
function recordingLogger() {
  const logger = createLogger('test', 'silent');
  return { logger, info: vi.spyOn(logger, 'info'), warn: vi.spyOn(logger, 'warn') };
}

/** The `{ cutoff, deleted }` objects of the successful sweeps logged so far. */
function sweepsLogged(info: ReturnType<typeof recordingLogger>['info']): { cutoff: Date; deleted: number }[] {
  return info.mock.calls
    .filter((c) => c[1] === 'retention sweep')
    .map((c) => c[0] as unknown as { cutoff: Date; deleted: number });
}

const ids = async (client: Meilisearch, index: string) =>
  (await client.index(index).getDocuments<{ id: string }>({ fields: ['id'], limit: 1000 })).results
    .map((d) => d.id)
    .sort();

describe('retention against a real Meilisearch', () => {
  let meili: TestServer;
  let client: Meilisearch;
  beforeAll(async () => {
    meili = await startTestMeilisearch();
    client = createMeiliClient(meili.url, TEST_MEILI_KEY);
    await applyIndexSettings(client, 'articles');
  }, 120_000);
  afterAll(() => meili?.stop());

  it('sweeps once at start: deletes exactly the articles past the retention age and logs how many', async () => {
    const index = 'retention_start';
    await applyIndexSettings(client, index);
    // Either side of the 30-day line, close to it, so a cutoff off by days or a
    // comparison the wrong way round deletes the wrong ones.
    const expired = [doc(10, 31), doc(11, 400)];
    const kept = [doc(12, 29), doc(13, 0)];
    await upsertArticles(client, index, [...expired, ...kept]);
    const { logger, info, warn } = recordingLogger();
    const before = Date.now();
    // An hour between sweeps: only the sweep made at start can act within this test.
    const retention = startRetention({
      client,
      archive: new Archive(client, index, 'none'),
      days: 30,
      logger,
      everyMs: HOUR,
    });
    try {
      const [sweep] = await waitFor(() => sweepsLogged(info).length > 0 && sweepsLogged(info), {
        what: 'the first sweep',
      });
      expect(sweep!.deleted).toBe(2);
      expect(sweep!.cutoff.getTime()).toBeGreaterThanOrEqual(before - 30 * DAY);
      expect(sweep!.cutoff.getTime()).toBeLessThanOrEqual(Date.now() - 30 * DAY);
      expect(await ids(client, index)).toEqual(kept.map((d) => d.id).sort());
      expect(warn).not.toHaveBeenCalled();
    } finally {
      retention.stop();
    }
  });

  it('sweeps again on its schedule', async () => {
    const old = doc(1, 40);
    const recent = doc(2, 10);
    const { logger, info } = recordingLogger();
    const retention = startRetention({
      client,
      archive: new Archive(client, 'articles', 'none'),
      days: 30,
      logger,
      everyMs: 100,
    });
    try {
      // Written after the first sweep finished: only a later, scheduled sweep can remove it.
      await waitFor(() => sweepsLogged(info).length > 0, { what: 'the first sweep' });
      await upsertArticles(client, 'articles', [old, recent]);
      await waitFor(async () => (await getArticle(client, 'articles', old.id)) === undefined, {
        what: 'the old article to go',
      });
      expect(await getArticle(client, 'articles', recent.id)).toBeDefined();
    } finally {
      retention.stop();
    }
  });

  it('logs a sweep Meilisearch rejects and keeps the schedule going', async () => {
    // An index created by the documents alone has no filterable attributes, so
    // Meilisearch fails the `publishedAt < …` deletion: a real error, not a mock.
    const index = 'retention_unfilterable';
    const old = doc(20, 40);
    const recent = doc(21, 1);
    await upsertArticles(client, index, [old, recent]);
    const { logger, warn, info } = recordingLogger();
    const retention = startRetention({
      client,
      archive: new Archive(client, index, 'none'),
      days: 30,
      logger,
      everyMs: 100,
    });
    try {
      // Two failures: the schedule outlived the first one.
      await waitFor(() => warn.mock.calls.length >= 2, { what: 'two failed sweeps' });
      expect(warn.mock.calls[0]![1]).toBe('retention sweep failed; will retry');
      expect((warn.mock.calls[0]![0] as unknown as { err: string }).err).toMatch(/publishedAt/);
      expect(sweepsLogged(info)).toEqual([]);
      expect(await ids(client, index)).toEqual([old.id, recent.id].sort());
      // Once the index can filter, the next scheduled sweep does its job.
      await applyIndexSettings(client, index);
      await waitFor(async () => (await getArticle(client, index, old.id)) === undefined, {
        what: 'a later sweep to succeed',
      });
      expect(await ids(client, index)).toEqual([recent.id]);
    } finally {
      retention.stop();
    }
  });

  it('drops month partitions wholly past the cutoff and trims only the one it falls in', async () => {
    const archive = new Archive(client, 'monthly', 'month');
    const docs = [doc(40, 400), doc(41, 31), doc(42, 29), doc(43, 0)];
    await indexArticles(client, archive, docs);
    const before = await archive.indexes();
    const cutoffMonth = archive.indexFor((Date.now() - 30 * DAY) / 1000);
    const { logger, info } = recordingLogger();
    const retention = startRetention({ client, archive, days: 30, logger, everyMs: HOUR });
    try {
      await waitFor(() => sweepsLogged(info).length >= 1, { what: 'the sweep at start' });
      const sweep = info.mock.calls.find((c) => c[1] === 'retention sweep')?.[0] as unknown as {
        deleted: number;
        dropped_partitions: string[];
      };
      // Every partition that ended before the cutoff is gone whole; the rest stay.
      const expectDropped = before.filter(
        (uid) => (archive.spanOf(uid)?.to ?? Infinity) < (Date.now() - 30 * DAY) / 1000,
      );
      expect(sweep.dropped_partitions).toEqual(expectDropped);
      expect(expectDropped).toContain(archive.indexFor(Date.parse(docs[0]!.publishedAt) / 1000));
      expect(sweep.deleted).toBe(2);
      expect(await archive.indexes()).toContain(cutoffMonth);
      for (const d of docs.slice(2)) expect(await getArticle(client, archive, d.id)).toBeDefined();
      for (const d of docs.slice(0, 2)) expect(await getArticle(client, archive, d.id)).toBeUndefined();
    } finally {
      retention.stop();
    }
  });

  it('stops sweeping after stop()', async () => {
    const index = 'retention_stopped';
    await applyIndexSettings(client, index);
    const { logger, info } = recordingLogger();
    const retention = startRetention({
      client,
      archive: new Archive(client, index, 'none'),
      days: 30,
      logger,
      everyMs: 100,
    });
    await waitFor(() => sweepsLogged(info).length >= 2, { what: 'two scheduled sweeps' });
    retention.stop();
    // Let a sweep already under way finish before counting.
    await new Promise((r) => setTimeout(r, 500));
    const sweeps = sweepsLogged(info).length;
    const old = doc(30, 40);
    await upsertArticles(client, index, [old]);
    // Ten intervals: a schedule still running would have swept several times.
    await new Promise((r) => setTimeout(r, 1000));
    expect(sweepsLogged(info).length).toBe(sweeps);
    expect(await getArticle(client, index, old.id)).toBeDefined();
  });

  it('keeps everything, and never sweeps, when the retention age is 0', async () => {
    const ancient = articleDocument({ url: 'https://news.test/3', publishedAt: '2001-01-01T00:00:00.000Z' });
    await upsertArticles(client, 'articles', [ancient]);
    const { logger, info, warn } = recordingLogger();
    const retention = startRetention({
      client,
      archive: new Archive(client, 'articles', 'none'),
      days: 0,
      logger,
      everyMs: 50,
    });
    await retention.sweep();
    await new Promise((r) => setTimeout(r, 300));
    retention.stop();
    expect(await getArticle(client, 'articles', ancient.id)).toBeDefined();
    expect(info).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
  });
});
