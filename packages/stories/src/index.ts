/**
 * @tidings/stories — near-duplicate articles grouped into stories: MinHash
 * fingerprints and LSH band keys (pure), and the Redis index that assigns
 * each article its story.
 */
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
} from './fingerprint';
export {
  MAX_STORY_MEMBERS,
  type StoryAssignment,
  type StoryCandidate,
  StoryIndex,
  type StoryIndexOptions,
  StoryLockTimeoutError,
  type StorySummary,
} from './story-index';
export type { StoryRedis } from './story-scripts';
