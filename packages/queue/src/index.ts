export { type Job, UnrecoverableError, type Worker } from 'bullmq';
export { createRedis, pingRedis, type Redis } from './connection';
export { DeferJobError, PermanentError } from './errors';
export { FeedRegistry, type PollPlan, type PollRecord } from './feed-registry';
export { RedisHostGate, type RedisHostGateOptions } from './host-gate';
export { JOB_OPTIONS } from './options';
export { type JobKind, type PayloadOf, Queues } from './producer';
export { type ItemKey, SeenItems, type SeenVerdict } from './seen-items';
export {
  type StoryAssignment,
  type StoryCandidate,
  StoryIndex,
  type StoryIndexOptions,
  type StorySummary,
} from './story-index';
export { errorClass, type JobContext, type JobHandler, type JobOutcome, startWorker, type WorkerOptions, workerRunning } from './worker';
export { type FreshnessHistograms, freshnessHistograms, MinuteHistogram, type MinuteSummary } from './minute-histogram';
export { createPoliteHttpClient } from './polite-http';
export { type DeadLetter, listDeadLetters, replayDeadLetters } from './dead-letters';
export { registerFeedMetrics, registerQueueMetrics } from './metrics';
