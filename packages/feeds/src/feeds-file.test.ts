import { describe, expect, it } from 'vitest';
import { FeedListError } from './errors';
import { parseFeedsFile } from './feeds-file';

describe('parseFeedsFile', () => {
  it('reads a YAML mapping with a feeds list of strings and objects', () => {
    const yaml = `
feeds:
  - https://a.example.com/rss
  - url: https://b.example.com/atom
    title: B News
    intervalSeconds: 300
  - url: " https://c.example.com/feed.json "
    categories: [tech, science]
`;
    expect(parseFeedsFile(yaml, 'feeds.yaml')).toEqual([
      { url: 'https://a.example.com/rss' },
      { url: 'https://b.example.com/atom', title: 'B News', intervalSeconds: 300 },
      { url: 'https://c.example.com/feed.json', categories: ['tech', 'science'] },
    ]);
  });

  it('reads a bare YAML list', () => {
    expect(
      parseFeedsFile('- https://a.example.com/rss\n- url: https://b.example.com/rss\n', 'list.yml'),
    ).toEqual([{ url: 'https://a.example.com/rss' }, { url: 'https://b.example.com/rss' }]);
  });

  it('reads JSON', () => {
    const json = JSON.stringify({ feeds: [{ url: 'https://a.example.com/rss', title: 'A' }] });
    expect(parseFeedsFile(json, 'FEEDS.JSON')).toEqual([{ url: 'https://a.example.com/rss', title: 'A' }]);
  });

  it('reads OPML by extension', () => {
    const opml =
      '<opml version="2.0"><body><outline text="A" xmlUrl="https://a.example.com/rss"/></body></opml>';
    expect(parseFeedsFile(opml, '/etc/tidings/subscriptions.opml')).toEqual([
      { url: 'https://a.example.com/rss', title: 'A' },
    ]);
    expect(parseFeedsFile(opml, 'export.xml')).toHaveLength(1);
  });

  it('treats an empty YAML file as no feeds', () => {
    expect(parseFeedsFile('', 'feeds.yaml')).toEqual([]);
  });

  it.each([
    ['an unknown extension', 'x', 'feeds.txt', /unknown feeds file type/],
    ['invalid YAML', 'feeds: [unclosed', 'feeds.yaml', /not valid YAML/],
    ['a mapping without feeds', 'other: 1', 'feeds.yaml', /"feeds" list/],
    ['an entry without url', 'feeds:\n  - title: x', 'feeds.yaml', /feed 1: "url" is missing/],
    ['an empty url', 'feeds:\n  - https://a.example.com\n  - ""', 'feeds.yaml', /feed 2: empty URL/],
    [
      'a negative interval',
      'feeds:\n  - url: https://a.example.com\n    intervalSeconds: -5',
      'feeds.yaml',
      /positive whole number/,
    ],
    [
      'a non-string title',
      'feeds:\n  - url: https://a.example.com\n    title: [x]',
      'feeds.yaml',
      /"title" must be a string/,
    ],
    ['a number entry', 'feeds:\n  - 42', 'feeds.yaml', /feed 1: expected a URL/],
  ])('rejects %s', (_name, text, filename, message) => {
    expect(() => parseFeedsFile(text, filename)).toThrow(FeedListError);
    expect(() => parseFeedsFile(text, filename)).toThrow(message);
  });
});
