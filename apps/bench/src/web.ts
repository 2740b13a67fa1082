/**
 * bench:web — in the analysts' web app, how long from a keystroke in the
 * search box to that query's results on screen, in headless Chromium, over
 * an archive of BENCH_ARTICLES (100,000) generated articles (`corpus.ts`,
 * ≈35 % Korean, spread over the year before today) in the default tiered
 * layout, through the built API process serving the built app.
 *
 * Each of BENCH_QUERIES queries (English words, two words, a typo, Korean,
 * Korean two words) is typed into an emptied box one key every
 * BENCH_KEY_DELAY_MS (120 ms, a brisk typist). The page records each
 * keystroke's time (keydown, or the input event for text typed without
 * one, as Korean is) and the app marks `tidings:results` once a query's
 * results are painted (components/results.tsx); both are performance.now()
 * times in the page. Reported: last keystroke → its results drawn (the wait
 * an analyst sees once they stop typing; a keystroke held back by the app's
 * one search per 50 ms included), of it the part from the request's leaving (the app's
 * `tidings:search` mark) and from its answer's reading (`tidings:answer`)
 * to the drawing, every keystroke whose own results
 * were drawn, and the search requests as the browser timed them, with the
 * API's own steps from their `Server-Timing` headers. Writes bench-report/web.{json,md} and
 * screenshots bench-report/web-app.png and web-app-phone.png. Not a test.
 *
 *   pnpm bench:web
 *   BENCH_ARTICLES=20000 BENCH_QUERIES=20 pnpm --filter @tidings/bench web
 */
import { existsSync } from 'node:fs';
import { Archive, archiveKeyIndexes, createMeiliClient, ensureSearchKey } from '@tidings/search';
import { freePort, ServiceProcess } from '@tidings/servers';
import { startTestMeilisearch, startTestRedis, TEST_MEILI_KEY, waitFor } from '@tidings/testing';
import { chromium, type Page } from 'playwright-core';
import { EN_WORDS, KO_WORDS, pick } from './corpus';
import { preload } from './preload';
import { REPORT_DIR, writeReport } from './report';

const ARTICLES = Number(process.env.BENCH_ARTICLES ?? 100_000);
const QUERIES = Number(process.env.BENCH_QUERIES ?? 60);
const KEY_DELAY_MS = Number(process.env.BENCH_KEY_DELAY_MS ?? 120);
const TARGET_P95_MS = 150;
const CHROMIUM = '/usr/bin/chromium';
const INDEX = 'articles';

const typo = (w: string) => (w.length > 4 ? w.slice(0, 2) + w[3] + w[2] + w.slice(4) : w);
/** The typed mix: English, two words, a transposition typo, Korean, two Korean words. */
const KINDS: Record<string, () => string> = {
  'English word': () => pick(EN_WORDS),
  'two English words': () => `${pick(EN_WORDS)} ${pick(EN_WORDS)}`,
  'English typo': () => typo(pick(EN_WORDS)),
  'Korean word': () => pick(KO_WORDS),
  'two Korean words': () => `${pick(KO_WORDS)} ${pick(KO_WORDS)}`,
};

function queries(): Array<{ kind: string; q: string }> {
  const kinds = Object.entries(KINDS);
  return Array.from({ length: QUERIES }, (_, i) => {
    const [kind, make] = kinds[i % kinds.length]!;
    return { kind, q: make() };
  });
}

/**
 * Runs in the page before the app: every keystroke in the search box, with
 * the box's text after it. A string, not a function: the TypeScript runner
 * wraps named functions in a helper the page does not have.
 */
const RECORD_KEYSTROKES = `
  window.keys = [];
  const inBox = (e) => e.target && e.target.id === 'q';
  document.addEventListener('keydown', (e) => { if (inBox(e)) window.lastKey = e.timeStamp; }, true);
  document.addEventListener('input', (e) => {
    if (!inBox(e)) return;
    window.keys.push({ q: e.target.value, t: window.lastKey ?? e.timeStamp });
    window.lastKey = undefined;
  }, true);
`;

interface Typed {
  keys: Array<{ q: string; t: number }>;
  /** When the app sent each search (its `tidings:search` mark), and had its answer (`tidings:answer`). */
  sent: Array<{ q: string; t: number }>;
  answered: Array<{ q: string; t: number }>;
  drawn: Array<{ q: string; t: number }>;
  requests: number[];
  /** Each request's `Server-Timing` steps (search, snippets, stories, meili), ms. */
  serverSteps: Array<Record<string, number>>;
}

