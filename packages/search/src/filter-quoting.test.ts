import { type ArticleDocument, formatValueList } from '@tidings/contracts';
import { articleDocument, startTestMeilisearch, TEST_MEILI_KEY, type TestServer } from '@tidings/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  applyIndexSettings,
  createMeiliClient,
  type Meilisearch,
  SearchPool,
  SearchQuery,
  searchArticles,
  storyArticles,
  upsertArticles,
} from './index';
import { quoteFilterValue } from './query';

describe('quoteFilterValue', () => {
  // Expected outputs written out by hand (as the characters Meilisearch receives).
  it.each([
    ['plain', '"plain"'],
    ['', '""'],
    ['"', String.raw`"\""`],
    ['\\', String.raw`"\\"`],
    ['\\"', String.raw`"\\\""`],
    ['a\\', String.raw`"a\\"`],
    ['a\\\\', String.raw`"a\\\\"`],
    ['x" OR source = "y', String.raw`"x\" OR source = \"y"`],
    ["it's", `"it's"`],
    ['a\\nb', String.raw`"a\\nb"`],
  ])('quotes %j as %s', (value, quoted) => {
    expect(quoteFilterValue(value)).toBe(quoted);
  });
});

/**
 * Values an API caller controls that mean something in Meilisearch's filter
 * syntax. Each must select the one document holding exactly that string.
 * No two differ only by letter case, because Meilisearch compares filter
 * strings case-insensitively.
 */
const HOSTILE = [
  '"',
  '\\',
  '\\"',
  'a\\',
  'a\\\\',
  '\\\\"',
  'x" OR source = "y',
  'x\\" OR source = \\"y',
  'x\\\\" OR source = "y',
  'x"] OR source IN ["y',
  "x' OR source = 'y",
  'a OR b',
  'a AND b',
  'AND',
  'OR',
  'NOT',
  'a = b',
  'a != b',
  '(x) OR (y)',
  ')',
  '("',
  'a\\nb',
  'a\\u0041b',
  'a\\tb',
  '\\x41',
  '_geoRadius(1;2;3)',
  // Commas and quotes of the list syntax (`org="a, b",c`): a value is never split into its decoys.
  'x,y',
  'Samsung Electronics Co., Ltd.',
  '"x", "y"',
  'a,"b"',
  'x IS NULL',
  'x TO y',
];
/** Innocent values a broken quoting would let the hostile ones reach, e.g. `y` from `x" OR source = "y`. */
const DECOYS = ['x', 'y', 'a', 'b', 'a b', 'ab', 'aAb', 'a\nb', 'a\tb', 'A', 'x y', 'null'];

describe('filter values with quotes and backslashes, against a real Meilisearch', () => {
  let meili: TestServer;
  let client: Meilisearch;
  let pool: SearchPool;
  const index = 'quoting_test';
  const byValue = new Map<string, ArticleDocument>();
  [...HOSTILE, ...DECOYS].forEach((value, n) => {
    // The same value in every filterable string field, so one document per
    // value answers for source, person, place, org and story.
    byValue.set(
      value,
      articleDocument({
        url: `https://quoting.test/${n}`,
        source: value,
        people: [value],
        places: [value],
        organizations: [value],
        storyId: value,
        text: 'quoting',
      }),
    );
  });

  beforeAll(async () => {
    meili = await startTestMeilisearch();
    client = createMeiliClient(meili.url, TEST_MEILI_KEY);
    pool = new SearchPool(meili.url, TEST_MEILI_KEY);
    await applyIndexSettings(client, index);
    await upsertArticles(client, index, [...byValue.values()]);
  }, 120_000);
  afterAll(async () => {
    await pool?.close();
    await meili?.stop();
  });

  const ids = async (query: Record<string, string>) =>
    (
      await searchArticles(pool, index, SearchQuery.parse({ ...query, collapse: 'none', limit: '100' }))
    ).hits.map((h) => h.id);

  it('has every value indexed once', async () => {
    // Guards the tests below: a filter matching nothing must mean the filter, not a missing document.
    expect((await ids({})).sort()).toEqual([...byValue.values()].map((d) => d.id).sort());
  });

  for (const value of HOSTILE) {
    it(`matches exactly ${JSON.stringify(value)} by source, person, place, org and story`, async () => {
      const expected = [byValue.get(value)!.id];
      // As a client writes one value in a list parameter (quoted when it holds a comma).
      const listed = formatValueList([value]);
      // Any Meilisearch filter syntax error rejects here (the API's 500).
      expect(await ids({ source: listed })).toEqual(expected);
      expect(await ids({ person: listed })).toEqual(expected);
      expect(await ids({ place: listed })).toEqual(expected);
      expect(await ids({ org: listed })).toEqual(expected);
      expect((await storyArticles(client, index, value)).map((a) => a.id)).toEqual(expected);
    });
  }

  it('keeps several hostile sources apart in one IN list', async () => {
    const values = ['x" OR source = "y', 'a\\', '\\"', 'Samsung Electronics Co., Ltd.', 'x,y'];
    const found = await ids({ source: formatValueList(values) });
    expect(found.sort()).toEqual(values.map((v) => byValue.get(v)!.id).sort());
  });
});
