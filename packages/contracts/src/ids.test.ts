import { describe, expect, it } from 'vitest';
import { ArticleDocument, articleIdFor, ID_PATTERN, ParseArticlePayload } from './index';

describe('ids', () => {
  it('is stable and URL-sensitive', () => {
    const a = articleIdFor('https://example.com/a');
    expect(a).toBe(articleIdFor('https://example.com/a'));
    expect(a).not.toBe(articleIdFor('https://example.com/b'));
    expect(a).toMatch(ID_PATTERN);
    // Pinned: changing the scheme would orphan every stored document.
    expect(a).toBe('2dce0a4c50441bfccfa9caf4b58c3cba');
  });
});

describe('payload schemas', () => {
  it('rejects a parse job without an id', () => {
    const r = ParseArticlePayload.safeParse({
      url: 'https://x.test/a',
      feedId: 'f',
      discoveredAt: new Date().toISOString(),
      item: {},
    });
    expect(r.success).toBe(false);
  });
  it('accepts a full document and rejects a bad date', () => {
    const doc = {
      id: articleIdFor('https://x.test/a'),
      url: 'https://x.test/a',
      feedId: 'f',
      source: 'x.test',
      title: 't',
      publishedAt: '2026-11-27T10:00:00.000Z',
      discoveredAt: '2026-11-27T10:00:01.000Z',
      language: 'en',
      captions: [],
      text: 'body',
      html: '<p>body</p>',
      wordCount: 1,
      storyId: 's',
    };
    expect(ArticleDocument.parse(doc).id).toBe(doc.id);
    expect(ArticleDocument.safeParse({ ...doc, publishedAt: 'yesterday' }).success).toBe(false);
  });
});
