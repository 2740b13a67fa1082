import { describe, expect, it } from 'vitest';
import {
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
import { evaluate, loadStoryPairs, scorePairs, tune } from './story-pairs';

const LEAD =
  'A magnitude 6.1 earthquake struck the northern highlands shortly after 3 a.m., killing at least 12 people, officials said.';

describe('fingerprint', () => {
  it.each([
    ['identical texts', LEAD, LEAD, 1, 1],
    ['case and punctuation do not matter', LEAD, LEAD.toUpperCase().replaceAll(',', ' ;'), 1, 1],
    [
      'unrelated texts',
      LEAD,
      'The council approved the new cycle lane network on Tuesday evening after a long debate.',
      0,
      0.05,
    ],
    [
      'Korean particles still overlap',
      '서울시는 새 조례안을 통과시켰다',
      '서울시가 새 조례안을 통과시켰다',
      0.5,
      0.95,
    ],
  ])('%s', (_, a, b, min, max) => {
    const j = estimateJaccard(fingerprint(a), fingerprint(b));
    expect(j).toBeGreaterThanOrEqual(min);
    expect(j).toBeLessThanOrEqual(max);
  });

  it('uses word shingles for spaced scripts and character shingles for CJK', () => {
    expect(shingleHashes('one two three four').size).toBe(2);
    expect(shingleHashes('지진이 발생했다').size).toBe(5); // 7 syllables → 5 trigrams
    expect(shingleHashes('').size).toBe(0);
  });

  it('gives an empty text a signature similar to nothing, itself included', () => {
    expect(estimateJaccard(fingerprint(''), fingerprint(''))).toBe(0);
  });

  it('round-trips through base64', () => {
    const sig = fingerprint(LEAD);
    expect(sig).toHaveLength(SIGNATURE_SIZE);
    expect(decodeSignature(encodeSignature(sig))).toEqual(sig);
    expect(() => decodeSignature('AAAA')).toThrow(RangeError);
  });

  it('makes one key per band, equal keys for equal bands', () => {
    const sig = fingerprint(LEAD);
    expect(lshBandKeys(sig)).toHaveLength(Math.floor(SIGNATURE_SIZE / LSH_ROWS));
    expect(lshBandKeys(sig, 3)).toHaveLength(42);
    expect(lshBandKeys(sig)).toEqual(lshBandKeys(fingerprint(LEAD.toLowerCase())));
    expect(() => lshBandKeys(sig, 0)).toThrow(RangeError);
  });
});

describe('labelled story pairs (testdata/story-pairs)', () => {
  const scored = scorePairs(loadStoryPairs());
  const tuneHalf = scored.filter((p) => p.split === 'tune');
  const testHalf = scored.filter((p) => p.split === 'test');

  it('has at least 200 pairs of every kind, Korean included', () => {
    expect(scored.length).toBeGreaterThanOrEqual(200);
    expect(new Set(scored.map((p) => p.kind)).size).toBeGreaterThanOrEqual(6);
    expect(scored.filter((p) => p.lang === 'ko').length).toBeGreaterThanOrEqual(50);
  });

  it('ships the parameters that tuning on the tune half picks', () => {
    expect(tune(tuneHalf)).toEqual({ rows: LSH_ROWS, threshold: SAME_STORY_THRESHOLD });
  });

  it.each([
    ['tune', tuneHalf],
    ['test', testHalf],
  ])('reaches precision and recall >= 0.95 on the %s half', (_, pairs) => {
    const score = evaluate(pairs, { rows: LSH_ROWS, threshold: SAME_STORY_THRESHOLD });
    expect(score.precision).toBeGreaterThanOrEqual(0.95);
    expect(score.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('sameStory agrees with the corpus decision rule', () => {
    for (const pair of scored.slice(0, 40)) {
      const same = sameStory(fingerprint(pair.a.text), fingerprint(pair.b.text));
      expect(same).toBe(pair.collides.get(LSH_ROWS) === true && pair.jaccard >= SAME_STORY_THRESHOLD);
    }
  });
});
