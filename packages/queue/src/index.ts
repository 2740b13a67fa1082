export { type Job, UnrecoverableError, type Worker } from 'bullmq';
export { RETRY_AFTER_BACKOFF, retryDelay } from './backoff';
export {
  type Cluster,
  createRedis,
  isCluster,
  pingRedis,
  type Redis,
  type RedisClient,
  type RedisTarget,
} from './connection';
export { DeadLetterReplayer, type DeadLetterReplayerOptions } from './dead-letter-replayer';
export {
  DeadLetter,
  DeadLetterPage,
  DeadLetterQueue,
  listDeadLetters,
  replayDeadLetters,
} from './dead-letters';
export { DeferJobError, PermanentError } from './errors';
export { registerQueueMetrics } from './metrics';
export { migrateQueueKeys, QueueKeyConflictError, type QueueKeyMigration } from './migrate-keys';
export { perKey, scanKeys } from './multi-slot';
export { JOB_OPTIONS } from './options';
export { type JobKind, type PayloadOf, Queues } from './producer';
export { queuePrefix } from './queue-prefix';
export { TransientDeadLetters } from './transient-dead-letters';
export {
  errorClass,
  type JobContext,
  type JobHandler,
  type JobOutcome,
  startWorker,
  type WorkerOptions,
  workerRunning,
} from './worker';
