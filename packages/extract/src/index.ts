/**
 * @tidings/extract — turns a news page into a clean article: metadata, body
 * as plain text and sanitised HTML, captions kept apart from the body.
 */
export type { Article, ExtractOptions } from './article';
export { ExtractError } from './errors';
export { extractArticle } from './extract';
export type { SiteRules } from './rules';
