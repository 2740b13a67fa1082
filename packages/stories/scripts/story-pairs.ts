// Writes testdata/story-pairs/pairs.jsonl: labelled article pairs for measuring story clustering.
// The generator lives with the synthetic newsroom's prose in @tidings/testing; it is seeded,
// so the committed file can be regenerated and reviewed as a diff:
//   pnpm --filter @tidings/stories story-pairs
import { fileURLToPath } from 'node:url';
import { writeStoryPairs } from '@tidings/testing';

const out = fileURLToPath(new URL('../testdata/story-pairs/pairs.jsonl', import.meta.url));
console.log(`wrote ${writeStoryPairs(out)} pairs to ${out}`);
