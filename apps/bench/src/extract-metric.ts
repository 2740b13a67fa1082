/**
 * The article-extraction benchmark's metric, computed exactly as its README
 * says so that our numbers compare with the published ones: `\w+` tokens,
 * multisets of token 4-gram shingles, per-page precision and recall, means
 * over pages, F1 of the means, exact-match accuracy on token sequences.
 */

/** Python's `\w+` on str: Unicode letters, digits and underscore. */
const WORD = /[\p{L}\p{N}_]+/gu;

/** The benchmark's tokens of a text, case kept, nothing else normalised. */
export function tokens(text: string): string[] {
  return text.match(WORD) ?? [];
}

/** Multiset of consecutive 4-grams; a 1–3 token text is one shingle, an empty one has none. */
export function shingles(toks: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  if (toks.length === 0) return counts;
  const n = Math.min(4, toks.length);
  for (let i = 0; i + n <= toks.length; i++) {
    // \u0001 cannot occur inside a token, so joined shingles never collide.
    const key = toks.slice(i, i + n).join('\u0001');
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return counts;
}

/** One page's score. precision/recall are undefined when the page drops out of that mean. */
export interface PageScore {
  precision?: number;
  recall?: number;
  f1: number;
  exact: boolean;
  empty: boolean;
}

/** Scores one prediction against its ground truth. */
export function scorePage(truth: string, prediction: string): PageScore {
  const truthTokens = tokens(truth);
  const predTokens = tokens(prediction);
  const t = shingles(truthTokens);
  const p = shingles(predTokens);
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (const [key, count] of p) {
    const expected = t.get(key) ?? 0;
    tp += Math.min(count, expected);
    fp += Math.max(0, count - expected);
  }
  for (const [key, count] of t) fn += Math.max(0, count - (p.get(key) ?? 0));
  // Normalised so every page weighs the same (README step 3); the ratios below do not change.
  const total = tp + fp + fn;
  if (total > 0) {
    tp /= total;
    fp /= total;
    fn /= total;
  }
  const pageRatio = (hit: number, miss: number) => (miss === 0 ? 1 : hit / (hit + miss));
  const precision = tp + fp > 0 ? pageRatio(tp, fp) : undefined;
  const recall = tp + fn > 0 ? pageRatio(tp, fn) : undefined;
  const pr = (precision ?? 0) + (recall ?? 0);
  return {
    precision,
    recall,
    f1: pr > 0 ? (2 * (precision ?? 0) * (recall ?? 0)) / pr : 0,
    exact: truthTokens.length === predTokens.length && truthTokens.every((tok, i) => tok === predTokens[i]),
    empty: predTokens.length === 0,
  };
}

/** The benchmark's summary over a set of pages. */
export interface Summary {
  pages: number;
  f1: number;
  precision: number;
  recall: number;
  accuracy: number;
  empty: number;
}

/** Means of page precision and recall (each over the pages it is defined on), their F1, accuracy, empties. */
export function summarise(scores: PageScore[]): Summary {
  const mean = (values: number[]) =>
    values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
  const precision = mean(scores.flatMap((s) => (s.precision === undefined ? [] : [s.precision])));
  const recall = mean(scores.flatMap((s) => (s.recall === undefined ? [] : [s.recall])));
  return {
    pages: scores.length,
    f1: precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0,
    precision,
    recall,
    accuracy: scores.length === 0 ? 0 : scores.filter((s) => s.exact).length / scores.length,
    empty: scores.filter((s) => s.empty).length,
  };
}
