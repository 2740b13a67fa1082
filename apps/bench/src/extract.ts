/**
 * bench:extract — our extractor and Mozilla Readability 0.6.0 on linkedom,
 * in the same process, over the article-extraction benchmark pages: quality
 * by the benchmark's own metric, time per page, peak memory, and the time of
 * the largest pages (the longest synchronous stretch a parser worker sees).
 * Writes bench-report/extract.{json,md}. Not a test: it asserts nothing.
 *
 *   pnpm bench:extract                       # all pages
 *   pnpm bench:extract -- --split A --pages  # one half by host, worst pages first
 *   BENCH_PASSES=3 BENCH_EXTRACT_DIR=/path pnpm bench:extract
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { Readability } from '@mozilla/readability';
import { extractArticle } from '@tidings/extract';
import { parseHTML } from 'linkedom';
import { type PageScore, scorePage, summarise } from './extract-metric';
import { writeReport } from './report';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DATA_DIR =
  process.env.BENCH_EXTRACT_DIR ?? resolve(REPO_ROOT, '../shared/benchmarks/article-extraction');
const PASSES = Number(process.env.BENCH_PASSES ?? 5);
const args = process.argv.slice(2);
const SHOW_PAGES = args.includes('--pages');
const splitArg = args[args.indexOf('--split') + 1];
const SPLIT = args.includes('--split') ? splitArg : undefined;
if (SPLIT !== undefined && SPLIT !== 'A' && SPLIT !== 'B') throw new Error('--split takes A or B');

interface Page {
  id: string;
  url: string;
  host: string;
  html: string;
  truth: string;
}

type Extractor = (html: string, url: string) => string;

const extractors: Array<[string, Extractor]> = [
  ['tidings', (html, url) => extractArticle(html, { url }).text],
  ['readability', (html) => new Readability(parseHTML(html).document).parse()?.textContent ?? ''],
];

function loadPages(): Page[] {
  const truth = JSON.parse(readFileSync(resolve(DATA_DIR, 'ground-truth.json'), 'utf8')) as Record<
    string,
    { articleBody: string; url: string }
  >;
  return Object.entries(truth)
    .map(([id, entry]) => ({
      id,
      url: entry.url,
      host: new URL(entry.url).hostname.replace(/^www\./, ''),
      html: gunzipSync(readFileSync(resolve(DATA_DIR, 'html', `${id}.html.gz`))).toString('utf8'),
      truth: entry.articleBody,
    }))
    .sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Two fixed halves by host, so that no site is in both: hosts in the order
 * of their SHA-1, filling half A until it holds half the pages.
 */
function splitByHost(pages: Page[]): { A: Page[]; B: Page[] } {
  const byHost = new Map<string, Page[]>();
  for (const page of pages) byHost.set(page.host, [...(byHost.get(page.host) ?? []), page]);
  const hosts = [...byHost.keys()].sort((a, b) => sha1(a).localeCompare(sha1(b)));
  const A: Page[] = [];
  const B: Page[] = [];
  for (const host of hosts) (A.length < pages.length / 2 ? A : B).push(...(byHost.get(host) ?? []));
  return { A, B };
}

function sha1(s: string): string {
  return createHash('sha1').update(s).digest('hex');
}

function run(extract: Extractor, page: Page): string {
  try {
    return extract(page.html, page.url);
  } catch {
    // A page the extractor gives up on counts as an empty output.
    return '';
  }
}

function median(values: number[]): number {
  return quantile(values, 0.5);
}

function quantile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return (sorted[lo] ?? 0) + ((sorted[hi] ?? 0) - (sorted[lo] ?? 0)) * (pos - lo);
}

interface Result {
  name: string;
  scores: Map<string, PageScore>;
  msPerPage: Map<string, number>;
  peakRssMb: number;
}