/** Empties the box, waits for its results, types `query`, and waits until its results are drawn. */
async function typeQuery(page: Page, query: string): Promise<Typed | undefined> {
  await page.locator('#q').fill('');
  await page.waitForFunction(
    () =>
      performance
        .getEntriesByName('tidings:results')
        .some((m) => (m as PerformanceMark).detail?.q === '' && m.startTime > 0),
    undefined,
    { timeout: 30_000 },
  );
  await page.evaluate(() => {
    (window as unknown as { keys: unknown[] }).keys = [];
    performance.clearMarks('tidings:results');
    performance.clearMarks('tidings:search');
    performance.clearMarks('tidings:answer');
    performance.clearResourceTimings();
  });
  await page.locator('#q').pressSequentially(query, { delay: KEY_DELAY_MS });
  const drawn = await page
    .waitForFunction(
      (q) =>
        performance.getEntriesByName('tidings:results').some((m) => (m as PerformanceMark).detail?.q === q),
      query,
      { timeout: 10_000 },
    )
    .then(() => true)
    .catch(() => false);
  if (!drawn) return undefined;
  return page.evaluate(() => ({
    keys: (window as unknown as { keys: Typed['keys'] }).keys,
    sent: performance
      .getEntriesByName('tidings:search')
      .map((m) => ({ q: String((m as PerformanceMark).detail?.q), t: m.startTime })),
    answered: performance
      .getEntriesByName('tidings:answer')
      .map((m) => ({ q: String((m as PerformanceMark).detail?.q), t: m.startTime })),
    drawn: performance
      .getEntriesByName('tidings:results')
      .map((m) => ({ q: String((m as PerformanceMark).detail?.q), t: m.startTime })),
    requests: performance
      .getEntriesByType('resource')
      .filter((r) => r.name.includes('/v1/search'))
      .map((r) => r.duration),
    serverSteps: (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((r) => r.name.includes('/v1/search'))
      .map((r) => Object.fromEntries(r.serverTiming.map((t) => [t.name, t.duration]))),
  }));
}

const percentile = (sorted: number[], p: number) =>
  sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
const summary = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const r = (x: number) => Number(x.toFixed(1));
  return {
    n: sorted.length,
    p50: r(percentile(sorted, 0.5)),
    p95: r(percentile(sorted, 0.95)),
    p99: r(percentile(sorted, 0.99)),
    max: r(sorted[sorted.length - 1] ?? Number.NaN),
  };
};

