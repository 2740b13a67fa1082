/**
 * bench:scale (small form) — ingest rate and search latency as the archive
 * grows, one index against month partitions (MEILI_PARTITIONS=none|month).
 *
 * For each layout, in a real Meilisearch: preload the archive to each size
 * (generated articles spread over the 12 months of 2026, batches of 5,000,
 * not timed), then time BENCH_DOCS new articles of the current month
 * (December) indexed the way the indexer does it (`indexArticles`: routing,
 * the stray check, one batch of BENCH_BATCH at a time, each waited for), then
 * time BENCH_QUERIES searches (`searchArticles`, as the API runs them).
 * Writes bench-report/scale.{json,md}. Not a test.
 *
 *   pnpm --filter @tidings/bench scale
 *   BENCH_SIZES=0,100000,250000,500000 BENCH_DOCS=5000 pnpm --filter @tidings/bench scale
 */
import {
  Archive,
  createMeiliClient,
  indexArticles,
  type PartitionScheme,
  SearchPool,
  SearchQuery,
  searchArticles,
  toIndexDocument,
  waitForSuccess,
} from '@tidings/search';
import { startTestMeilisearch, TEST_MEILI_KEY } from '@tidings/testing';
import { article, EN_WORDS, KO_WORDS, pick, SOURCES } from './corpus';
import { writeReport } from './report';

const SIZES = (process.env.BENCH_SIZES ?? '0,20000,50000').split(',').map(Number);
const DOCS = Number(process.env.BENCH_DOCS ?? 3000);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 200);
const LAYOUTS = (process.env.BENCH_LAYOUTS ?? 'none,month').split(',') as PartitionScheme[];
const PRELOAD_BATCH = 5000;
const YEAR_START = Date.parse('2026-01-01T00:00:00Z');
const YEAR_MS = Date.parse('2027-01-01T00:00:00Z') - YEAR_START;
const DECEMBER = Date.parse('2026-12-01T00:00:00Z');

/** Bytes for `documents` documents, scaled to 100,000 of them, in GB. */
const perHundredThousand = (bytes: number, documents: number) =>
  `${(((bytes / documents) * 100_000) / 1e9).toFixed(2)} GB`;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] ?? 0;

/** A query mix like bench:search's: words, Korean, sorting, a date range, facets, paging. */
function query(): SearchQuery {
  const kinds: Array<() => Record<string, string>> = [
    () => ({ q: pick(EN_WORDS) }),
    () => ({ q: `${pick(EN_WORDS)} ${pick(EN_WORDS)}` }),
    () => ({ q: pick(KO_WORDS) }),
    () => ({ q: '', source: pick(SOURCES), sort: 'recent' }),
    () => ({ q: pick(EN_WORDS), from: '2026-12-01', sort: 'recent' }),
    () => ({ q: pick(EN_WORDS), facets: 'source,language,day' }),
    () => ({ q: pick(EN_WORDS), offset: '40', limit: '20' }),
  ];
  return SearchQuery.parse(pick(kinds)());
}

interface Row {
  layout: PartitionScheme;
  documentsBefore: number;
  indexes: number;
  docsPerSecond: number;
  batchMs: { p50: number; p99: number };
  searchMs: { p50: number; p99: number };
  /** Meilisearch's database on disk, and the part of it in use, in bytes, after the row's work. */
  databaseBytes: number;
  usedDatabaseBytes: number;
}

