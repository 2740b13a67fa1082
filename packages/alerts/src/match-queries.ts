import { type AlertArticle, ID_PATTERN } from '@tidings/contracts';
import { quoteFilterValue, type SearchQuery, toMeiliSearch } from '@tidings/search';
import { type CouldMatch, couldMatch, fold } from './prefilter';
import type { StoredSavedSearch } from './saved-search';

/** Meilisearch search parameters, as `/v1/search` builds them. */
export type SearchParams = ReturnType<typeof toMeiliSearch>;

/** What a match retrieves: the fields an alert shows, and the feed (for the webhook job's log line only). */
const MATCH_ATTRIBUTES = ['id', 'title', 'url', 'source', 'publishedAt', 'language', 'storyId', 'feedId'];

/**
 * A saved search, ready to be matched against batch after batch: its query
 * as a JSON fragment and its snippet query. Made once per change of the
 * search: a run then only appends each batch's ids to the fragment, so
 * matching 1,000 searches builds no objects and serialises nothing per search.
 */
export interface MatchPlan {
  search: StoredSavedSearch;
  /** The query's JSON up to its filter list, with the saved filters in it: a restriction completes it. */
  head: string;
  /** The parameters that make a hit's snippet, as `/v1/search` makes it. */
  snippet: SearchParams;
  /** Whether the search could match an article at all: those it cannot are left out of its query. */
  couldMatch: CouldMatch;
  /** The sources the search is limited to, folded; undefined when it takes any. */
  sources?: ReadonlySet<string>;
}

/**
 * The plan of a saved search. Its parameters are those `/v1/search` sends
 * for the same `q` and filters (`toMeiliSearch`: the filter expressions and
 * the query's locales), so Meilisearch's own rules (typo tolerance, words
 * dropped from the end, phrase quotes, filters) decide whether an article
 * matches, as they decide what a search returns. Matching leaves out
 * `distinct`: two copies of one story in a batch both match, and the alert's
 * once-per-story marker keeps the first, the better ranked (store.ts).
 * Snippets are made afterwards for the hits only (see {@link snippetQuery}):
 * cropping every query's text cost four times the search itself.
 */
export function matchPlan(search: StoredSavedSearch): MatchPlan {
  const { filters } = search;
  const query: SearchQuery = {
    q: search.q,
    source: filters.source,
    language: filters.language,
    person: filters.person,
    place: filters.place,
    org: filters.org,
    from: filters.from,
    to: filters.to,
    sort: 'relevance',
    limit: 1,
    offset: 0,
    facets: [],
    collapse: 'story',
  };
  const params = toMeiliSearch(query);
  const saved = [params.filter ?? []].flat(2);
  const start = JSON.stringify({
    q: search.q,
    ...(params.locales ? { locales: params.locales } : {}),
    attributesToRetrieve: MATCH_ATTRIBUTES,
  });
  const head = `${start.slice(0, -1)},"filter":[${saved.map((f) => JSON.stringify(f)).join(',')}${saved.length > 0 ? ',' : ''}`;
  const {
    filter: _filter,
    limit: _limit,
    offset: _offset,
    facets: _facets,
    sort: _sort,
    distinct: _distinct,
    ...formatting
  } = params;
  return {
    search,
    head,
    snippet: { ...formatting, q: search.q, attributesToRetrieve: ['id'] },
    couldMatch: couldMatch(search),
    ...(filters.source ? { sources: new Set(filters.source.map(fold)) } : {}),
  };
}

/** The filter expression that restricts a search to the given article ids. */
export function idsFilter(ids: string[]): string {
  return `id IN [${ids.map(quoteFilterValue).join(', ')}]`;
}

/** What every query of a run shares for one index: the batch's ids there, closing the query's JSON. */
export function restrictionTail(index: string, ids: string[]): string {
  return `${JSON.stringify(idsFilter(ids))}],"indexUid":${JSON.stringify(index)},"limit":${ids.length}}`;
}

/** One query of a run's multi-search, as JSON: a plan completed by a restriction. */
export function matchQuery(plan: MatchPlan, tail: string): string {
  return plan.head + tail;
}

/** The query that makes the snippets of a search's hits in one index. */
export function snippetQuery(plan: MatchPlan, index: string, ids: string[]) {
  return { ...plan.snippet, indexUid: index, filter: [idsFilter(ids)], limit: ids.length };
}

/** The article of a matching hit, as an alert shows it; undefined for a hit that is not an article. */
export function alertArticle(hit: Record<string, unknown>, snippet = ''): AlertArticle | undefined {
  const { id, title, url, source, publishedAt, language, storyId } = hit;
  if (typeof id !== 'string' || !ID_PATTERN.test(id) || typeof publishedAt !== 'number') return undefined;
  return {
    id,
    title: String(title ?? ''),
    ...(typeof url === 'string' && url !== '' ? { url } : {}),
    source: String(source ?? ''),
    publishedAt: new Date(publishedAt * 1000).toISOString(),
    language: String(language ?? ''),
    snippet,
    storyId: String(storyId ?? id),
  };
}
