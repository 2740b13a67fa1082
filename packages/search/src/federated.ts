import type { FacetDistribution, Hit, SearchParams } from 'meilisearch';
import type { IndexedArticle } from './documents';
import type { PartitionQuery } from './partitions';
import type { SearchSteps } from './query';
import { quoteFilterValue } from './quoting';
import type { SearchError, SearchPool } from './search-pool';

/** Hits of a search over one or more indexes, after collapsing, with the counts that go with them. */
export interface ArchivePage {
  hits: Hit<IndexedArticle>[];
  total: number;
  facetDistribution: FacetDistribution;
  processingTimeMs: number;
  /**
   * Partitions left out because their Meilisearch instance did not answer,
   * as `<index>@<remote>`; absent when every partition answered.
   */
  missing?: string[];
}

/**
 * The deepest window a federated search fetches to fill one page: the API's
 * deepest page (offset 10,000 + limit 100) with room for its duplicates.
 */
const MAX_WINDOW = 20_000;

/**
 * Search several indexes (the partitions a query's dates reach) with one
 * Meilisearch federated multi-search: Meilisearch runs the query on every
 * partition, merges the hits (by the sort when the query sorts, else by
 * ranking score) and the facets (`facetsByIndex` + `mergeFacets`).
 *
 * What is left to us: Meilisearch 1.21 applies `distinct` per query, so a
 * story with copies in two months comes back once per month (federation-wide
 * `distinct` came in Meilisearch 1.40). Later copies of a story (or, with
 * `collapse=none`, of an id: an article moving between partitions is in
 * both for a moment) are dropped from the merged list, which keeps the
 * highest-ranked copy, the one a single index's distinct keeps. That needs
 * the merged list from its start to the page's end, so the window is
 * `offset + limit` plus room for duplicates, widened when duplicates filled
 * that room. `total` and facet counts lose the dropped copies; copies past
 * the window (stories crossing a month boundary deep in the results) are
 * still counted, as `estimatedTotalHits` estimates anyway. Snippets are
 * made by a second, small request for the page's hits only (see format);
 * when `steps.signal` is aborted by then, they are not asked for.
 */
export async function searchFederated(
  pool: SearchPool,
  targets: PartitionQuery[],
  params: SearchParams & { q: string; offset: number; limit: number },
  dedupeBy: 'storyId' | 'id',
  steps: SearchSteps = {},
): Promise<ArchivePage> {
  const { offset, limit, facets, ...query } = params;
  const {
    attributesToCrop,
    attributesToHighlight,
    cropLength,
    cropMarker,
    highlightPreTag,
    highlightPostTag,
    ...plain
  } = query;
  const wanted = offset + limit;
  let window = Math.min(MAX_WINDOW, wanted + Math.max(limit, 10));
  const started = performance.now();
  for (;;) {
    steps.signal?.throwIfAborted();
    const res = await pool.federatedSearch<IndexedArticle>({
      federation: {
        offset: 0,
        limit: window,
        ...(facets && facets.length > 0
          ? {
              facetsByIndex: Object.fromEntries(targets.map((t) => [t.indexUid, facets])),
              mergeFacets: {},
            }
          : {}),
      },
      queries: targets.map((target) => ({ ...plain, ...target })),
    });
    const missing = missingPartitions(targets, (res as { remoteErrors?: unknown }).remoteErrors);
    const { kept, dropped } = dedupe(res.hits, dedupeBy);
    const exhausted = res.hits.length < window;
    if (kept.length >= wanted || exhausted || window >= MAX_WINDOW) {
      const page = kept.slice(offset, wanted);
      const formatting = performance.now();
      if (steps.timings) steps.timings.search = formatting - started;
      steps.signal?.throwIfAborted();
      const formatted =
        page.length > 0 && (attributesToCrop || attributesToHighlight)
          ? await format(pool, page, query)
          : undefined;
      if (steps.timings && formatted) steps.timings.snippets = performance.now() - formatting;
      return {
        hits: page.map((hit) => ({ ...hit, _formatted: formatted?.get(hit.id) })),
        total: Math.max(kept.length, (res.estimatedTotalHits ?? res.hits.length) - dropped.length),
        facetDistribution: withoutDropped(res.facetDistribution ?? {}, dropped, facets ?? []),
        processingTimeMs: res.processingTimeMs,
        ...(missing.length > 0 ? { missing } : {}),
      };
    }
    window = Math.min(MAX_WINDOW, window * 2);
  }
}

/**
 * Snippets for one page of hits. Meilisearch 1.21 crops and highlights every
 * hit each partition returns before merging (the window times the number of
 * partitions): 57 ms against 10 ms for 9 small partitions. So the window is
 * fetched unformatted and only the page's hits are formatted, by the same
 * query narrowed to their ids in the partitions that hold them. Formatting
 * depends on the query's words and the document alone, so the snippets are
 * the ones one search would have made.
 *
 * Partitions on this instance are formatted by plain searches side by side,
 * which Meilisearch answers in parallel: at 100,000 documents a one-word
 * page took 8.8 ms that way against 16.6 ms as one federated request (which
 * runs its queries one after another). No request carries more than half
 * the page, so that a page from one partition is formatted on two cores at
 * once too: cropping tokenizes each hit's whole text, 2.5 ms a hit in Korean,
 * and a Korean page took 32 ms as two requests against 55 ms as one, for the
 * same Meilisearch time. Partitions on other instances can only be reached
 * through federation, so they go in one federated request.
 */