function measure(name: string, extract: Extractor, pages: Page[]): Result {
  const scores = new Map<string, PageScore>();
  let peakRss = process.memoryUsage().rss;
  // The warm-up pass is also the scored one: output does not depend on timing.
  for (const page of pages) {
    scores.set(page.id, scorePage(page.truth, run(extract, page)));
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const samples = new Map<string, number[]>(pages.map((p) => [p.id, []]));
  for (let pass = 0; pass < PASSES; pass++) {
    for (const page of pages) {
      const start = performance.now();
      run(extract, page);
      samples.get(page.id)?.push(performance.now() - start);
    }
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }
  const msPerPage = new Map([...samples].map(([id, ms]) => [id, median(ms)]));
  return { name, scores, msPerPage, peakRssMb: peakRss / 2 ** 20 };
}

const fmt = (n: number, digits = 3) => n.toFixed(digits);

const all = loadPages();
const halves = splitByHost(all);
const pages = SPLIT ? halves[SPLIT] : all;
const largest = [...pages].sort((a, b) => b.html.length - a.html.length).slice(0, 3);

const results: Result[] = [];
const maxRssAfter: number[] = [];
for (const [name, extract] of extractors) {
  results.push(measure(name, extract, pages));
  // Process high-water mark so far: for the first extractor its own peak.
  maxRssAfter.push(process.resourceUsage().maxRSS / 1024);
}

const rows: Array<[string, string | number]> = [
  [
    'pages',
    `${pages.length}${SPLIT ? ` (half ${SPLIT}: ${new Set(pages.map((p) => p.host)).size} hosts)` : ''}`,
  ],
  ['timing', `median of ${PASSES} passes per page, after one warm-up pass`],
];
const data: Record<string, unknown> = { split: SPLIT ?? 'all', pages: pages.length, passes: PASSES };
for (const [i, result] of results.entries()) {
  const summary = summarise(pages.map((p) => result.scores.get(p.id) as PageScore));
  const ms = pages.map((p) => result.msPerPage.get(p.id) ?? 0);
  const big = largest.map(
    (p) =>
      `${p.id.slice(0, 8)} (${Math.round(p.html.length / 1024)} KiB): ${fmt(result.msPerPage.get(p.id) ?? 0, 1)} ms`,
  );
  rows.push(
    [`${result.name} F1 / P / R`, `${fmt(summary.f1)} / ${fmt(summary.precision)} / ${fmt(summary.recall)}`],
    [`${result.name} exact-match accuracy`, fmt(summary.accuracy)],
    [`${result.name} empty outputs`, summary.empty],
    [`${result.name} ms per page, median / p90`, `${fmt(median(ms), 2)} / ${fmt(quantile(ms, 0.9), 2)}`],
    [`${result.name} largest pages`, big.join('; ')],
    [
      `${result.name} peak RSS (sampled) / process maxRSS so far`,
      `${fmt(result.peakRssMb, 0)} MB / ${fmt(maxRssAfter[i] ?? 0, 0)} MB`,
    ],
  );
  data[result.name] = {
    ...summary,
    medianMs: median(ms),
    p90Ms: quantile(ms, 0.9),
    largestPagesMs: Object.fromEntries(largest.map((p) => [p.id, result.msPerPage.get(p.id)])),
    peakRssMb: result.peakRssMb,
    processMaxRssMb: maxRssAfter[i],
    perPage: Object.fromEntries(
      pages.map((p) => [p.id, { ...result.scores.get(p.id), ms: result.msPerPage.get(p.id) }]),
    ),
  };
}
const [ours, reference] = results;
if (ours && reference) {
  const ratio =
    median(pages.map((p) => ours.msPerPage.get(p.id) ?? 0)) /
    median(pages.map((p) => reference.msPerPage.get(p.id) ?? 1));
  rows.push(['median time, tidings / readability', fmt(ratio, 2)]);
}

if (SHOW_PAGES && ours) {
  console.log('\nper-page F1 of tidings, worst first (id host F1 P R):');
  for (const page of [...pages].sort(
    (a, b) => (ours.scores.get(a.id)?.f1 ?? 0) - (ours.scores.get(b.id)?.f1 ?? 0),
  )) {
    const s = ours.scores.get(page.id);
    console.log(
      `${page.id.slice(0, 12)} ${page.host} ${fmt(s?.f1 ?? 0)} ${fmt(s?.precision ?? 0)} ${fmt(s?.recall ?? 0)}`,
    );
  }
}
writeReport(
  SPLIT ? `extract-${SPLIT}` : 'extract',
  `Article extraction${SPLIT ? ` (half ${SPLIT})` : ''}`,
  rows,
  data,
);
