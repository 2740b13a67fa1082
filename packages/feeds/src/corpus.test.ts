import { describe, expect, it } from 'vitest';
import { compareWithExpectation, loadCorpus } from './corpus';
import { FeedParseError } from './errors';
import { parseFeed } from './parse-feed';

const corpus = loadCorpus();

describe('fixture corpus', () => {
  it('holds at least 150 fixtures', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(150);
  });

  it('has sidecars that assert an error or the item count, and the identity of every item', () => {
    const vague = corpus.filter(({ expected }) => {
      if (expected.error !== undefined) return false;
      if (expected.itemCount === undefined || (expected.items ?? []).length !== expected.itemCount)
        return true;
      return (expected.items ?? []).some((item) =>
        ['guid', 'title', 'link', 'publishedAt'].some((key) => !(key in item)),
      );
    });
    expect(vague.map((fixture) => fixture.id)).toEqual([]);
  });

  it.each(corpus.map((fixture) => [fixture.id, fixture] as const))('%s', async (_id, fixture) => {
    let outcome: Parameters<typeof compareWithExpectation>[0];
    try {
      outcome = { feed: { ...(await parseFeed(fixture.bytes, fixture.expected.options)) } };
    } catch (error) {
      if (!(error instanceof FeedParseError)) throw error;
      outcome = { error };
    }
    expect(compareWithExpectation(outcome, fixture.expected)).toEqual([]);
  });
});
