export { registerFeedMetrics } from './feed-metrics';
export { FeedRegistry, type PollPlan, type PollRecord } from './feed-registry';
export { type ItemKey, SeenItems, type SeenVerdict } from './seen-items';
