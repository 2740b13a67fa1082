import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedListError, FeedParseError } from './errors';
import { normalizeFeed } from './normalize';
import { parseOpml } from './opml';
import { parseFeed } from './parse-feed';
import { repairXml } from './repair';
import { readWithRssParser } from './rss-parser-reader';
import { readWithLenientParser } from './xml-reader';

// Correctness guards, not benchmarks: the bounds are generous on purpose (a shared 2-core machine).
const GENEROUS_MS = 10_000;

async function parseOrFail(xml: string): Promise<{ items: number } | { reason: string }> {
  try {
    return { items: (await parseFeed(Buffer.from(xml))).items.length };
  } catch (error) {
    if (!(error instanceof FeedParseError)) throw error;
    return { reason: error.reason };
  }
}

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const start = performance.now();
  const result = await work();
  return { result, ms: performance.now() - start };
}

describe('external entities', () => {
  let server: Server;
  let base: string;
  const requests: string[] = [];

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      response.setHeader('content-type', 'application/xml-dtd');
      response.end('<!ENTITY leaked "SECRET-FROM-SERVER">SECRET-FROM-SERVER');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const item = (title: string) =>
    `<item><title>${title}</title><link>https://xxe.example.com/1</link><description>${title}</description></item>`;
  const documents: Array<[string, (base: string) => string]> = [
    [
      'a SYSTEM entity in the internal subset',
      (b) =>
        `<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY xxe SYSTEM "${b}/system">]>\n<rss version="2.0"><channel><title>&xxe;</title>${item('Secret: &xxe;')}</channel></rss>`,
    ],
    [
      'an external DTD',
      (b) =>
        `<?xml version="1.0"?>\n<!DOCTYPE rss SYSTEM "${b}/external.dtd">\n<rss version="2.0"><channel><title>&leaked;</title>${item('Secret: &leaked;')}</channel></rss>`,
    ],
    [
      'a parameter entity',
      (b) =>
        `<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY % remote SYSTEM "${b}/parameter.dtd"> %remote;]>\n<rss version="2.0"><channel><title>&leaked;</title>${item('Secret: &leaked;')}</channel></rss>`,
    ],
    [
      'a PUBLIC entity hidden behind "]>" in an entity value',
      (b) =>
        `<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY trick "]>"><!ENTITY xxe PUBLIC "-//X//Y" "${b}/public">]>\n<rss version="2.0"><channel><title>&xxe;</title>${item('Secret: &xxe;')}</channel></rss>`,
    ],
    [
      'a DOCTYPE nested inside another to survive removal',
      (b) =>
        `<?xml version="1.0"?>\n<!DOC<!DOCTYPE a>TYPE rss [<!ENTITY xxe SYSTEM "${b}/nested">]>\n<rss version="2.0"><channel><title>&xxe;</title>${item('Secret: &xxe;')}</channel></rss>`,
    ],
    [
      'an Atom feed with a SYSTEM entity, a stylesheet and an XInclude',
      (b) =>
        `<?xml version="1.0"?>\n<?xml-stylesheet href="${b}/style.xsl" type="text/xsl"?>\n<!DOCTYPE feed [<!ENTITY xxe SYSTEM "${b}/atom">]>\n<feed xmlns="http://www.w3.org/2005/Atom" xmlns:xi="http://www.w3.org/2001/XInclude" xml:base="${b}/base/"><title>&xxe;</title><entry><title>Secret: &xxe;</title><id>urn:x</id><link href="1"/><xi:include href="${b}/include"/><content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">&xxe;</div></content></entry></feed>`,
    ],
  ];

  it.each(documents)('never fetches or expands %s', async (_name, build) => {
    const xml = build(base);
    const outcome = await parseOrFail(xml);
    const feed = 'items' in outcome ? await parseFeed(Buffer.from(xml)) : undefined;
    // Give any stray request time to arrive before counting.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(requests).toEqual([]);
    expect(JSON.stringify(feed ?? outcome)).not.toContain('SECRET-FROM-SERVER');
    if (feed !== undefined) {
      expect(feed.items[0]?.title).toMatch(/^Secret: &(?:xxe|leaked);$/);
    }
  });

  it.each(documents)('the readers alone (DOCTYPE left in) do not fetch %s either', async (_name, build) => {
    const xml = build(base);
    await readWithRssParser(xml, xml.includes('<feed') ? 'atom' : 'rss').catch(() => undefined);
    try {
      readWithLenientParser(xml);
    } catch {
      // Refusing the document is fine; fetching is not.
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(requests).toEqual([]);
  });
});

describe('entity expansion', () => {
  const lol = (levels: number) => {
    const entities = ['<!ENTITY lol0 "lollollollollollollollollollol">'];
    for (let level = 1; level <= levels; level++)
      entities.push(`<!ENTITY lol${level} "${`&lol${level - 1};`.repeat(10)}">`);
    return `<?xml version="1.0"?>\n<!DOCTYPE rss [\n${entities.join('\n')}\n]>\n<rss version="2.0"><channel><title>&lol${levels};</title><item><title>Laugh &lol${levels};</title><link>https://lol.example.com/1</link></item></channel></rss>`;
  };

  it('billion laughs: no expansion, fast, bounded memory', async () => {
    const before = process.memoryUsage().heapUsed;
    const { result: feed, ms } = await timed(() => parseFeed(Buffer.from(lol(9))));
    const grownBytes = process.memoryUsage().heapUsed - before;
    expect(feed.title).toBe('&lol9;');
    expect(feed.items[0]?.title).toBe('Laugh &lol9;');
    expect(ms).toBeLessThan(GENEROUS_MS);
    // 10^9 "lol"s would be gigabytes.
    expect(grownBytes).toBeLessThan(200 * 1024 * 1024);
  });

  it('quadratic blow-up (one large entity referenced many times) is not expanded', async () => {
    const big = 'x'.repeat(50_000);
    const xml = `<?xml version="1.0"?>\n<!DOCTYPE rss [<!ENTITY big "${big}">]>\n<rss version="2.0"><channel><title>Q</title><item><title>Big</title><link>https://q.example.com/1</link><description>${'&big;'.repeat(20_000)}</description></item></channel></rss>`;
    const { result: feed, ms } = await timed(() => parseFeed(Buffer.from(xml)));
    expect(feed.items[0]?.contentHtml?.length).toBe('&big;'.length * 20_000);
    expect(ms).toBeLessThan(GENEROUS_MS);
  });

  it('the lenient reader alone keeps fast-xml-parser within its expansion limits', () => {
    const { ms } = (() => {
      const start = performance.now();
      try {
        readWithLenientParser(lol(9));
      } catch {
        // fast-xml-parser refusing the entities is a clean failure.
      }
      return { ms: performance.now() - start };
    })();
    expect(ms).toBeLessThan(GENEROUS_MS);
  });
});

describe('deep nesting', () => {
  const feedWith = (itemBody: string, channelAttributes = '') =>
    `<?xml version="1.0"?><rss version="2.0"><channel${channelAttributes}><title>Deep</title><link>https://deep.example.com/</link><item><title>First</title><link>https://deep.example.com/1</link>${itemBody}</item><item><title>Second</title><link>https://deep.example.com/2</link></item></channel></rss>`;
  const nested = (name: string, depth: number) =>
    `${`<${name}>`.repeat(depth)}x${`</${name}>`.repeat(depth)}`;

  it.each([
    [
      '100,000 nested elements inside a description',
      feedWith(`<description>${nested('div', 100_000)}</description>`),
    ],
    ['10,000 nested elements at item level', feedWith(nested('x', 10_000))],
    ['100,000 nested elements at item level', feedWith(nested('x', 100_000))],
    [
      '10,000 nested elements at item level, lenient reader forced by xml:base',
      feedWith(nested('x', 10_000), ' xml:base="https://deep.example.com/"'),
    ],
    ['100,000 unclosed elements at item level', feedWith('<div>'.repeat(100_000))],
    [
      '100,000 nested elements in an Atom xhtml content',
      `<feed xmlns="http://www.w3.org/2005/Atom"><title>Deep</title><entry><title>First</title><id>urn:1</id><content type="xhtml">${nested('div', 100_000)}</content></entry><entry><title>Second</title><id>urn:2</id></entry></feed>`,
    ],
  ])('%s: parses in bounded time without overflowing the stack', async (_name, xml) => {
    const { result, ms } = await timed(() => parseOrFail(xml));
    expect(result).toEqual({ items: 2 });
    expect(ms).toBeLessThan(GENEROUS_MS);
  });
});

describe('large feeds', () => {
  it('parses a 10 MB RSS feed in bounded time', async () => {
    const item = (n: number) =>
      `<item><title>Story number ${n} about the city council</title><link>https://big.example.com/news/${n}</link><guid isPermaLink="false">big-${n}</guid><pubDate>Fri, 27 Nov 2026 10:00:00 GMT</pubDate><description><![CDATA[<p>Paragraph one of story ${n}, with <b>markup</b>.</p><p>${'Lorem ipsum dolor sit amet. '.repeat(8)}</p>]]></description></item>`;
    const parts = [
      '<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title><link>https://big.example.com/</link>',
    ];
    let size = parts[0]!.length;
    let count = 0;
    while (size < 10 * 1024 * 1024) {
      const next = item(++count);
      parts.push(next);
      size += next.length;
    }
    parts.push('</channel></rss>');
    const { result: feed, ms } = await timed(() => parseFeed(Buffer.from(parts.join(''))));
    expect(feed.items).toHaveLength(count);
    expect(feed.items.at(-1)?.link).toBe(`https://big.example.com/news/${count}`);
    expect(ms).toBeLessThan(30_000);
  });
});

// ReDoS: a regex that backtracks turns a few hundred hostile bytes into hours of CPU. These inputs
// are each a known trap (they took seconds before the regexes were made linear). No wall-clock
// bound is asserted: the time of an input 4× longer must stay far from 16× (quadratic) or worse.
// The best of three runs of each size keeps a loaded machine from skewing the ratio.
describe('adversarial input is parsed in linear time', () => {
  const feed = (inside: string, before = '') =>
    `${before}<rss version="2.0"><channel><title>t</title>${inside}<item><title>kept</title><link>https://example.com/kept</link></item></channel></rss>`;

  async function growth(
    make: (n: number) => string,
    n: number,
    run: (text: string) => unknown = parseOrFail,
  ) {
    const best = async (text: string) => {
      let fastest = Number.POSITIVE_INFINITY;
      for (let round = 0; round < 3; round++) {
        const { ms } = await timed(async () => run(text));
        fastest = Math.min(fastest, ms);
      }
      return fastest;
    };
    const small = make(n);
    const large = make(4 * n);
    await run(small); // warm-up: JIT and lazy loads are not the input's cost
    const [smallMs, largeMs] = [await best(small), await best(large)];
    // A floor of 1 ms: the small input is sized to take longer, so this only steadies noise.
    return largeMs / Math.max(smallMs, 1);
  }

  it('feeds opening with empty comments: 26 of them (was exponential), and 5,000 vs 20,000', async () => {
    expect(await parseOrFail(feed('', '<!---->'.repeat(26)))).toEqual({ items: 1 });
    expect(await parseOrFail(feed('', '<!---->'.repeat(5_000)))).toEqual({ items: 1 });
    expect(await growth((n) => feed('', '<!---->'.repeat(n)), 5_000)).toBeLessThan(10);
  });

  it('an HTML page behind empty comments is still told from a feed', async () => {
    expect(await parseOrFail(`${'<!---->\n'.repeat(30)}<!DOCTYPE html><html></html>`)).toEqual({
      reason: 'this is an HTML page, not a feed',
    });
  });

  it('unclosed tags and quotes, in a description and between items', async () => {
    const description = (n: number) =>
      feed(`<item><title>a</title><description>${'<a'.repeat(n)}</description></item>`);
    const between = (n: number) => feed(`${'<x "'.repeat(n)}`);
    // It may fail (cleanly, with a reason): the check is that it ends, and in linear time.
    expect(await parseOrFail(description(20_000))).toBeDefined();
    expect(await growth(description, 20_000)).toBeLessThan(10);
    expect(await growth(between, 20_000)).toBeLessThan(10);
  });

  // rss-parser alone, on the repaired text: parseFeed tries it first, so its own time must be linear.
  const rssParser = (format: 'atom' | 'rss') => (text: string) => readWithRssParser(repairXml(text), format);

  // rss-parser's contentSnippet (`/<(?:.|\n)*?>/` in its stripHtml) rescanned to the end of the text
  // from every `<` without a `>`: 37 ms for 2,000 `&lt;script`, 480 ms for 8,000, seconds for 200 KB.
  it('200 KB of `&lt;script` in a description', async () => {
    const make = (n: number) =>
      feed(`<item><title>a</title><description>${'&lt;script'.repeat(n)}</description></item>`);
    expect(make(20_000).length).toBeGreaterThan(200_000);
    expect(await parseOrFail(make(20_000))).toEqual({ items: 2 });
    expect(await growth(make, 5_000)).toBeLessThan(10);
    expect(await growth(make, 5_000, rssParser('rss'))).toBeLessThan(10);
    // rss-parser snippets content:encoded and Atom content the same way.
    const encoded = (n: number) =>
      `<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>t</title><item><title>a</title><content:encoded>${'&lt;script'.repeat(n)}</content:encoded></item></channel></rss>`;
    const atom = (n: number) =>
      `<feed xmlns="http://www.w3.org/2005/Atom"><title>t</title><entry><id>urn:a</id><title>a</title><content type="html">${'&lt;script'.repeat(n)}</content></entry></feed>`;
    expect(await parseOrFail(encoded(20_000))).toEqual({ items: 1 });
    expect(await parseOrFail(atom(20_000))).toEqual({ items: 1 });
    expect(await growth(encoded, 5_000, rssParser('rss'))).toBeLessThan(10);
    expect(await growth(atom, 5_000, rssParser('atom'))).toBeLessThan(10);
  });

  // Decoded, the description reads `<script<![CDATA[<![CDATA[…` with no `>`: rss-parser's stripHtml
  // again (7 s for 100 KB, minutes for 400 KB), whether the runs were escaped or inside a CDATA section.
  it('unclosed <script and CDATA runs decoded from a description', async () => {
    const escaped = (n: number) =>
      feed(
        `<item><title>a</title><description>&lt;script${'&lt;![CDATA[&lt;p x'.repeat(n)}</description></item>`,
      );
    const inCdata = (n: number) =>
      feed(
        `<item><title>a</title><description><![CDATA[<script${'<![CDATA[<p x'.repeat(n)}]]></description></item>`,
      );
    for (const make of [escaped, inCdata]) {
      expect(await parseOrFail(make(10_000))).toEqual({ items: 2 });
      expect(await growth(make, 10_000)).toBeLessThan(10);
    }
  });

  // sax reads `<!…` as a declaration and retests all of it at each character (20 KB took 2 s);
  // repairXml makes a `<` that opens nothing text.
  it('a declaration left open in a description', async () => {
    const make = (n: number) =>
      feed(`<item><title>a</title><description>a <!${'x'.repeat(n)} b</description></item>`);
    expect(await parseOrFail(make(20_000))).toEqual({ items: 2 });
    expect(await growth(make, 20_000)).toBeLessThan(10);
    expect(await growth(make, 20_000, rssParser('rss'))).toBeLessThan(10);
  });

  it('deep nesting', async () => {
    const make = (n: number) => feed(`<item><title>a</title>${'<div>'.repeat(n)}</item>`);
    expect(await parseOrFail(make(10_000))).toMatchObject({ items: expect.any(Number) });
    // Not linear: rss-parser's sax builds the 10,000-deep tree before the lenient reader drops
    // what is deeper than 32, and collecting such a tree grows faster than it (4× the depth
    // measured 8–13× the time on the 2-core machine). This guards against quadratic (16×) and
    // worse; the parse deadline bounds the rest.
    expect(await growth(make, 10_000)).toBeLessThan(16);
  });

  // No newline anywhere: tens of thousands of items whose text holds a `<` with no `>` after it,
  // then one description of megabytes of them (rss-parser's stripHtml again: hours before).
  it('a 10 MB single line', { timeout: 120_000 }, async () => {
    const make = (bytes: number) => {
      const items: string[] = [];
      let size = 0;
      for (let i = 1; size < bytes / 2; i++) {
        const item = `<item><title>Story ${i} &lt;3</title><link>https://line.example.com/${i}</link><description>Price &lt; 5 &amp; falling, was &lt;=7</description></item>`;
        items.push(item);
        size += item.length;
      }
      const sentence = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, x &lt; y. ';
      const big = sentence.repeat(Math.ceil(bytes / 2 / sentence.length));
      items.push(
        `<item><title>Big</title><link>https://line.example.com/big</link><description>${big}</description></item>`,
      );
      return feed(items.join(''));
    };
    const xml = make(10 * 1024 * 1024);
    expect(xml.length).toBeGreaterThan(10 * 1024 * 1024);
    expect(xml).not.toMatch(/[\r\n]/);
    const parsed = await parseFeed(Buffer.from(xml));
    const big = parsed.items.at(-2);
    expect(big?.title).toBe('Big');
    const sentence = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, x < y.';
    expect(big?.summary?.slice(0, 2 * sentence.length + 1)).toBe(`${sentence} ${sentence}`);
    expect(parsed.items[0]).toMatchObject({ title: 'Story 1 <3', summary: 'Price < 5 & falling, was <=7' });
    expect(await growth(make, 2.5 * 1024 * 1024)).toBeLessThan(10);
  });

  it('a 120 KB OPML body of unclosed attribute values', async () => {
    const make = (n: number) => `<opml version="2.0"><body>${'<outline text="a'.repeat(n)}</body></opml>`;
    const run = (text: string) => {
      try {
        return parseOpml(text);
      } catch (error) {
        if (error instanceof FeedListError) return error;
        throw error;
      }
    };
    expect(make(8_000).length).toBeGreaterThan(120_000);
    expect(await growth(make, 8_000, run)).toBeLessThan(10);
  });
});

describe('what a real feed may hold', () => {
  it('an empty channel, or an empty <rss>, is a feed with no items yet, not a parse failure', async () => {
    expect(await parseOrFail('<rss version="2.0"><channel><title>x</title></channel></rss>')).toEqual({
      items: 0,
    });
    expect(await parseOrFail('<rss></rss>')).toEqual({ items: 0 });
    expect(await parseOrFail('<rss/>')).toEqual({ items: 0 });
  });

  // repairXml escapes a `<` that opens nothing and a `&` that is no reference; markup it leaves (a
  // raw <script> made well-formed) makes rss-parser refuse the document, as the lenient reader
  // keeps it as written and xml2js would scramble it.
  it('a bare < or & in one item costs no other item (3 items, item 2 with "a < b & c")', async () => {
    const item = (n: number, text: string) =>
      `<item><title>${text}</title><link>https://bare.example.com/${n}</link><description>${text}</description></item>`;
    const xml = `<rss version="2.0"><channel><title>Bare</title><link>https://bare.example.com/</link>${item(1, 'One')}${item(2, 'a < b & c')}${item(3, 'Three')}</channel></rss>`;
    const parsed = await parseFeed(Buffer.from(xml));
    expect(parsed.items.map((i) => i.link)).toEqual([1, 2, 3].map((n) => `https://bare.example.com/${n}`));
    expect(parsed.items[1]).toMatchObject({ title: 'a < b & c', summary: 'a < b & c' });
    // Both readers read it, alike.
    const repaired = repairXml(xml);
    const fromRssParser = normalizeFeed(await readWithRssParser(repaired, 'rss'), undefined);
    expect(normalizeFeed(readWithLenientParser(repaired), undefined)).toEqual(fromRssParser);
    expect(fromRssParser).toEqual(parsed);
  });
});
