/**
 * A sanity check of the bench newsroom, run by hand after changing it (not a
 * test: it starts real servers on loopback addresses and prints numbers):
 *
 *   pnpm --filter @tidings/bench exec tsx --conditions=source src/pipeline/newsroom-check.ts
 *
 * Feeds and conditional GETs, page sizes and generation time, publishing,
 * EUC-KR bytes, byte-for-byte determinism, story-clustering overlap, and one
 * page per template through Tidings' extractor (the body found, no boilerplate
 * kept). Exits non-zero when a check fails.
 */
import { extractArticle } from '@tidings/extract';
import { estimateJaccard, fingerprint, SAME_STORY_THRESHOLD } from '@tidings/stories';
import iconv from 'iconv-lite';
import { type BenchArticle, type BenchNewsroom, startBenchNewsroom } from './newsroom';
import { articlePath, type Charset, renderPage, type Site, siteName, type TemplateName } from './pages';
import { type Language, storyHeader, writeStory } from './prose';
import { seedFrom } from './random';

const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  if (!ok) failures.push(what);
};
const decode = (bytes: Buffer, charset: Charset) =>
  iconv.decode(bytes, charset === 'euc-kr' ? 'cp949' : 'utf8');
const quantile = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
const kb = (bytes: number) => (bytes / 1000).toFixed(1);

async function get(url: string, headers: Record<string, string> = {}) {
  const res = await fetch(url, { headers });
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
}

/** Item links of a feed document, newest first, in any of the three formats. */
function itemLinks(text: string): string[] {
  if (text.trimStart().startsWith('{'))
    return (JSON.parse(text) as { items: Array<{ url: string }> }).items.map((i) => i.url);
  return [
    ...text.matchAll(
      /<item>[\s\S]*?<link>([^<]+)<\/link>|<entry>[\s\S]*?<link rel="alternate" type="text\/html" href="([^"]+)"/g,
    ),
  ].map((m) => (m[1] ?? m[2]!).replace(/&amp;/g, '&'));
}

async function checkFeeds(newsroom: BenchNewsroom, charsetOf: (feed: number) => Charset) {
  const validators: Array<{ etag: string; lastModified: string }> = [];
  const formats = new Map<string, number>();
  for (const [f, url] of newsroom.feedUrls.entries()) {
    const first = await get(url);
    const text = decode(first.body, charsetOf(f));
    const links = itemLinks(text);
    const own = newsroom.articles.filter((a) => a.feed === f);
    check(first.status === 200, `feed ${f}: status ${first.status}`);
    check(
      links.length === Math.min(50, own.length),
      `feed ${f}: ${links.length} items, expected ${Math.min(50, own.length)}`,
    );
    check(links[0] === own.at(-1)?.url, `feed ${f}: newest item is not the newest article`);
    if (charsetOf(f) === 'euc-kr') {
      check(
        text.startsWith('<?xml version="1.0" encoding="euc-kr"?>'),
        `feed ${f}: EUC-KR not declared in XML`,
      );
      check(
        !text.includes('\ufffd') && /[가-힣]/.test(text),
        `feed ${f}: Hangul does not decode from EUC-KR`,
      );
    }
    const kind = `${first.headers.get('content-type')}`;
    formats.set(kind, (formats.get(kind) ?? 0) + 1);
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    validators.push({ etag, lastModified });
    const again = await get(url, { 'if-none-match': etag });
    check(again.status === 304 && again.body.length === 0, `feed ${f}: If-None-Match gave ${again.status}`);
    const since = await get(url, { 'if-modified-since': lastModified });
    check(since.status === 304, `feed ${f}: If-Modified-Since gave ${since.status}`);
  }
  console.log('feed content types:', Object.fromEntries(formats));
  return validators;
}

async function fetchPages(newsroom: BenchNewsroom, articles: BenchArticle[], concurrency: number) {
  const sizes: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < articles.length) {
        const article = articles[next++]!;
        const page = await get(article.url);
        check(page.status === 200, `page ${article.url}: status ${page.status}`);
        check(
          page.body.equals(newsroom.pageBytes(article.url)),
          `page ${article.url}: served bytes differ from pageBytes`,
        );
        sizes.push(page.body.length);
      }
    }),
  );
  return { sizes: sizes.sort((a, b) => a - b), seconds: (performance.now() - started) / 1000 };
}

