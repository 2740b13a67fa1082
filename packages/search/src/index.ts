export type { Meilisearch } from 'meilisearch';
export { createMeiliClient, pingMeili } from './client';
export {
  fromIndexDocument,
  getArticle,
  type IndexedArticle,
  toIndexDocument,
  upsertArticles,
} from './documents';
export { ensureSearchKey, SEARCH_KEY_ACTIONS, SEARCH_KEY_UID, searchKeyFor } from './keys';
export { queryLocales } from './locales';
export {
  FACETS,
  type FacetName,
  MAX_LIMIT,
  MAX_OFFSET,
  type SearchHit,
  SearchQuery,
  type SearchResult,
  type StoryDescriber,
  searchArticles,
  toMeiliSearch,
  toSnippet,
} from './query';
export { deleteOlderThan, type ReindexReport, reindex } from './reindex';
export { SearchPool } from './search-pool';
export { applyIndexSettings, INDEX_SETTINGS } from './settings';
export { MAX_STORY_ARTICLES, type StoryArticle, storyArticles } from './stories';
export {
  classifyIndexFailure,
  type IndexFailure,
  IndexTaskError,
  waitForSuccess,
  waitForTask,
} from './tasks';
