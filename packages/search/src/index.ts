export type { Meilisearch } from 'meilisearch';
export { indexArticles } from './archive-writes';
export { createMeiliClient, pingMeili } from './client';
export {
  fromIndexDocument,
  getArticle,
  type IndexedArticle,
  toIndexDocument,
  upsertArticles,
} from './documents';
export { archiveKeyIndexes, ensureSearchKey, SEARCH_KEY_ACTIONS, SEARCH_KEY_UID, searchKeyFor } from './keys';
export { queryLocales } from './locales';
export {
  Archive,
  PARTITION_SCHEMES,
  type PartitionQuery,
  type PartitionScheme,
  type SecondsRange,
} from './partitions';
export {
  commaList,
  FACETS,
  type FacetName,
  MAX_LIMIT,
  MAX_OFFSET,
  queryRange,
  quoteFilterValue,
  type SearchHit,
  SearchQuery,
  SearchResult,
  type SearchSteps,
  type SearchTimings,
  type StoryDescriber,
  searchArticles,
  toMeiliSearch,
  toSnippet,
} from './query';
export {
  applyRetention,
  deleteOlderThan,
  foldClosedPartitions,
  type ReindexReport,
  reindex,
  reindexIndex,
} from './reindex';
export {
  configureNetwork,
  Network,
  networkFromConfig,
  type PlacementRule,
  parsePlacement,
  parseRemotes,
  type Remote,
  RemoteConfigError,
} from './remotes';
export { SearchError, SearchPool } from './search-pool';
export { applyIndexSettings, INDEX_SETTINGS } from './settings';
export { MAX_STORY_ARTICLES, StoryArticle, storyArticles } from './stories';
export {
  classifyIndexFailure,
  type IndexFailure,
  IndexTaskError,
  waitForSuccess,
  waitForTask,
} from './tasks';
