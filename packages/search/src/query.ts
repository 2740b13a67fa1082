import { parseValueList } from '@tidings/contracts';
import type { SearchParams } from 'meilisearch';
import { z } from 'zod';
import type { IndexedArticle } from './documents';
import { type ArchivePage, isMissingIndex, searchFederated } from './federated';
import { queryLocales } from './locales';
import type { Archive, SecondsRange } from './partitions';
import { quoteFilterValue } from './quoting';
import type { SearchPool } from './search-pool';

export { quoteFilterValue };

/** Facets the API can count, by their query-string name, and the document field behind each. */
export const FACETS = {
  source: 'source',
  language: 'language',
  person: 'people',
  place: 'places',
  org: 'organizations',
  day: 'publishedDay',
} as const;
export type FacetName = keyof typeof FACETS;
const FACET_NAMES = Object.keys(FACETS) as FacetName[];

/** Largest `limit`, and the deepest `offset + limit` the index can page to. */
export const MAX_LIMIT = 100;
export const MAX_OFFSET = 10_000;

const list = z
  .string()
  .trim()
  .min(1)
  .max(500)
  .transform((text, ctx) => {
    const parsed = parseValueList(text);
    if (parsed.ok) return parsed.values;
    ctx.addIssue({ code: 'custom', message: `not a list of values: ${parsed.error}` });
    return z.NEVER;
  });
/**
 * A comma-separated list in a query string (`source=a,b`), read into its
 * trimmed, non-empty items; a value holding a comma is in double quotes
 * (`org="Samsung Electronics Co., Ltd.",Hyundai`, see `parseValueList`).
 */
export const commaList = list;
const dateBound = z.union([z.iso.date(), z.iso.datetime({ offset: true })]);

/**
 * The query string of `GET /v1/search`. Multi-valued filters take
 * comma-separated values, a value with a comma in double quotes.
 */
export const SearchQuery = z
  .object({
    q: z
      .string()
      .max(512)
      .default('')
      .describe('The words to find; empty browses (newest first with `sort=recent`).'),
    source: list.optional().describe('Only these sources (hosts), comma-separated.'),
    language: list.optional().describe('Only these languages (`en`, `ko`…), comma-separated.'),
    person: list
      .optional()
      .describe(
        'Articles that mention all of these people, comma-separated; a value with a comma in double quotes.',
      ),
    place: list
      .optional()
      .describe(
        'Articles that mention all of these places, comma-separated; a value with a comma in double quotes.',
      ),
    org: list
      .optional()
      .describe(
        'Articles that mention all of these organisations, comma-separated; a value with a comma in double quotes.',
      ),
    from: dateBound.optional().describe('Published at or after: an ISO date or date-time.'),
    to: dateBound.optional().describe('Published at or before: an ISO date (the whole day) or date-time.'),
    sort: z
      .enum(['relevance', 'recent', 'oldest'])
      .default('relevance')
      .describe('`relevance` (recency breaks ties), `recent` or `oldest`.'),
    limit: z.coerce.number().int().min(1).max(MAX_LIMIT).default(20),
    offset: z.coerce.number().int().min(0).max(MAX_OFFSET).default(0),
    /**
     * Which facets to count. Each costs Meilisearch time on every query, so
     * by default only source and language; `facets=source,language,person,place,org,day` asks for all.
     */
    facets: list
      .pipe(z.array(z.enum(FACET_NAMES as [FacetName, ...FacetName[]])))
      .default(['source', 'language'])
      .describe(
        'Facets to count, comma-separated, of `source,language,person,place,org,day`; by default `source,language`.',
      ),
    /** `story` (default): one hit per story; `none`: every article. */
    collapse: z
      .enum(['story', 'none'])
      .default('story')
      .describe('`story`: one hit per story, with its size and other sources; `none`: every article.'),
  })
  .strict()
  .refine((q) => !(q.from && q.to) || Date.parse(q.from) <= endOf(q.to), {
    message: 'from must not be after to',
    path: ['from'],
  });
export type SearchQuery = z.output<typeof SearchQuery>;

/** A date alone as an upper bound means the whole of that day. */
function endOf(bound: string): number {
  return /^\d{4}-\d{2}-\d{2}$/.test(bound) ? Date.parse(bound) + 86_399_999 : Date.parse(bound);
}

const names = z.array(z.string());

/**
 * One search hit as the API returns it. The API's answers are checked
 * against this schema (and its OpenAPI document made from it): a field the
 * code adds must be added here, or the answer would drop it.
 */