async function main() {
  const meili = await startTestMeilisearch();
  const client = createMeiliClient(meili.url, TEST_MEILI_KEY);
  const pool = new SearchPool(meili.url, TEST_MEILI_KEY);
  const rows: Row[] = [];
  let n = 0;
  try {
    // A fresh Meilisearch is slower on its first tasks: warm it so the first layout is not penalised.
    const warm = new Archive(client, 'bench_warmup', 'none');
    await warm.prepare();
    for (let i = 0; i < 4; i++)
      await indexArticles(
        client,
        warm,
        Array.from({ length: BATCH }, () => article(n++)),
      );
    await waitForSuccess(client, (await client.deleteIndex('bench_warmup')).taskUid, 'warm-up');

    for (const layout of LAYOUTS) {
      const archive = new Archive(client, `bench_${layout}`, layout);
      await archive.prepare();
      let held = 0;
      for (const size of SIZES) {
        // Preload, untimed: the archive of the year so far, every month.
        while (held < size) {
          const count = Math.min(PRELOAD_BATCH, size - held);
          const groups = new Map<string, ReturnType<typeof toIndexDocument>[]>();
          for (let i = 0; i < count; i++) {
            const at = new Date(YEAR_START + Math.floor(((held + i) / size) * YEAR_MS)).toISOString();
            const doc = toIndexDocument(article(n++, at));
            const uid = archive.indexFor(doc.publishedAt);
            groups.set(uid, [...(groups.get(uid) ?? []), doc]);
          }
          for (const [uid, docs] of groups) {
            await archive.ensure(uid);
            await waitForSuccess(
              client,
              (await client.index(uid).addDocuments(docs, { primaryKey: 'id' })).taskUid,
              'preload',
              { timeoutMs: 1_800_000 },
            );
          }
          held += count;
          process.stderr.write(`${layout}: preloaded ${held}\n`);
        }

        // Timed: new articles of the current month, as the indexer sends them.
        const batchMs: number[] = [];
        const started = performance.now();
        for (let done = 0; done < DOCS; done += BATCH) {
          const batch = Array.from({ length: Math.min(BATCH, DOCS - done) }, () =>
            article(n++, new Date(DECEMBER + Math.floor(Math.random() * 20 * 86_400_000)).toISOString()),
          );
          const t = performance.now();
          await indexArticles(client, archive, batch);
          batchMs.push(performance.now() - t);
        }
        const docsPerSecond = DOCS / ((performance.now() - started) / 1000);
        held += DOCS;

        const searchMs: number[] = [];
        for (let i = 0; i < QUERIES; i++) {
          const q = query();
          const t = performance.now();
          await searchArticles(pool, archive, q);
          if (i >= 10) searchMs.push(performance.now() - t); // the first ones warm up
        }
        batchMs.sort((a, b) => a - b);
        searchMs.sort((a, b) => a - b);
        archive.forget();
        // The whole instance: the other layout's indexes, if any, are deleted before this one starts.
        const stats = await client.getStats();
        const row: Row = {
          layout,
          documentsBefore: held - DOCS,
          indexes: (await archive.indexes()).length,
          docsPerSecond,
          batchMs: { p50: percentile(batchMs, 0.5), p99: percentile(batchMs, 0.99) },
          searchMs: { p50: percentile(searchMs, 0.5), p99: percentile(searchMs, 0.99) },
          databaseBytes: stats.databaseSize,
          usedDatabaseBytes: stats.usedDatabaseSize ?? stats.databaseSize,
        };
        rows.push(row);
        console.log(JSON.stringify(row));
      }
      // The next layout starts from an empty instance, so its disk figures are its own.
      for (const uid of await archive.indexes())
        await waitForSuccess(client, (await client.deleteIndex(uid)).taskUid, 'cleanup');
    }
  } finally {
    await pool.close();
    await meili.stop();
  }
  const f = (x: number) => x.toFixed(1);
  writeReport(
    'scale',
    `bench:scale (small) — ${DOCS} new articles in batches of ${BATCH} into an archive of each size, then ${QUERIES} searches; single index vs month partitions`,
    rows.map((r) => [
      `${r.layout === 'none' ? 'single index' : `month partitions (${r.indexes})`}, ${r.documentsBefore} documents before`,
      `${f(r.docsPerSecond)} docs/s; batch ms p50 ${f(r.batchMs.p50)} p99 ${f(r.batchMs.p99)}; search ms p50 ${f(r.searchMs.p50)} p99 ${f(r.searchMs.p99)}; ` +
        `disk ${perHundredThousand(r.databaseBytes, r.documentsBefore + DOCS)} per 100k documents (${perHundredThousand(r.usedDatabaseBytes, r.documentsBefore + DOCS)} in use)`,
    ]),
    { sizes: SIZES, docs: DOCS, batch: BATCH, queries: QUERIES, rows },
  );
}

await main();
