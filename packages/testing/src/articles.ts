import { ArticleDocument, articleIdFor } from '@tidings/contracts';

/** What a test may set on an article; anything it leaves out gets a plain default. */
export type ArticleOverrides = Partial<ArticleDocument>;

/**
 * One `ArticleDocument` for a test, with every required field filled in.
 *
 * The id is derived from the URL exactly as the parser derives it
 * (`articleIdFor`), and `storyId` defaults to that id (an article that starts
 * its own story), so tests that only pass a URL get realistic keys. `source`
 * defaults to the URL's host without `www.`, as the parser sets it.
 *
 * The result is checked against the contract's zod schema, so when the schema
 * gains a required field or tightens one, this builder fails in every test at
 * once instead of each hand-written literal drifting on its own.
 */
export function articleDocument(overrides: ArticleOverrides = {}): ArticleDocument {
  const url = overrides.url ?? 'https://news.test/article';
  const id = overrides.id ?? articleIdFor(url);
  const publishedAt = overrides.publishedAt ?? '2026-11-20T08:00:00.000Z';
  const text = overrides.text ?? 'The harbour cranes stopped on Tuesday.';
  const draft: ArticleDocument = {
    id,
    url,
    feedId: 'f',
    source: new URL(url).hostname.replace(/^www\./, ''),
    title: 'Harbour cranes stop',
    publishedAt,
    discoveredAt: publishedAt,
    language: 'en',
    captions: [],
    text,
    html: `<p>${text}</p>`,
    wordCount: text.split(/\s+/).filter(Boolean).length,
    storyId: id,
    people: [],
    places: [],
    organizations: [],
    ...overrides,
  };
  const checked = ArticleDocument.safeParse(draft);
  if (!checked.success) {
    throw new Error(`articleDocument() built an invalid ArticleDocument: ${checked.error.message}`);
  }
  return checked.data;
}
