/**
 * @tidings/extract — turns a news page into a clean article: metadata, body
 * as plain text and sanitised HTML, captions kept apart from the body.
 */
export type { Article, ExtractOptions, TextSource } from './article';
export type { Entities, EntityKind, EntityOptions } from './entities';
export { extractEntities } from './entities';
export { ExtractError } from './errors';
export { extractArticle } from './extract';
export { extractPage, type PageResult, type PageTask } from './extract-page';
export {
  countSentences,
  extractFeedArticle,
  extractFeedContent,
  type FeedContentResult,
  type FeedContentTask,
  MIN_FEED_SENTENCES,
  MIN_FEED_WORDS,
} from './feed-content';
export { findWall, isTeaserOnly, TEASER_MAX_WORDS, type WallSignal } from './paywall';
export { ExtractPool, type ExtractTask, ExtractTimeoutError } from './pool';
export type { SiteRules } from './rules';
