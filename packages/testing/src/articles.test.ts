import { ArticleDocument, articleIdFor } from '@tidings/contracts';
import { describe, expect, it } from 'vitest';
import { articleDocument } from './articles';

describe('articleDocument', () => {
  it('keys the article by its URL, starts its own story, and satisfies the contract', () => {
    const doc = articleDocument({ url: 'https://www.news.test/a/1' });
    expect(doc.id).toBe(articleIdFor('https://www.news.test/a/1'));
    expect(doc.storyId).toBe(doc.id);
    expect(doc.source).toBe('news.test');
    expect(doc.wordCount).toBe(doc.text.split(' ').length);
    expect(ArticleDocument.parse(doc)).toEqual(doc);
  });

  it('lets every field be overridden, the story included', () => {
    const first = articleDocument({ url: 'https://a.test/x' });
    const copy = articleDocument({
      url: 'https://b.test/x',
      storyId: first.id,
      source: 'elsewhere',
      wordCount: 0,
    });
    expect(copy).toMatchObject({ storyId: first.id, source: 'elsewhere', wordCount: 0 });
    expect(copy.id).not.toBe(first.id);
  });

  it('fails loudly rather than hand a test a document the contract rejects', () => {
    expect(() => articleDocument({ publishedAt: 'yesterday' })).toThrow(/invalid ArticleDocument/);
    expect(() => articleDocument({ id: 'not-hex' })).toThrow(/invalid ArticleDocument/);
  });
});
