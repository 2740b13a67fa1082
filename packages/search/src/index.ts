export { createMeiliClient, pingMeili } from './client';
export { fromIndexDocument, getArticle, IndexTaskError, type IndexedArticle, toIndexDocument, upsertArticles } from './documents';
export { queryLocales } from './locales';
export { FACETS, type FacetName, MAX_LIMIT, MAX_OFFSET, type SearchHit, SearchQuery, type SearchResult, type StoryDescriber, searchArticles, toMeiliSearch, toSnippet } from './query';
export { applyIndexSettings, INDEX_SETTINGS } from './settings';
export type { Meilisearch } from 'meilisearch';
export { deleteOlderThan, type ReindexReport, reindex } from './reindex';
