import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedParseError } from './errors';
import { parseFeed } from './parse-feed';
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