export const SearchHit = z
  .object({
    id: z.string().describe('The article id: 32 hex characters, a hash of its canonical URL.'),
    title: z.string(),
    url: z
      .string()
      .optional()
      .describe('Absent for a feed-only item: the feed carried its text and no link.'),
    source: z.string().describe('The host the article was published on, without `www.`.'),
    siteName: z.string().optional(),
    byline: z.string().optional(),
    publishedAt: z.iso.datetime(),
    language: z.string(),
    leadImage: z.string().optional(),
    storyId: z.string().describe("The story's id: the id of its first article."),
    people: names,
    places: names,
    organizations: names,
    snippet: z
      .string()
      .describe(
        'A cropped excerpt around the match; matches wrapped in `<mark>`, everything else HTML-escaped.',
      ),
    storySize: z
      .number()
      .int()
      .optional()
      .describe("Articles in this hit's story (set when hits are collapsed by story)."),
    otherSources: names
      .optional()
      .describe('The sources of the other articles of the story (set when hits are collapsed by story).'),
  })
  .meta({
    id: 'SearchHit',
    description: 'One hit: an article, or with `collapse=story` the best of its story.',
  });
export type SearchHit = z.infer<typeof SearchHit>;

/** The answer of `GET /v1/search`. */
export const SearchResult = z
  .object({
    hits: z.array(SearchHit),
    total: z.number().int().describe('Matches in all (an estimate past a few thousand).'),
    limit: z.number().int(),
    offset: z.number().int(),
    facets: z
      .partialRecord(
        z.enum(FACET_NAMES as [FacetName, ...FacetName[]]),
        z.record(z.string(), z.number().int()),
      )
      .describe('For each facet asked for, the matches per value.'),
    processingTimeMs: z.number(),
    missing: z
      .array(z.string())
      .optional()
      .describe(
        'Set when the archive spans several Meilisearch instances and some did not answer: the partitions ' +
          'left out, as `<index>@<instance>`. The hits, `total` and facets are then those of the partitions that answered.',
      ),
  })
  .meta({
    id: 'SearchResult',
    description: 'A page of hits, with the number of matches and the facets asked for.',
  });
export type SearchResult = z.infer<typeof SearchResult>;

/** Translate an API query into Meilisearch search parameters. */
export function toMeiliSearch(query: SearchQuery): SearchParams {
  const filter: string[] = [];
  if (query.source) filter.push(`source IN [${query.source.map(quoteFilterValue).join(', ')}]`);
  if (query.language) filter.push(`language IN [${query.language.map(quoteFilterValue).join(', ')}]`);
  // Several values of one entity filter mean "mentions all of them".
  for (const name of ['person', 'place', 'org'] as const) {
    for (const value of query[name] ?? []) filter.push(`${FACETS[name]} = ${quoteFilterValue(value)}`);
  }
  if (query.from) filter.push(`publishedAt >= ${Math.floor(Date.parse(query.from) / 1000)}`);
  if (query.to) filter.push(`publishedAt <= ${Math.floor(endOf(query.to) / 1000)}`);
  const sort =
    query.sort === 'recent'
      ? ['publishedAt:desc']
      : query.sort === 'oldest'
        ? ['publishedAt:asc']
        : undefined;
  const locales = queryLocales(query.q);
  return {
    filter,
    ...(sort ? { sort } : {}),
    limit: query.limit,
    offset: query.offset,
    facets: query.facets.map((f) => FACETS[f]),
    ...(query.collapse === 'story' ? { distinct: 'storyId' } : {}),
    ...(locales ? { locales } : {}),
    attributesToRetrieve: [
      'id',
      'title',
      'url',
      'source',
      'siteName',
      'byline',
      'publishedAt',
      'language',
      'leadImage',
      'storyId',
      'people',
      'places',
      'organizations',
    ],
    attributesToCrop: ['text'],
    cropLength: 40,
    attributesToHighlight: ['text'],
    // Control characters cannot occur in indexed text (extraction and feed
    // parsing strip them: stripControlChars in @tidings/http), so they mark
    // matches unambiguously until the snippet is escaped.
    highlightPreTag: '\u0001',
    highlightPostTag: '\u0002',
    cropMarker: '…',
  };
}

const escapeHtml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Escape a Meilisearch excerpt, then turn its match markers into `<mark>` tags. */
export function toSnippet(formatted: string): string {
  return escapeHtml(formatted)
    .replace(/\u0001/g, '<mark>')
    .replace(/\u0002/g, '</mark>');
}

/** Sizes and sources of stories, for the hits of a collapsed search (the story index answers it). */
export type StoryDescriber = (
  storyIds: string[],
) => Promise<Map<string, { size: number; sources: string[] }>>;

/** The seconds a query's `from`/`to` reach: only partitions overlapping them are searched. */
export function queryRange(query: SearchQuery): SecondsRange {
  return {
    ...(query.from ? { from: Math.floor(Date.parse(query.from) / 1000) } : {}),
    ...(query.to ? { to: Math.floor(endOf(query.to) / 1000) } : {}),
  };
}

/** How long the steps of one search took, in milliseconds (the API sends them as `Server-Timing`). */
export interface SearchTimings {
  /** The search: hits, total and facets (over partitions, one federated multi-search, or more when widened). */
  search?: number;
  /** Snippets for the page's hits, over partitions (one index makes them with the search). */
  snippets?: number;
  /** Story sizes and sources. */
  stories?: number;
}

