// Parse report (not a test): `pnpm --filter @tidings/feeds bench`.
// (a) Over the fixture corpus, per class: how many fixtures rss-parser alone recovers (the way a
//     naive poller uses it: defaultRSS 2, the bytes read as UTF-8) and how many parseFeed does.
// (b) Parse time per MB on a large generated RSS 2.0 feed: rss-parser alone, parseFeed, and the
//     lenient fallback reader alone; the median of several runs.
// Prints tables and writes bench/parse-report.json.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import Parser from 'rss-parser';
import {
  compareWithExpectation,
  type Expectation,
  type Fields,
  type Fixture,
  loadCorpus,
} from '../src/corpus';
import { FeedParseError } from '../src/errors';
import { parseFeed } from '../src/parse-feed';
import { repairXml } from '../src/repair';
import { readWithLenientParser } from '../src/xml-reader';

type Outcome = { feed: Fields } | { error: unknown };

interface Score {
  /** Item count right and every item's guid, title and link as expected (or the expected error). */
  items: number;
  /** Every field of the sidecar as expected. */
  exact: number;
}

// What a naive poller takes from rss-parser's output; strings trimmed, nothing else repaired.
function fromRssParser(output: Record<string, unknown>): Fields {
  const text = (value: unknown) => (typeof value === 'string' ? value.trim() || undefined : undefined);
  const items = (output.items as Array<Record<string, unknown>>).map((item) => ({
    guid: text(item.guid) ?? text(item.id) ?? text(item['rdf:about']),
    title: text(item.title),
    link: text(item.link),
    publishedAt: text(item.isoDate),
    author: text(item.creator) ?? text(item.author),
    summary: text(item.contentSnippet),
    contentHtml: text(item['content:encoded']) ?? text(item.content),
    categories: Array.isArray(item.categories)
      ? item.categories.map((c) => text(typeof c === 'object' && c !== null ? (c as { _?: unknown })._ : c))
      : undefined,
    imageUrl: text((item.enclosure as { url?: unknown } | undefined)?.url),
  }));
  return { title: text(output.title) ?? '', link: text(output.link), language: text(output.language), items };
}

async function rssParserAlone(bytes: Uint8Array): Promise<Outcome> {
  try {
    const output = await new Parser({ defaultRSS: 2 }).parseString(Buffer.from(bytes).toString('utf8'));
    return { feed: fromRssParser(output as unknown as Record<string, unknown>) };
  } catch (error) {
    // rss-parser's errors carry no reason; a thrown error counts as the right answer only
    // for fixtures that must fail.
    return { error: Object.assign(new Error(String(error)), { reason: String(error) }) };
  }
}

async function fullParse(fixture: Fixture): Promise<Outcome> {
  try {
    return { feed: { ...(await parseFeed(fixture.bytes, fixture.expected.options)) } };
  } catch (error) {
    if (error instanceof FeedParseError) return { error };
    return { error: Object.assign(new Error(String(error)), { reason: `unexpected ${String(error)}` }) };
  }
}

function identityOnly(expected: Expectation): Expectation {
  if (expected.error !== undefined) return { about: expected.about, error: '' };
  return {
    about: expected.about,
    ...(expected.itemCount === undefined ? {} : { itemCount: expected.itemCount }),
    items: (expected.items ?? []).map((item) =>
      Object.fromEntries(Object.entries(item).filter(([key]) => ['guid', 'title', 'link'].includes(key))),
    ),
  };
}

function score(outcome: Outcome, expected: Expectation): { items: boolean; exact: boolean } {
  return {
    items: compareWithExpectation(outcome, identityOnly(expected)).length === 0,
    exact: compareWithExpectation(outcome, expected).length === 0,
  };
}

async function corpusReport() {
  const classes = new Map<string, { fixtures: number; rssParser: Score; parseFeed: Score }>();
  const parseFeedFailures: Array<{ id: string; problems: string[] }> = [];
  for (const fixture of loadCorpus()) {
    const row = classes.get(fixture.className) ?? {
      fixtures: 0,
      rssParser: { items: 0, exact: 0 },
      parseFeed: { items: 0, exact: 0 },
    };
    classes.set(fixture.className, row);
    row.fixtures++;
    const naive = score(await rssParserAlone(fixture.bytes), fixture.expected);
    row.rssParser.items += Number(naive.items);
    row.rssParser.exact += Number(naive.exact);
    const full = await fullParse(fixture);
    const fullScore = score(full, fixture.expected);
    row.parseFeed.items += Number(fullScore.items);
    row.parseFeed.exact += Number(fullScore.exact);
    if (!fullScore.exact)
      parseFeedFailures.push({ id: fixture.id, problems: compareWithExpectation(full, fixture.expected) });
  }
  return { classes: Object.fromEntries(classes), parseFeedFailures };
}

