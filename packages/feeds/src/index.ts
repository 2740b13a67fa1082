export { canonicalUrl } from './canonical-url';
export { FeedListError, FeedParseError } from './errors';
export { parseFeedsFile } from './feeds-file';
export { parseOpml, toOpml } from './opml';
export { parseFeed } from './parse-feed';
export { FeedPool, FeedTimeoutError } from './pool';
export type { FeedItem, FeedSource, ParsedFeed, ParseFeedOptions } from './types';
