import { Archive, createMeiliClient, indexArticles, type Meilisearch } from '@tidings/search';
import { createLogger } from '@tidings/telemetry';
import { articleDocument, startTestMeilisearch, TEST_MEILI_KEY, type TestServer } from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startPartitionUpkeep } from './partition-upkeep';

describe('partition upkeep against a real Meilisearch', () => {
  let meili: TestServer;
  let client: Meilisearch;
  beforeAll(async () => {
    meili = await startTestMeilisearch();
    client = createMeiliClient(meili.url, TEST_MEILI_KEY);
  }, 120_000);
  afterAll(() => meili?.stop());

  it('creates the upcoming week and folds the weeks that left the open tier into their year, once per round', async () => {
    // Wednesday of 2026-W47: W46 and W47 are open.
    let now = Date.parse('2026-11-18T12:00:00Z');
    const archive = new Archive(client, 'articles', 'tiered', () => now);
    const docs = ['2026-11-10T08:00:00Z', '2026-11-20T08:00:00Z'].map((publishedAt, n) =>
      articleDocument({ url: `https://news.test/${n}`, title: `T${n}`, text: 'x', publishedAt }),
    );
    await indexArticles(client, archive, docs);

    now = Date.parse('2026-12-01T10:00:00Z'); // W49: W46 and W47 are closed
    const logger = createLogger('test', 'silent');
    const info = vi.spyOn(logger, 'info');
    const upkeep = startPartitionUpkeep({ client, archive, logger, everyMs: 3_600_000 });
    try {
      await upkeep.round(); // the one started with it
      archive.forget();
      expect(await archive.indexes()).toEqual(['articles-2026', 'articles-2026-W49']);
      expect((await client.index('articles-2026').getStats()).numberOfDocuments).toBe(2);
      const folded = info.mock.calls.filter((c) => c[1] === 'closed partition folded into its year');
      expect(folded.map((c) => (c[0] as { partition: string }).partition)).toEqual([
        'articles-2026-W46',
        'articles-2026-W47',
      ]);
      await upkeep.round();
      expect(info.mock.calls.filter((c) => c[1] === 'closed partition folded into its year')).toHaveLength(2);
    } finally {
      upkeep.stop();
    }
  }, 60_000);
});
