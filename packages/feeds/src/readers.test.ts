import { readFileSync } from 'node:fs';
import { decodeText } from '@tidings/http';
import { describe, expect, it } from 'vitest';
import { loadCorpus } from './corpus';
import { normalizeFeed } from './normalize';
import { repairXml } from './repair';
import { readWithRssParser, rssParserKeepsEverything } from './rss-parser-reader';
import { readWithLenientParser } from './xml-reader';

function repaired(name: string): string {
  const bytes = readFileSync(new URL(`./testdata/${name}`, import.meta.url));
  return repairXml(decodeText(bytes, { kind: 'xml' }).text);
}

// rss-parser reads first and the lenient reader takes over on failure, so on documents both can
// read they must agree, or a feed's items would change shape depending on which parser ran.
describe('rss-parser and the lenient reader agree', () => {
  it.each([
    ['rss2.xml', 'rss'],
    ['rdf.xml', 'rss'],
    ['bad-date-rss.xml', 'rss'],
    ['broken-entities.xml', 'rss'],
    ['atom-simple.xml', 'atom'],
    ['atom03.xml', 'atom'],
  ] as const)('on %s', async (name, format) => {
    const xml = repaired(name);
    const url = 'https://feeds.example.com/feed.xml';
    const fromRssParser = normalizeFeed(await readWithRssParser(xml, format), url);
    const fromLenient = normalizeFeed(readWithLenientParser(xml), url);
    expect(fromRssParser.items.length).toBeGreaterThan(0);
    expect(fromLenient).toEqual(fromRssParser);
  });

  it('reads the simple Atom fixture fully', async () => {
    const feed = normalizeFeed(
      readWithLenientParser(repaired('atom-simple.xml')),
      'https://simple.example.org/atom',
    );
    expect(feed).toEqual({
      title: 'Simple Atom',
      link: 'https://simple.example.org/',
      language: 'en-GB',
      updatedAt: '2024-05-02T08:00:00.000Z',
      items: [
        {
          guid: 'urn:simple:1',
          title: 'With everything',
          link: 'https://simple.example.org/1?utm_campaign=x',
          publishedAt: '2024-05-02T06:00:00.000Z',
          updatedAt: '2024-05-02T06:30:00.000Z',
          author: 'Sam',
          summary: 'Short & sweet',
          contentHtml: '<p>Long <i>body</i></p>',
          categories: ['science', 'space'],
          imageUrl: 'https://simple.example.org/1.webp',
        },
        {
          guid: 'urn:simple:2',
          title: 'Minimal',
          link: 'https://simple.example.org/2',
          publishedAt: '2024-05-01T00:00:00.000Z',
          updatedAt: '2024-05-01T00:00:00.000Z',
          author: 'Desk',
          imageUrl: 'https://simple.example.org/2-thumb.jpg',
        },
      ],
    });
  });

  it.each([
    ['no-channel.xml', 'rss'],
    ['raw-html-description.xml', 'rss'],
    ['bad-date-atom.xml', 'atom'],
  ] as const)('rss-parser alone rejects %s, which the lenient reader reads', async (name, format) => {
    const xml = repaired(name);
    await expect(readWithRssParser(xml, format)).rejects.toThrow();
    expect(readWithLenientParser(xml).items.length).toBeGreaterThan(0);
  });
});

// Every XML fixture of the corpus that parseFeed would hand to rss-parser and that both readers
// read; where one refuses a document, parseFeed uses the other, so there is nothing to compare.
const bothRead: Array<[string, { fromRssParser: unknown; fromLenient: unknown }]> = [];
for (const fixture of loadCorpus()) {
  if (fixture.expected.error !== undefined) continue;
  const contentType = fixture.expected.options?.contentType;
  const text = decodeText(fixture.bytes, contentType ? { kind: 'xml', contentType } : { kind: 'xml' }).text;
  if (text.trimStart().startsWith('{')) continue;
  const xml = repairXml(text);
  const format = /^(?:<[?!][^>]*>\s*)*<feed\b/.test(xml) ? 'atom' : 'rss';
  if (!rssParserKeepsEverything(xml, format)) continue;
  try {
    const url = fixture.expected.options?.url;
    const fromRssParser = normalizeFeed(await readWithRssParser(xml, format), url);
    const fromLenient = normalizeFeed(readWithLenientParser(xml), url);
    bothRead.push([fixture.id, { fromRssParser, fromLenient }]);
  } catch {
    // One of the readers refuses it.
  }
}

describe('rss-parser and the lenient reader agree on the corpus', () => {
  it('compares most of the corpus', () => {
    expect(bothRead.length).toBeGreaterThan(100);
  });

  it.each(bothRead)('%s', (_id, { fromRssParser, fromLenient }) => {
    expect(fromLenient).toEqual(fromRssParser);
  });
});