/** What a search may be given besides its query. */
export interface SearchSteps {
  /** Sizes and other sources of the hits' stories, when hits are collapsed by story. */
  describeStories?: StoryDescriber;
  /** Told when `describeStories` failed (the hits then come without story details). */
  onStoryError?: (err: unknown) => void;
  /**
   * The caller no longer wants the answer (the analyst typed on and the app
   * dropped the request): the steps not yet started are skipped and the
   * search rejects with the signal's reason. A request Meilisearch has begun
   * runs to its end there either way.
   */
  signal?: AbortSignal;
  /** Filled in with each step's duration. */
  timings?: SearchTimings;
}

/**
 * Run a search against the archive: one index by name, or an {@link Archive}
 * whose partitions overlapping the query's dates are searched together (one
 * federated multi-search, see federated.ts). With hits collapsed by story,
 * `describeStories` (when given) adds each story's size and other sources.
 * Story details are an extra: when the story index fails, the hits come
 * without them and `onStoryError` is told, rather than the search failing.
 */
export async function searchArticles(
  client: SearchPool,
  target: string | Archive,
  query: SearchQuery,
  steps: SearchSteps = {},
): Promise<SearchResult> {
  const { describeStories, onStoryError, signal, timings } = steps;
  const res = await searchTarget(client, target, query, steps);
  const distribution = res.facetDistribution ?? {};
  let stories: Awaited<ReturnType<StoryDescriber>> | undefined;
  if (query.collapse === 'story' && describeStories && res.hits.length > 0) {
    signal?.throwIfAborted();
    const describing = performance.now();
    stories = await describeStories(res.hits.map((h) => h.storyId)).catch((err: unknown) => {
      onStoryError?.(err);
      return undefined;
    });
    if (timings) timings.stories = performance.now() - describing;
  }
  return {
    hits: res.hits.map((hit) => {
      const story = stories?.get(hit.storyId);
      return {
        id: hit.id,
        title: hit.title,
        url: hit.url,
        source: hit.source,
        siteName: hit.siteName,
        byline: hit.byline,
        publishedAt: new Date(hit.publishedAt * 1000).toISOString(),
        language: hit.language,
        leadImage: hit.leadImage,
        storyId: hit.storyId,
        people: hit.people ?? [],
        places: hit.places ?? [],
        organizations: hit.organizations ?? [],
        snippet: toSnippet(String(hit._formatted?.text ?? '')),
        ...(stories
          ? {
              storySize: story?.size ?? 1,
              otherSources: (story?.sources ?? []).filter((s) => s !== hit.source),
            }
          : {}),
      };
    }),
    total: res.total,
    limit: query.limit,
    offset: query.offset,
    facets: Object.fromEntries(query.facets.map((name) => [name, distribution[FACETS[name]] ?? {}])),
    processingTimeMs: res.processingTimeMs,
    ...(res.missing ? { missing: res.missing } : {}),
  };
}

async function searchTarget(
  pool: SearchPool,
  target: string | Archive,
  query: SearchQuery,
  steps: SearchSteps,
): Promise<ArchivePage> {
  if (typeof target === 'string') return searchOne(pool, target, query, steps);
  try {
    return await searchIndexes(pool, target, await target.indexesWithin(queryRange(query)), query, steps);
  } catch (err) {
    if (!isMissingIndex(err)) throw err;
    // A partition dropped since the list was cached: list again, once.
    target.forget();
    return searchIndexes(pool, target, await target.indexesWithin(queryRange(query)), query, steps);
  }
}

function searchIndexes(
  pool: SearchPool,
  archive: Archive,
  indexes: string[],
  query: SearchQuery,
  steps: SearchSteps,
): Promise<ArchivePage> {
  if (indexes.length === 0)
    return Promise.resolve({ hits: [], total: 0, facetDistribution: {}, processingTimeMs: 0 });
  // One index on the instance searched needs nothing merged: the plain
  // search, as without partitions. On a network it may live elsewhere.
  if (indexes.length === 1 && !archive.network) return searchOne(pool, indexes[0]!, query, steps);
  const { limit, offset, ...params } = toMeiliSearch(query);
  return searchFederated(
    pool,
    indexes.map((uid) => archive.queryFor(uid)),
    { ...params, q: query.q, limit: limit ?? query.limit, offset: offset ?? query.offset },
    query.collapse === 'story' ? 'storyId' : 'id',
    steps,
  );
}

async function searchOne(
  pool: SearchPool,
  indexUid: string,
  query: SearchQuery,
  { signal, timings }: SearchSteps,
): Promise<ArchivePage> {
  signal?.throwIfAborted();
  const started = performance.now();
  const res = await pool.search<IndexedArticle>(indexUid, query.q, toMeiliSearch(query));
  if (timings) timings.search = performance.now() - started;
  return {
    hits: res.hits,
    total: res.estimatedTotalHits ?? res.hits.length,
    facetDistribution: res.facetDistribution ?? {},
    processingTimeMs: res.processingTimeMs,
  };
}
