export { createMeiliClient, pingMeili } from './client';
export { fromIndexDocument, getArticle, IndexTaskError, type IndexedArticle, toIndexDocument, upsertArticles } from './documents';
export { MAX_LIMIT, MAX_OFFSET, type SearchHit, SearchQuery, type SearchResult, searchArticles, toMeiliSearch, toSnippet } from './query';
export { applyIndexSettings, INDEX_SETTINGS } from './settings';
export type { Meilisearch } from 'meilisearch';