async function format(
  pool: SearchPool,
  page: Hit<IndexedArticle>[],
  query: SearchParams & { q: string },
): Promise<Map<string, Hit<IndexedArticle>['_formatted']>> {
  const byIndex = new Map<string, { target: PartitionQuery; ids: string[] }>();
  for (const hit of page) {
    const indexUid = hit._federation?.indexUid;
    if (!indexUid) continue;
    // Meilisearch names the remote a hit came from; the JS client's type does not have it yet.
    const remote = (hit._federation as { remote?: string } | undefined)?.remote;
    const key = `${indexUid}@${remote ?? ''}`;
    const target: PartitionQuery = remote
      ? { indexUid, federationOptions: { remote, weight: 1 } }
      : { indexUid };
    const entry = byIndex.get(key) ?? { target, ids: [] };
    entry.ids.push(hit.id);
    byIndex.set(key, entry);
  }
  const { distinct: _distinct, sort: _sort, filter, q, ...formatting } = query;
  const narrowed = (ids: string[]) => ({
    ...formatting,
    filter: [...asList(filter), `id IN [${ids.map(quoteFilterValue).join(', ')}]`],
    attributesToRetrieve: ['id'],
    limit: ids.length,
  });
  const groups = [...byIndex.values()];
  const remote = groups.filter((g) => g.target.federationOptions);
  const perRequest = Math.ceil(page.length / 2);
  const local = groups
    .filter((g) => !g.target.federationOptions)
    .flatMap(({ target, ids }) => chunk(ids, perRequest).map((part) => ({ target, ids: part })));
  const answers = await Promise.all([
    ...local.map(({ target, ids }) => pool.search<IndexedArticle>(target.indexUid, q, narrowed(ids))),
    ...(remote.length > 0
      ? [
          pool.federatedSearch<IndexedArticle>({
            federation: { limit: page.length },
            queries: remote.map(({ target, ids }) => {
              const { limit: _limit, ...params } = narrowed(ids);
              return { ...params, q, ...target };
            }),
          }),
        ]
      : []),
  ]);
  return new Map(answers.flatMap((res) => res.hits.map((hit) => [hit.id, hit._formatted] as const)));
}

/** `list` in consecutive parts of at most `size` items. */
export function chunk<T>(list: T[], size: number): T[][] {
  const parts: T[][] = [];
  for (let at = 0; at < list.length; at += size) parts.push(list.slice(at, at + size));
  return parts;
}

/**
 * The partitions whose remote failed: Meilisearch answers a federated search
 * whose remote is down with the other remotes' hits and a `remoteErrors`
 * entry per failed remote (checked on 1.21: `remote_could_not_send_request`),
 * not with an error for the whole request.
 */
export function missingPartitions(targets: PartitionQuery[], remoteErrors: unknown): string[] {
  const failed = new Set(Object.keys((remoteErrors as Record<string, unknown> | undefined) ?? {}));
  if (failed.size === 0) return [];
  return targets
    .filter((t) => t.federationOptions && failed.has(t.federationOptions.remote))
    .map((t) => `${t.indexUid}@${t.federationOptions!.remote}`);
}

const asList = (filter: SearchParams['filter']): Array<string | string[]> =>
  filter === undefined ? [] : typeof filter === 'string' ? [filter] : filter;

/** First copy of each key kept, in order; later copies dropped. */
export function dedupe<T extends { id: string; storyId: string }>(
  hits: T[],
  by: 'storyId' | 'id',
): { kept: T[]; dropped: T[] } {
  const seen = new Set<string>();
  const kept: T[] = [];
  const dropped: T[] = [];
  for (const hit of hits) {
    // With stories collapsed, an id seen twice is the same story seen twice.
    const key = hit[by];
    if (seen.has(key)) dropped.push(hit);
    else {
      seen.add(key);
      kept.push(hit);
    }
  }
  return { kept, dropped };
}

/** Facet counts less the values of the dropped copies (each was counted in its own partition). */
export function withoutDropped(
  distribution: FacetDistribution,
  dropped: Array<Partial<IndexedArticle>>,
  facets: string[],
): FacetDistribution {
  const out: FacetDistribution = Object.fromEntries(
    Object.entries(distribution).map(([facet, counts]) => [facet, { ...counts }]),
  );
  for (const hit of dropped) {
    for (const facet of facets) {
      const counts = out[facet];
      if (!counts) continue;
      for (const value of facetValues(hit, facet)) {
        const left = (counts[value] ?? 0) - 1;
        if (left > 0) counts[value] = left;
        else delete counts[value];
      }
    }
  }
  return out;
}

function facetValues(hit: Partial<IndexedArticle>, facet: string): string[] {
  // publishedDay is not retrieved with hits; it is the UTC day of publishedAt.
  if (facet === 'publishedDay')
    return hit.publishedAt === undefined ? [] : [new Date(hit.publishedAt * 1000).toISOString().slice(0, 10)];
  const value = (hit as Record<string, unknown>)[facet];
  if (Array.isArray(value)) return [...new Set(value.map(String))];
  return value === undefined || value === null ? [] : [String(value)];
}

/** Whether a search failed because an index it named no longer exists (a partition retention dropped). */
export function isMissingIndex(err: unknown): boolean {
  return (err as SearchError | undefined)?.code === 'index_not_found';
}