// A large feed of realistic items (the shape of a 20-item news feed, repeated).
function largeFeed(targetBytes: number): Buffer {
  const head = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:media="http://search.yahoo.com/mrss/">
<channel><title>Large Example News</title><link>https://large.example.com/</link><description>Generated</description><language>en</language>
`;
  const item = (n: number) => `<item>
  <title>City council approves budget for district ${n} &amp; schools</title>
  <link>https://large.example.com/news/${n}?utm_source=rss</link>
  <guid isPermaLink="false">large-${n}</guid>
  <pubDate>Fri, 27 Nov 2026 ${String(n % 24).padStart(2, '0')}:${String(n % 60).padStart(2, '0')}:00 +0900</pubDate>
  <dc:creator>Reporter ${n % 17}</dc:creator>
  <category>Politics</category><category>District ${n % 12}</category>
  <description><![CDATA[<p>The council voted on the budget for district ${n}. Schools and roads get more money.</p>]]></description>
  <content:encoded><![CDATA[<p>The council voted on the budget for district ${n}.</p><p>${'Council members debated the plan for several hours before the vote. '.repeat(6)}</p><p>Full story follows.</p>]]></content:encoded>
  <media:content url="https://cdn.large.example.com/img/${n}.jpg" medium="image" width="1200" height="800"/>
</item>
`;
  const parts = [head];
  let size = head.length;
  for (let n = 1; size < targetBytes; n++) {
    const next = item(n);
    parts.push(next);
    size += next.length;
  }
  parts.push('</channel></rss>\n');
  return Buffer.from(parts.join(''));
}

async function medianMs(runs: number, work: () => Promise<unknown> | unknown): Promise<number> {
  await work(); // warm-up
  const times: number[] = [];
  for (let run = 0; run < runs; run++) {
    const start = performance.now();
    await work();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

async function timingReport(runs: number) {
  const bytes = largeFeed(8 * 1024 * 1024);
  const megabytes = bytes.length / (1024 * 1024);
  const text = bytes.toString('utf8');
  const repaired = repairXml(text);
  const cases = {
    'rss-parser alone': () => new Parser({ defaultRSS: 2 }).parseString(text),
    parseFeed: () => parseFeed(bytes),
    'lenient reader alone (fallback path)': () => readWithLenientParser(repaired),
  };
  const results: Record<string, { medianMs: number; msPerMB: number }> = {};
  for (const [name, work] of Object.entries(cases)) {
    const ms = await medianMs(runs, work);
    results[name] = { medianMs: round(ms), msPerMB: round(ms / megabytes) };
  }
  return { feedBytes: bytes.length, feedMB: round(megabytes), runs, results };
}

const round = (value: number) => Math.round(value * 10) / 10;

function printCorpus(report: Awaited<ReturnType<typeof corpusReport>>) {
  const rows = Object.entries(report.classes);
  const header = [
    'class',
    'fixtures',
    'rss-parser items',
    'rss-parser exact',
    'parseFeed items',
    'parseFeed exact',
  ];
  const lines = rows.map(([name, row]) => [
    name,
    String(row.fixtures),
    String(row.rssParser.items),
    String(row.rssParser.exact),
    String(row.parseFeed.items),
    String(row.parseFeed.exact),
  ]);
  const total = (pick: (row: (typeof rows)[number][1]) => number) =>
    String(rows.reduce((sum, [, row]) => sum + pick(row), 0));
  lines.push([
    'TOTAL',
    total((r) => r.fixtures),
    total((r) => r.rssParser.items),
    total((r) => r.rssParser.exact),
    total((r) => r.parseFeed.items),
    total((r) => r.parseFeed.exact),
  ]);
  console.log(`| ${header.join(' | ')} |`);
  console.log(`|${header.map(() => '---').join('|')}|`);
  for (const line of lines) console.log(`| ${line.join(' | ')} |`);
  if (report.parseFeedFailures.length > 0) {
    console.log('\nparseFeed misses:');
    for (const failure of report.parseFeedFailures)
      console.log(`- ${failure.id}: ${failure.problems.join('; ')}`);
  }
}

const runs = Number(process.env.BENCH_RUNS ?? 5);
const corpus = await corpusReport();
printCorpus(corpus);
const timing = await timingReport(runs);
console.log(`\nParse time on a ${timing.feedMB} MB RSS 2.0 feed (median of ${runs} runs):`);
console.log('| parser | median ms | ms per MB |');
console.log('|---|---|---|');
for (const [name, result] of Object.entries(timing.results))
  console.log(`| ${name} | ${result.medianMs} | ${result.msPerMB} |`);

const report = {
  generatedAt: new Date().toISOString(),
  machine: { node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model },
  corpus,
  timing,
};
writeFileSync(new URL('./parse-report.json', import.meta.url), `${JSON.stringify(report, null, 2)}\n`);
console.log('\nwrote bench/parse-report.json');
