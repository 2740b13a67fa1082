import type { ArticleDocument } from '@tidings/contracts';
import type { Meilisearch } from 'meilisearch';
import type { IndexedArticle } from './documents';
import { quoteFilterValue } from './query';

/** What a story listing shows of each article: enough to pick one, not its text. */
export type StoryArticle = Pick<
  ArticleDocument,
  'id' | 'url' | 'title' | 'source' | 'publishedAt' | 'language' | 'siteName' | 'byline'
>;

const FIELDS = ['id', 'url', 'title', 'source', 'publishedAt', 'language', 'siteName', 'byline'] as const;
/** More copies than any real story has; a story past it is listed up to here. */
export const MAX_STORY_ARTICLES = 1000;

/**
 * The articles of a story, first reporter first (publishedAt ascending, then
 * id). Read through the documents endpoint rather than search, because search
 * collapses a story to one hit (the index's distinct attribute).
 */
export async function storyArticles(
  client: Meilisearch,
  indexUid: string,
  storyId: string,
): Promise<StoryArticle[]> {
  const page = await client.index(indexUid).getDocuments<IndexedArticle>({
    // The same quoting as search filters: a story id from the URL is user input.
    filter: `storyId = ${quoteFilterValue(storyId)}`,
    fields: [...FIELDS],
    limit: MAX_STORY_ARTICLES,
  });
  return page.results
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
