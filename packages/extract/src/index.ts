/**
 * @tidings/extract — turns a news page into a clean article: metadata, body
 * as plain text and sanitised HTML, captions kept apart from the body.
 */
export type { Article, ExtractOptions } from './article';
export type { Entities, EntityKind, EntityOptions } from './entities';
export { extractEntities } from './entities';
export { ExtractError } from './errors';
export { extractArticle } from './extract';
export type { SiteRules } from './rules';
export {
  decodeSignature,
  encodeSignature,
  estimateJaccard,
  fingerprint,
  LSH_ROWS,
  lshBandKeys,
  SAME_STORY_THRESHOLD,
  SIGNATURE_SIZE,
  sameStory,
  shingleHashes,
} from './similarity';