/** One article page per template and charset through the extractor. */
function checkExtraction() {
  const combos: Array<[TemplateName, Language, Charset]> = [
    ['broadsheet', 'en', 'utf-8'],
    ['wire', 'en', 'utf-8'],
    ['magazine', 'en', 'utf-8'],
    ['portal', 'ko', 'euc-kr'],
    ['portal', 'ko', 'utf-8'],
    ['paper', 'ko', 'euc-kr'],
    ['paper', 'ko', 'utf-8'],
  ];
  const publishedAtMs = Date.UTC(2026, 10, 27, 9, 30);
  for (const [n, [template, language, charset]] of combos.entries()) {
    const site: Site = {
      index: n,
      origin: `http://127.0.9.${n + 1}:8080`,
      name: siteName(7, n, language, template),
      language,
      charset,
      template,
      seed: seedFrom(7, 'site', n),
    };
    for (const index of [100 + n, 200 + n]) {
      const header = storyHeader(7, index, language);
      const url = site.origin + articlePath(site, index, header.title, publishedAtMs);
      const page = renderPage(site, { index, url, publishedAtMs, header });
      const html = decode(page.bytes, charset);
      const { story } = page;
      const article = extractArticle(html, { url });
      const text = article.text;
      const flat = text.replace(/\s+/g, ' ');
      const found = story.paragraphs.filter((p) => flat.includes(p)).length;
      const leaked = page.boilerplate.filter((phrase) => text.includes(phrase));
      const label = `${template}/${charset} #${index}`;
      console.log(
        `extract ${label.padEnd(24)} ${kb(page.bytes.length)} KB  words: generated ${story.words}, extracted ${article.wordCount}; paragraphs found ${found}/${story.paragraphs.length}; boilerplate kept ${leaked.length}/${page.boilerplate.length}; captions ${article.captions.length}`,
      );
      if (leaked.length) console.log('   kept:', leaked.slice(0, 5));
      check(
        found === story.paragraphs.length,
        `${label}: ${story.paragraphs.length - found} body paragraphs missing`,
      );
      check(leaked.length === 0, `${label}: boilerplate in the text: ${leaked.slice(0, 3).join(' | ')}`);
      check(text.includes(story.keyword), `${label}: keyword missing`);
      check(html.split(story.keyword).length === 2, `${label}: keyword not exactly once on the page`);
      check(article.title === story.title, `${label}: title "${article.title}"`);
      check(
        Date.parse(article.publishedAt ?? '') === publishedAtMs,
        `${label}: publishedAt ${article.publishedAt}`,
      );
      check(article.language === language, `${label}: language ${article.language}`);
      check(
        Math.abs(article.wordCount - story.words) / story.words < 0.05,
        `${label}: word count off by more than 5%`,
      );
      if (charset === 'euc-kr') {
        check(
          /charset=euc-kr/i.test(html.slice(0, 1024)),
          `${label}: charset not declared in the first 1 KB`,
        );
        check(
          !html.includes('\ufffd') && html.includes(story.title),
          `${label}: Hangul does not round-trip through EUC-KR`,
        );
        check(!page.bytes.toString('utf8').includes(story.title), `${label}: bytes are UTF-8, not EUC-KR`);
      }
    }
  }
}

/** Story clustering folds articles whose bodies overlap beyond the threshold: generated stories must not. */
function checkOverlap() {
  for (const language of ['en', 'ko'] as const) {
    const prints = Array.from({ length: 300 }, (_, i) =>
      fingerprint(writeStory(storyHeader(3, i, language)).paragraphs.join('\n\n')),
    );
    const similarities: number[] = [];
    for (let i = 0; i < prints.length; i++) {
      for (let j = i + 1; j < prints.length; j++) similarities.push(estimateJaccard(prints[i]!, prints[j]!));
    }
    similarities.sort((a, b) => a - b);
    const over = similarities.filter((s) => s >= SAME_STORY_THRESHOLD).length;
    console.log(
      `story overlap (${language}, 300 stories, ${similarities.length} pairs): estimated Jaccard median ${quantile(similarities, 0.5).toFixed(3)}, p99 ${quantile(similarities, 0.99).toFixed(3)}, max ${similarities.at(-1)!.toFixed(3)}; pairs at or above ${SAME_STORY_THRESHOLD}: ${over}`,
    );
    check(over === 0, `${language}: ${over} story pairs would be clustered as one story`);
  }
}

async function checkDeterminism(startMs: number) {
  const options = {
    feeds: 6,
    hosts: 3,
    initialArticles: 80,
    seed: 11,
    startMs,
    itemsPerFeed: 10,
    pageCacheSize: 5,
  };
  const [a, b] = [await startBenchNewsroom(options), await startBenchNewsroom(options)];
  const port = (n: BenchNewsroom) => new URL(n.feedUrls[0]!).port;
  // URLs hold the port, plain or percent-encoded (share links): the only byte that may differ.
  const samePort = (bytes: Buffer, from: BenchNewsroom) =>
    bytes.toString('latin1').replace(new RegExp(`(:|%3A)${port(from)}(/|%2F)`, 'g'), '$1PORT$2');
  let same = 0;
  for (const [i, article] of a.articles.entries()) {
    const first = a.pageBytes(article.url);
    const twin = samePort(b.pageBytes(b.articles[i]!.url), b);
    if (samePort(first, a) === twin) same++;
  }
  // The cache holds 5 pages: every page above was rebuilt from scratch, and must come out the same.
  const rebuilt = a.articles.filter((article) =>
    a.pageBytes(article.url).equals(a.pageBytes(article.url)),
  ).length;
  let sameFeeds = 0;
  for (const [f, url] of a.feedUrls.entries()) {
    const [x, y] = [await get(url), await get(b.feedUrls[f]!)];
    if (samePort(x.body, a) === samePort(y.body, b) && x.headers.get('etag') === y.headers.get('etag'))
      sameFeeds++;
    check(itemLinks(decode(x.body, 'utf-8')).length === 10, `determinism newsroom feed ${f}: not 10 items`);
  }
  console.log(
    `determinism: ${same}/${a.articles.length} pages and ${sameFeeds}/${a.feedUrls.length} feeds identical across two newsrooms; ${rebuilt} pages identical when rebuilt`,
  );
  check(same === a.articles.length && sameFeeds === a.feedUrls.length, 'two newsrooms with one seed differ');
  await Promise.all([a.close(), b.close()]);
}

