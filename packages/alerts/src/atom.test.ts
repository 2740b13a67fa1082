import { type Alert, alertIdFor } from '@tidings/contracts';
import { parseFeed } from '@tidings/feeds';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { atomFeed } from './atom';
import type { StoredSavedSearch } from './saved-search';

const search: StoredSavedSearch = {
  id: 'ss_0123456789abcdef',
  name: 'Ports & <harbours> "watch" \u0001\uFFFF',
  q: 'harbour',
  filters: {},
  channels: [],
  feedKey: 'k'.repeat(43),
  createdAt: '2026-11-01T00:00:00.000Z',
  updatedAt: '2026-11-02T00:00:00.000Z',
};

function alert(n: number, title: string, url?: string): Alert {
  const id = n.toString(16).padStart(32, '0');
  return {
    id: alertIdFor(search.id, id),
    savedSearchId: search.id,
    article: {
      id,
      title,
      ...(url ? { url } : {}),
      source: 'news.test',
      publishedAt: `2026-11-2${n}T08:00:00.000Z`,
      language: 'en',
      snippet: 'The <mark>harbour</mark> &amp; the &lt;pier&gt;…',
      storyId: id,
    },
    searchableAt: `2026-11-2${n}T08:00:05.000Z`,
    matchedAt: `2026-11-2${n}T08:00:05.200Z`,
  };
}

describe('the Atom feed of a saved search', () => {
  const alerts = [
    alert(2, 'Cranes stop </title><script>alert("x")</script> & more ]]>', 'https://news.test/a?x=1&y=2'),
    alert(1, 'A press release without a page \u0002\uD800'),
  ];
  const xml = atomFeed(
    search,
    alerts,
    'https://tidings.example/v1/saved-searches/ss_0123456789abcdef/feed.atom?key=k&x=1',
  );

  it('is well-formed XML whatever the titles, names and URLs hold', () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
    expect(xml).not.toContain('<script>');
    expect(xml).not.toMatch(/[\u0001\u0002\uFFFF]/);
  });

  it('reads back, in a feed reader, as one entry per alert, newest first, with its link and summary', async () => {
    const feed = await parseFeed(new TextEncoder().encode(xml), {
      url: 'https://tidings.example/feed.atom',
      contentType: 'application/atom+xml',
    });
    // The reader trims: the control characters and U+FFFF were dropped, the rest kept as written.
    expect(feed.title).toBe('Tidings: Ports & <harbours> "watch"');
    expect(feed.items.map((i) => i.title)).toEqual([
      'Cranes stop </title><script>alert("x")</script> & more ]]>',
      'A press release without a page',
    ]);
    expect(feed.items[0]).toMatchObject({
      guid: `urn:tidings:alert:${alerts[0]!.id}`,
      link: 'https://news.test/a?x=1&y=2',
      publishedAt: '2026-11-22T08:00:00.000Z',
    });
    expect(feed.items[0]!.contentHtml).toContain('<mark>harbour</mark>');
    expect(feed.items[1]!.link).toBeUndefined();
  });

  it('is a valid feed with no entries before the first alert', () => {
    const empty = atomFeed(search, [], 'https://tidings.example/feed.atom');
    expect(XMLValidator.validate(empty)).toBe(true);
    expect(empty).toContain(`<updated>${search.updatedAt}</updated>`);
    expect(empty).not.toContain('<entry>');
  });
});
