// Prints story-clustering precision and recall on the labelled pairs: the rule
// tuned on one half, its numbers on both halves, and per-kind misses.
//   pnpm --filter @tidings/extract stories-report
import { fingerprint, LSH_ROWS, SAME_STORY_THRESHOLD, SIGNATURE_SIZE } from '../src/fingerprint';
import {
  decide,
  evaluate,
  loadStoryPairs,
  ROW_CHOICES,
  type Score,
  scorePairs,
  tune,
} from '../src/story-pairs';

const scored = scorePairs(loadStoryPairs());
const tuneHalf = scored.filter((p) => p.split === 'tune');
const testHalf = scored.filter((p) => p.split === 'test');
const tuned = tune(tuneHalf);
const shipped = { rows: LSH_ROWS, threshold: SAME_STORY_THRESHOLD };

const line = (name: string, s: Score) =>
  `${name.padEnd(24)} precision ${s.precision.toFixed(3)}  recall ${s.recall.toFixed(3)}  (tp ${s.tp}, fp ${s.fp}, fn ${s.fn}, tn ${s.tn})`;
console.log(
  `${scored.length} pairs (${tuneHalf.length} tune, ${testHalf.length} test); ${SIGNATURE_SIZE} hashes`,
);
console.log(
  `tuned on the tune half: ${tuned.rows} rows per band (${Math.floor(SIGNATURE_SIZE / tuned.rows)} bands), Jaccard >= ${tuned.threshold}`,
);
console.log(
  `shipped: ${shipped.rows} rows per band (${Math.floor(SIGNATURE_SIZE / shipped.rows)} bands), Jaccard >= ${shipped.threshold}`,
);
console.log(line('tune half', evaluate(tuneHalf, shipped)));
console.log(line('test half', evaluate(testHalf, shipped)));
console.log(line('all', evaluate(scored, shipped)));
console.log('\nalternatives (threshold tuned per band shape on the tune half, scored on the test half):');
for (const rows of ROW_CHOICES) {
  const only = (pairs: typeof scored) =>
    pairs.map((p) => ({ ...p, collides: new Map([[rows, p.collides.get(rows) ?? false]]) }));
  const rule = tune(only(tuneHalf));
  console.log(line(`  ${rows} rows, >= ${rule.threshold}`, evaluate(testHalf, rule)));
}
console.log('\nmisclassified (shipped rule):');
for (const p of scored) {
  if (decide(p, shipped) !== (p.label === 'same'))
    console.log(
      `  ${p.id.padEnd(30)} ${p.lang} ${p.label.padEnd(9)} jaccard ${p.jaccard.toFixed(3)} bucket ${p.collides.get(shipped.rows) ? 'shared' : 'missed'}`,
    );
}
const kinds = [...new Set(scored.map((p) => p.kind))];
console.log('\nJaccard by kind (min / median / max):');
for (const kind of kinds) {
  const js = scored
    .filter((p) => p.kind === kind)
    .map((p) => p.jaccard)
    .sort((a, b) => a - b);
  console.log(
    `  ${kind.padEnd(24)} ${js[0]?.toFixed(2)} / ${js[js.length >> 1]?.toFixed(2)} / ${js[js.length - 1]?.toFixed(2)}`,
  );
}

const texts = scored.flatMap((p) => [p.a.text, p.b.text]);
const started = performance.now();
for (const text of texts) fingerprint(text);
console.log(
  `\nfingerprint: ${((performance.now() - started) / texts.length).toFixed(3)} ms per article (mean of ${texts.length}, one pass)`,
);