async function main() {
  if (!existsSync(CHROMIUM)) throw new Error(`bench:web needs ${CHROMIUM} (apt-get install chromium)`);
  const [meili, redis] = await Promise.all([startTestMeilisearch(), startTestRedis()]);
  const client = createMeiliClient(meili.url, TEST_MEILI_KEY);
  const archive = new Archive(client, INDEX, 'tiered');
  await archive.prepare();
  console.log(`indexing ${ARTICLES} generated articles (tiered partitions)…`);
  const loadStarted = performance.now();
  let n = 0;
  await preload(client, archive, 0, ARTICLES, Date.now(), () => n++);
  const indexingSeconds = (performance.now() - loadStarted) / 1000;
  const partitions = (await archive.indexes()).length;

  const port = await freePort();
  const api = new ServiceProcess('api', {
    env: {
      PATH: process.env.PATH,
      REDIS_URL: redis.url,
      MEILI_URL: meili.url,
      MEILI_SEARCH_KEY: await ensureSearchKey(client, archiveKeyIndexes(INDEX)),
      MEILI_INDEX: INDEX,
      MEILI_PARTITIONS: 'tiered',
      API_PORT: String(port),
      LOG_LEVEL: 'warn',
      // One analyst typing fast stays far below it; the bench must not measure the limiter.
      API_RATE_LIMIT_PER_MINUTE: '0',
    },
  });
  api.start();
  const base = `http://127.0.0.1:${port}`;
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  try {
    await waitFor(async () => (await fetch(`${base}/readyz`).catch(() => undefined))?.ok === true, {
      timeoutMs: 30_000,
      what: 'the API',
    });
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await page.addInitScript(RECORD_KEYSTROKES);
    await page.goto(`${base}/`);
    await page.locator('.hits .hit-link').first().waitFor({ timeout: 30_000 });

    const list = queries();
    // Warm the connections, Meilisearch's caches and the page's code paths before timing.
    for (const q of ['harbour', '서울', 'council vote']) await typeQuery(page, q);

    const last: number[] = [];
    const lastByKind = new Map<string, number[]>(Object.keys(KINDS).map((kind) => [kind, []]));
    const sentToDrawn: number[] = [];
    const answerToDrawn: number[] = [];
    const every: number[] = [];
    const requests: number[] = [];
    const serverSteps = new Map<string, number[]>();
    let keystrokes = 0;
    let lost = 0;
    for (const { kind, q } of list) {
      const typed = await typeQuery(page, q);
      if (!typed) {
        lost++;
        continue;
      }
      const final = typed.keys.at(-1);
      if (!final) throw new Error(`no keystroke recorded while typing "${q}"`);
      keystrokes += typed.keys.length;
      requests.push(...typed.requests);
      for (const steps of typed.serverSteps)
        for (const [step, ms] of Object.entries(steps)) {
          if (!serverSteps.has(step)) serverSteps.set(step, []);
          serverSteps.get(step)!.push(ms);
        }
      const done = typed.drawn.find((d) => d.q === q && d.t >= final.t);
      if (done) {
        last.push(done.t - final.t);
        lastByKind.get(kind)!.push(done.t - final.t);
        const sent = typed.sent.filter((m) => m.q === q && m.t <= done.t).at(-1);
        if (sent) sentToDrawn.push(done.t - sent.t);
        const answer = typed.answered.filter((m) => m.q === q && m.t <= done.t).at(-1);
        if (answer) answerToDrawn.push(done.t - answer.t);
      }
      for (const key of typed.keys) {
        const drawn = typed.drawn.find((d) => d.q === key.q && d.t >= key.t);
        if (drawn) every.push(drawn.t - key.t);
      }
    }

    await page.locator('#q').fill('harbour');
    await page.locator('section.results[aria-busy="false"] .hits').waitFor({ timeout: 10_000 });
    await page.screenshot({ path: `${REPORT_DIR}web-app.png` });
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: `${REPORT_DIR}web-app-phone.png` });

    const lastMs = summary(last);
    const sentMs = summary(sentToDrawn);
    const answerMs = summary(answerToDrawn);
    const everyMs = summary(every);
    const requestMs = summary(requests);
    const result = {
      articles: ARTICLES,
      partitions,
      indexingSeconds: Math.round(indexingSeconds),
      queries: list.length,
      keystrokes,
      keyDelayMs: KEY_DELAY_MS,
      lostQueries: lost,
      lastKeystrokeToResultsMs: lastMs,
      requestSentToResultsMs: sentMs,
      answerToResultsMs: answerMs,
      everyDrawnKeystrokeMs: everyMs,
      searchRequestMs: requestMs,
      serverStepsMs: Object.fromEntries([...serverSteps].map(([step, values]) => [step, summary(values)])),
      lastKeystrokeToResultsByKindMs: Object.fromEntries(
        [...lastByKind].map(([kind, values]) => [kind, summary(values)]),
      ),
      targetP95Ms: TARGET_P95_MS,
      met: lastMs.p95 <= TARGET_P95_MS,
    };
    const row = (s: ReturnType<typeof summary>) => `${s.p50} / ${s.p95} / ${s.p99} / ${s.max} (n=${s.n})`;
    writeReport(
      'web',
      `bench:web — ${ARTICLES} articles (tiered, ${partitions} indexes), ${list.length} queries typed at one key per ${KEY_DELAY_MS} ms, headless Chromium`,
      [
        ['indexing (not timed below)', `${result.indexingSeconds} s`],
        ['last keystroke → results drawn, ms p50 / p95 / p99 / max', row(lastMs)],
        ['… of which request sent → results drawn, ms p50 / p95 / p99 / max', row(sentMs)],
        [
          '… of which answer read → results drawn (render and paint), ms p50 / p95 / p99 / max',
          row(answerMs),
        ],
        ...[...lastByKind].map(([kind, values]): [string, string] => [
          `… ${kind}: last keystroke → results drawn, ms p50 / p95 / p99 / max`,
          row(summary(values)),
        ]),
        ['every keystroke whose results were drawn, ms p50 / p95 / p99 / max', row(everyMs)],
        ['search requests as the browser timed them, ms p50 / p95 / p99 / max', row(requestMs)],
        ...[...serverSteps].map(([step, values]): [string, string] => [
          `… in the API (Server-Timing): ${step}, ms p50 / p95 / p99 / max`,
          row(summary(values)),
        ]),
        ['keystrokes; queries whose results never came', `${keystrokes}; ${lost}`],
        [`target: p95 ≤ ${TARGET_P95_MS} ms (last keystroke → drawn)`, result.met ? 'met' : '**not met**'],
      ],
      result,
    );
  } finally {
    await browser.close();
    await api.stop();
    await Promise.all([meili.stop(), redis.stop()]);
  }
}

await main();
