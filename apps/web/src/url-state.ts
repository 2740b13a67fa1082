/**
 * The app's whole state as a URL query string, so a search can be shared and
 * bookmarked: what is searched, the filters, the sort and page, the story
 * groups shown open, the article open and the panel shown. Reading is
 * forgiving (a hand-edited or old link loses what it cannot mean, never
 * breaks the app); writing leaves out defaults, so links stay short.
 * The read token is never part of it.
 */

export const FILTERS = ['source', 'language', 'person', 'place', 'org'] as const;
export type FilterName = (typeof FILTERS)[number];
export type Filters = Record<FilterName, string[]>;

export const SORTS = ['relevance', 'recent'] as const;
export type Sort = (typeof SORTS)[number];

/** Results per page. */
export const PAGE_SIZE = 20;
/** The API pages to `offset` 10,000 at most. */
export const MAX_PAGE = 10_000 / PAGE_SIZE;
/** As the API: `q` is at most 512 characters. */
export const MAX_QUERY = 512;

export interface SearchState {
  q: string;
  filters: Filters;
  /** `YYYY-MM-DD`, inclusive. */
  from?: string;
  /** `YYYY-MM-DD`, inclusive (the whole day). */
  to?: string;
  sort: Sort;
  /** 1-based. */
  page: number;
}

export interface AppState extends SearchState {
  /** Story ids whose other articles are shown. */
  expanded: string[];
  /** The article shown, by id. */
  article?: string;
  /** The saved searches panel is open. */
  saved: boolean;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const ID = /^[0-9a-f]{32}$/;
/** Values per filter a link may carry; more is no search anyone typed. */
const MAX_VALUES = 20;
const MAX_VALUE_LENGTH = 200;

export const emptyFilters = (): Filters => ({ source: [], language: [], person: [], place: [], org: [] });

export const initialState = (): AppState => ({
  q: '',
  filters: emptyFilters(),
  sort: 'relevance',
  page: 1,
  expanded: [],
  saved: false,
});

const isDate = (value: string | null): value is string =>
  value !== null && DATE.test(value) && !Number.isNaN(Date.parse(value));

const unique = (values: string[]) => [...new Set(values)];

/** The state a query string (`location.search`, with or without `?`) describes. */
export function decodeState(search: string): AppState {
  const params = new URLSearchParams(search);
  const state = initialState();
  state.q = (params.get('q') ?? '').slice(0, MAX_QUERY);
  for (const name of FILTERS)
    state.filters[name] = unique(
      params
        .getAll(name)
        .map((v) => v.trim())
        .filter((v) => v.length > 0 && v.length <= MAX_VALUE_LENGTH),
    ).slice(0, MAX_VALUES);
  const from = params.get('from');
  const to = params.get('to');
  if (isDate(from)) state.from = from;
  if (isDate(to)) state.to = to;
  // A range the wrong way round means nothing: keep the start only.
  if (state.from && state.to && state.from > state.to) delete state.to;
  const sort = params.get('sort');
  if ((SORTS as readonly string[]).includes(sort ?? '')) state.sort = sort as Sort;
  const page = Number(params.get('page') ?? '1');
  state.page = Number.isInteger(page) ? Math.min(Math.max(page, 1), MAX_PAGE) : 1;
  state.expanded = unique(params.getAll('story').filter((id) => ID.test(id))).slice(0, MAX_VALUES);
  const article = params.get('article');
  if (article && ID.test(article)) state.article = article;
  state.saved = params.get('panel') === 'saved';
  return state;
}

/** The query string (with its `?`, or `''`) that {@link decodeState} reads back as `state`. */
export function encodeState(state: AppState): string {
  const params = new URLSearchParams();
  if (state.q) params.set('q', state.q);
  for (const name of FILTERS) for (const value of state.filters[name]) params.append(name, value);
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  if (state.sort !== 'relevance') params.set('sort', state.sort);
  if (state.page > 1) params.set('page', String(state.page));
  for (const id of state.expanded) params.append('story', id);
  if (state.article) params.set('article', state.article);
  if (state.saved) params.set('panel', 'saved');
  const text = params.toString();
  return text ? `?${text}` : '';
}

/** Only the search (what the results depend on): equal keys, same results. */
export function searchKey(state: SearchState): string {
  return encodeState({ ...initialState(), ...pickSearch(state) });
}

export function pickSearch(state: SearchState): SearchState {
  const { q, filters, from, to, sort, page } = state;
  return { q, filters, sort, page, ...(from ? { from } : {}), ...(to ? { to } : {}) };
}

/** Whether anything narrows the search: a filter or a date. */
export function isFiltered(state: SearchState): boolean {
  return FILTERS.some((name) => state.filters[name].length > 0) || Boolean(state.from || state.to);
}

/** `state` with `value` added to or removed from one filter; back to page 1. */
export function toggleFilter<S extends SearchState>(state: S, name: FilterName, value: string): S {
  const values = state.filters[name];
  const next = values.includes(value) ? values.filter((v) => v !== value) : [...values, value];
  return { ...state, filters: { ...state.filters, [name]: next }, page: 1 };
}

/** `state` limited to the days `from`..`to` (inclusive); back to page 1. */
export function withRange<S extends SearchState>(state: S, from?: string, to?: string): S {
  const { from: _from, to: _to, ...rest } = state;
  return { ...rest, ...(from ? { from } : {}), ...(to ? { to } : {}), page: 1 } as S;
}
