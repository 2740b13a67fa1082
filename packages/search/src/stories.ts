import { ArticleDocument } from '@tidings/contracts';
import type { Meilisearch } from 'meilisearch';
import type { z } from 'zod';
import type { IndexedArticle } from './documents';
import type { Archive } from './partitions';
import { quoteFilterValue } from './query';

/** What a story listing shows of each article: enough to pick one, not its text. */
export const StoryArticle = ArticleDocument.pick({
  id: true,
  url: true,
  title: true,
  source: true,
  publishedAt: true,
  language: true,
  siteName: true,
  byline: true,
}).meta({ id: 'StoryArticle', description: 'An article of a story: enough to pick one, not its text.' });
export type StoryArticle = z.infer<typeof StoryArticle>;

const FIELDS = Object.keys(StoryArticle.shape) as Array<keyof StoryArticle>;
/** More copies than any real story has; a story past it is listed up to here. */
export const MAX_STORY_ARTICLES = 1000;

/**
 * The articles of a story, first reporter first (publishedAt ascending, then
 * id), from one index or every partition of an {@link Archive}. Read through
 * the documents endpoint (or a search without `distinct`), because the API's
 * search collapses a story to one hit.
 */
export async function storyArticles(
  client: Meilisearch,
  target: string | Archive,
  storyId: string,
): Promise<StoryArticle[]> {
  // The same quoting as search filters: a story id from the URL is user input.
  const filter = `storyId = ${quoteFilterValue(storyId)}`;
  const indexes = typeof target === 'string' ? [target] : await target.indexes();
  let docs: IndexedArticle[];
  if (indexes.length === 0) docs = [];
  else if (indexes.length === 1) {
    const page = await client
      .index(indexes[0]!)
      .getDocuments<IndexedArticle>({ filter, fields: [...FIELDS], limit: MAX_STORY_ARTICLES });
    docs = page.results;
  } else {
    // A story can cross a month boundary: one federated search over every
    // partition, without distinct (a search without it lists every copy).
    const res = await client.multiSearch({
      federation: { limit: MAX_STORY_ARTICLES },
      queries: indexes.map((uid) => ({
        ...(typeof target === 'string' ? { indexUid: uid } : target.queryFor(uid)),
        q: '',
        filter,
        attributesToRetrieve: [...FIELDS],
      })),
    });
    docs = res.hits as unknown as IndexedArticle[];
  }
  return docs
    .map((doc) => ({ ...pickFields(doc), publishedAt: new Date(doc.publishedAt * 1000).toISOString() }))
    .sort((a, b) => a.publishedAt.localeCompare(b.publishedAt) || a.id.localeCompare(b.id));
}

function pickFields(doc: IndexedArticle): Omit<StoryArticle, 'publishedAt'> {
  const { id, url, title, source, language, siteName, byline } = doc;
  return {
    id,
    url,
    title,
    source,
    language,
    ...(siteName === undefined ? {} : { siteName }),
    ...(byline === undefined ? {} : { byline }),
  };
}
