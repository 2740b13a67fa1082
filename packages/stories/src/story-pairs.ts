import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { estimateJaccard, fingerprint, lshBandKeys } from './fingerprint';

/** One labelled pair of testdata/story-pairs/pairs.jsonl. Not part of the public API: the corpus test and the report share it. */
export interface StoryPair {
  id: string;
  kind: string;
  label: 'same' | 'different';
  lang: string;
  split: 'tune' | 'test';
  a: { title: string; text: string };
  b: { title: string; text: string };
}

/** A pair with its signatures' agreement, computed once for every parameter choice. */
export interface ScoredPair extends StoryPair {
  jaccard: number;
  /** Rows per band under which the two signatures share an LSH bucket. */
  collides: Map<number, boolean>;
}

/** Clustering parameters under test. */
export interface Rule {
  rows: number;
  threshold: number;
}

/** Confusion counts and the rates derived from them. */
export interface Score {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
}

// Most rows first: among equally accurate rules, fewer false candidates for the index to verify.
export const ROW_CHOICES = [4, 3, 2];

export function loadStoryPairs(): StoryPair[] {
  const file = fileURLToPath(new URL('../testdata/story-pairs/pairs.jsonl', import.meta.url));
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as StoryPair);
}

export function scorePairs(pairs: StoryPair[]): ScoredPair[] {
  return pairs.map((pair) => {
    const a = fingerprint(pair.a.text);
    const b = fingerprint(pair.b.text);
    const collides = new Map<number, boolean>();
    for (const rows of ROW_CHOICES) {
      const ka = lshBandKeys(a, rows);
      const kb = lshBandKeys(b, rows);
      collides.set(
        rows,
        ka.some((key, i) => kb[i] === key),
      );
    }
    return { ...pair, jaccard: estimateJaccard(a, b), collides };
  });
}

/** The story index's decision: found through a shared bucket, and similar enough. */
export function decide(pair: ScoredPair, rule: Rule): boolean {
  return pair.collides.get(rule.rows) === true && pair.jaccard >= rule.threshold;
}

export function evaluate(pairs: ScoredPair[], rule: Rule): Score {
  const s = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (const pair of pairs) {
    const said = decide(pair, rule);
    if (pair.label === 'same') said ? s.tp++ : s.fn++;
    else said ? s.fp++ : s.tn++;
  }
  return {
    ...s,
    precision: s.tp + s.fp === 0 ? 1 : s.tp / (s.tp + s.fp),
    recall: s.tp + s.fn === 0 ? 1 : s.tp / (s.tp + s.fn),
  };
}

/**
 * The rule with the fewest errors on `pairs`; among equals, the middle of the
 * best threshold range (a margin on both sides), then more rows per band (fewer candidates).
 */
export function tune(pairs: ScoredPair[]): Rule {
  let best: { rule: Rule; errors: number; margin: number } | undefined;
  for (const rows of ROW_CHOICES) {
    const thresholds = Array.from({ length: 61 }, (_, i) => Math.round((0.1 + i * 0.01) * 100) / 100);
    const errors = thresholds.map((threshold) => {
      const s = evaluate(pairs, { rows, threshold });
      return s.fp + s.fn;
    });
    const fewest = Math.min(...errors);
    // The widest run of thresholds that reach the fewest errors; its middle is the safest choice.
    let runStart = -1;
    for (let i = 0; i <= thresholds.length; i++) {
      if (i < thresholds.length && errors[i] === fewest) {
        if (runStart < 0) runStart = i;
        continue;
      }
      if (runStart >= 0) {
        const margin = i - runStart;
        const rule = { rows, threshold: thresholds[runStart + Math.floor((margin - 1) / 2)] as number };
        if (!best || fewest < best.errors || (fewest === best.errors && margin > best.margin))
          best = { rule, errors: fewest, margin };
        runStart = -1;
      }
    }
  }
  if (!best) throw new Error('no pairs to tune on');
  return best.rule;
}
