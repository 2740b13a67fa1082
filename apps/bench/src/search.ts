/**
 * bench:search — 100,000 generated articles (English and Korean) in a real
 * Meilisearch, then 1,000 varied queries sent through the real API process
 * and, interleaved in the same run, the equivalent searches straight to
 * Meilisearch. Prints latency percentiles for both and the API's overhead;
 * writes bench-report/search.{json,md}. Not a test.
 *
 *   pnpm bench:search
 *   BENCH_ARTICLES=20000 BENCH_QUERIES=500 pnpm --filter @tidings/bench search
 */
import {
  applyIndexSettings,
  createMeiliClient,
  ensureSearchKey,
  SearchQuery,
  toIndexDocument,
  toMeiliSearch,
  waitForSuccess,
} from '@tidings/search';
import { freePort, ServiceProcess } from '@tidings/servers';
import { startTestMeilisearch, startTestRedis, TEST_MEILI_KEY, waitFor } from '@tidings/testing';
import {
  article,
  DAY,
  EN_WORDS,
  KO_WORDS,
  ORGS,
  PEOPLE,
  PLACES,
  pick,
  random,
  SOURCES,
  START,
} from './corpus';
import { writeReport } from './report';

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 100_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 1000);

/** 1,000 varied API queries: words, Korean, typos, filters, facets, empty q, sorting, paging. */
function queries(): Array<Record<string, string>> {
  const typo = (w: string) => (w.length > 4 ? w.slice(0, 2) + w[3] + w[2] + w.slice(4) : w);
  const day = () => new Date(START + Math.floor(random() * 300) * DAY).toISOString().slice(0, 10);
  const kinds: Array<() => Record<string, string>> = [
    () => ({ q: pick(EN_WORDS) }),
    () => ({ q: `${pick(EN_WORDS)} ${pick(EN_WORDS)}` }),
    () => ({ q: pick(KO_WORDS) }),
    () => ({ q: `${pick(KO_WORDS)} ${pick(KO_WORDS)}` }),
    () => ({ q: typo(pick(EN_WORDS)) }),
    () => ({ q: '', source: pick(SOURCES) }),
    () => ({ q: '', language: pick(['en', 'ko']), sort: 'recent' }),
    () => ({ q: pick(EN_WORDS), from: day(), sort: 'recent' }),
    () => ({ q: '', person: pick(PEOPLE) }),
    () => ({ q: pick(KO_WORDS), place: pick(PLACES), org: pick(ORGS) }),
    () => ({ q: `${pick(KO_WORDS)} ${pick(EN_WORDS)}` }),
    () => ({ q: pick(EN_WORDS), offset: '40', limit: '20' }),
    () => ({ q: pick(EN_WORDS), facets: 'source,language', collapse: 'none' }),
  ];
  return Array.from({ length: QUERIES }, () => pick(kinds)());
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!;

async function main() {
  const [meili, redis] = await Promise.all([startTestMeilisearch(), startTestRedis()]);
  const client = createMeiliClient(meili.url, TEST_MEILI_KEY);
  const index = 'articles';
  await applyIndexSettings(client, index);
  console.log(`indexing ${ARTICLES} generated articles…`);
  const loadStarted = performance.now();
  for (let n = 0; n < ARTICLES; n += 5000) {
    const docs = Array.from({ length: Math.min(5000, ARTICLES - n) }, (_, i) =>
      toIndexDocument(article(n + i)),
    );
    await waitForSuccess(
      client,
      (await client.index(index).addDocuments(docs, { primaryKey: 'id' })).taskUid,
      'indexing',
      { timeoutMs: 1_800_000 },
    );
  }
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  console.log(`indexed in ${loadSeconds.toFixed(0)} s`);

  const port = await freePort();
  const api = new ServiceProcess('api', {
    env: {
      PATH: process.env.PATH,
      REDIS_URL: redis.url,
      MEILI_URL: meili.url,
      // As in production: the API holds a search-only key, never the master key.
      MEILI_SEARCH_KEY: await ensureSearchKey(client, [index]),
      API_PORT: String(port),
      LOG_LEVEL: 'warn',
    },
  });
  api.start();
  const base = `http://127.0.0.1:${port}`;
  await waitFor(async () => (await fetch(`${base}/readyz`)).ok, { timeoutMs: 30_000, what: 'the API' });

  const list = queries();
  const viaApi = (params: Record<string, string>) =>
    fetch(`${base}/v1/search?${new URLSearchParams(params)}`).then(
      (r) => r.json() as Promise<{ hits?: unknown }>,
    );
  const direct = (params: Record<string, string>) =>
    fetch(`${meili.url}/indexes/${index}/search`, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${TEST_MEILI_KEY}`,
        'content-type': 'application/json',
        'accept-encoding': 'identity',
      },
      body: JSON.stringify({ q: SearchQuery.parse(params).q, ...toMeiliSearch(SearchQuery.parse(params)) }),
    }).then((r) => r.json());
  // Warm both paths (connections, caches) before timing.
  for (const params of list.slice(0, 50)) await Promise.all([viaApi(params), direct(params)]);

  const apiMs: number[] = [];
  const directMs: number[] = [];
  const overhead: number[] = [];
  for (const params of list) {
    let t = performance.now();
    const a = await viaApi(params);
    const apiTime = performance.now() - t;
    t = performance.now();
    await direct(params);
    const directTime = performance.now() - t;
    if (!Array.isArray(a.hits))
      throw new Error(`API error for ${JSON.stringify(params)}: ${JSON.stringify(a)}`);
    apiMs.push(apiTime);
    directMs.push(directTime);
    overhead.push(apiTime - directTime);
  }
  for (const l of [apiMs, directMs, overhead]) l.sort((x, y) => x - y);
  const f = (x: number) => x.toFixed(2);
  const result = {
    articles: ARTICLES,
    queries: QUERIES,
    indexingSeconds: loadSeconds,
    api: { p50: percentile(apiMs, 0.5), p90: percentile(apiMs, 0.9), p99: percentile(apiMs, 0.99) },
    direct: {
      p50: percentile(directMs, 0.5),
      p90: percentile(directMs, 0.9),
      p99: percentile(directMs, 0.99),
    },
    overhead: {
      p50: percentile(overhead, 0.5),
      p90: percentile(overhead, 0.9),
      p99: percentile(overhead, 0.99),
    },
  };
  writeReport(
    'search',
    `bench:search — ${ARTICLES} articles (≈35% Korean), ${QUERIES} queries, sequential, keep-alive`,
    [
      ['indexing (batches of 5,000)', `${loadSeconds.toFixed(0)} s`],
      ['API ms p50 / p90 / p99', `${f(result.api.p50)} / ${f(result.api.p90)} / ${f(result.api.p99)}`],
      [
        'Meilisearch direct ms p50 / p90 / p99',
        `${f(result.direct.p50)} / ${f(result.direct.p90)} / ${f(result.direct.p99)}`,
      ],
      [
        'API overhead per query ms p50 / p90 / p99',
        `${f(result.overhead.p50)} / ${f(result.overhead.p90)} / ${f(result.overhead.p99)}`,
      ],
    ],
    result,
  );
  await api.stop();
  await Promise.all([meili.stop(), redis.stop()]);
}

await main();