async function main() {
  const startMs = Math.floor(Date.now() / 1000) * 1000;
  const newsroom = await startBenchNewsroom({ feeds: 20, hosts: 10, initialArticles: 500, startMs });
  const charsetOf = (feed: number) => newsroom.articles.find((a) => a.feed === feed)!.charset;
  const languages = newsroom.articles.reduce<Record<string, number>>((count, a) => {
    const key = `${a.language}/${a.charset}`;
    count[key] = (count[key] ?? 0) + 1;
    return count;
  }, {});
  console.log(
    `newsroom: ${newsroom.feedUrls.length} feeds, ${newsroom.articles.length} articles by language/charset`,
    languages,
  );

  const validators = await checkFeeds(newsroom, charsetOf);
  // The first 100 pages also build every site's chrome and warm the JIT; the other 400 show the steady state.
  const warm = await fetchPages(newsroom, newsroom.articles.slice(0, 100), 16);
  const warmStats = newsroom.stats();
  const rest = await fetchPages(newsroom, newsroom.articles.slice(100, 500), 16);
  const stats = newsroom.stats();
  const sizes = [...warm.sizes, ...rest.sizes].sort((a, b) => a - b);
  console.log(
    `pages: ${sizes.length} fetched; size KB min ${kb(sizes[0]!)} median ${kb(quantile(sizes, 0.5))} p90 ${kb(quantile(sizes, 0.9))} max ${kb(sizes.at(-1)!)}; the last 400 at ${(400 / rest.seconds).toFixed(0)}/s with 16 connections (client in the same process)`,
  );
  const steady =
    (stats.generateMs - warmStats.generateMs) / (stats.pagesGenerated - warmStats.pagesGenerated);
  console.log(
    `generation: ${stats.pagesGenerated} pages built, ${(stats.generateMs / stats.pagesGenerated).toFixed(3)} ms per page overall, ${steady.toFixed(3)} ms per page after the first 100`,
  );
  check(sizes[0]! >= 50_000 && sizes.at(-1)! <= 150_000, 'page sizes outside 50–150 KB');

  const published = Array.from({ length: 10 }, () => newsroom.publish());
  const touched = new Set(published.map((a) => a.feed));
  for (const [f, url] of newsroom.feedUrls.entries()) {
    const res = await get(url, { 'if-none-match': validators[f]!.etag });
    if (!touched.has(f)) {
      check(res.status === 304, `feed ${f} changed without a publish`);
      continue;
    }
    check(
      res.status === 200 && res.headers.get('etag') !== validators[f]!.etag,
      `feed ${f}: still 304 after a publish`,
    );
    const newest = published.filter((a) => a.feed === f).at(-1)!;
    check(
      itemLinks(decode(res.body, charsetOf(f)))[0] === newest.url,
      `feed ${f}: published article not on top`,
    );
    check(
      Date.parse(res.headers.get('last-modified')!) > Date.parse(validators[f]!.lastModified),
      `feed ${f}: Last-Modified did not move`,
    );
    const page = await get(newest.url);
    check(
      page.status === 200 && decode(page.body, newest.charset).includes(newest.keyword),
      `${newest.url}: new page missing its keyword`,
    );
  }
  console.log(
    `published 10 on feeds ${[...touched].join(', ')}: those feeds answer 200 with the new article on top, the others 304`,
  );

  const korean = newsroom.articles.find((a) => a.charset === 'euc-kr')!;
  const koreanText = iconv.decode(newsroom.pageBytes(korean.url), 'cp949');
  const hangul = koreanText.match(/[가-힣]/g)?.length ?? 0;
  check(
    koreanText.includes(korean.title) && !koreanText.includes('\ufffd'),
    `EUC-KR page ${korean.url} does not decode`,
  );
  console.log(
    `EUC-KR page ${korean.url}: ${hangul} Hangul syllables after decoding with iconv-lite cp949; title "${korean.title}"`,
  );
  await newsroom.close();

  checkExtraction();
  checkOverlap();
  await checkDeterminism(startMs);

  const final = newsroom.stats();
  console.log('server stats:', final);
  if (failures.length) {
    console.log(`\n${failures.length} checks failed:\n${failures.slice(0, 40).join('\n')}`);
    process.exitCode = 1;
  } else console.log('\nall checks passed');
}

await main();
