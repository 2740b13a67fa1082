export { atomFeed } from './atom';
export { type SavedSearchKeys, savedSearchKeys } from './keys';
export { idsFilter, type MatchPlan, matchPlan, matchQuery, restrictionTail } from './match-queries';
export {
  AlertMatcher,
  type AlertMatcherOptions,
  DEFAULT_CHUNK_SIZE,
  type MatchArticle,
  MatchSearchError,
  type SearchableArticle,
} from './matcher';
export {
  type DeliveryChannel,
  type DeliveryMetrics,
  deliveryMetrics,
  type MatcherMetrics,
  matcherMetrics,
} from './metrics';
export {
  type ArticleFacts,
  articleFacts,
  type CouldMatch,
  couldMatch,
  FACT_FIELDS,
  type FactSource,
  fold,
  requiredPieces,
} from './prefilter';
export { readFacts } from './read-facts';
export {
  Channel,
  ChannelWithSecret,
  endOfBound,
  FilterQueryParams,
  MAX_CHANNELS,
  SavedSearch,
  SavedSearchFilters,
  SavedSearchInput,
  SavedSearchPatch,
  SavedSearchWithSecrets,
  StoredSavedSearch,
  toPublic,
  WebhookInput,
} from './saved-search';
export {
  ALERT_LOG_SIZE,
  ALERTED_TTL_SECONDS,
  type Saved,
  SavedSearchLimitError,
  SavedSearchStore,
} from './store';
export { AlertSubscriber } from './subscriber';
export {
  ALERT_ID_HEADER,
  createWebhookDelivery,
  SIGNATURE_HEADER,
  SIGNATURE_TOLERANCE_SECONDS,
  signWebhook,
  verifyWebhook,
  type WebhookBody,
} from './webhook';
