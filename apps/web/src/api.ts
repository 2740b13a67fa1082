/**
 * Every call the app makes, in one place: the public `/v1` API only, with the
 * read token (when the analyst gave one) as `Authorization: Bearer`. The
 * answers are checked against the shapes below (zod/mini) before anything is
 * drawn from them. When the typed client generated from the API's OpenAPI
 * document (packages/api-client, openapi-fetch) lands, it replaces the
 * hand-written `request` and types here; nothing outside this file changes.
 */
import * as z from 'zod/mini';
import { FILTERS, PAGE_SIZE, type SearchState } from './url-state';

// --- the answers ------------------------------------------------------------

const strings = z._default(z.array(z.string()), []);

const SearchHit = z.object({
  id: z.string(),
  title: z.string(),
  /** Absent for a feed-only item. */
  url: z.optional(z.string()),
  source: z.string(),
  siteName: z.optional(z.string()),
  byline: z.optional(z.string()),
  publishedAt: z.string(),
  language: z.string(),
  leadImage: z.optional(z.string()),
  storyId: z.string(),
  people: strings,
  places: strings,
  organizations: strings,
  /** Matches in `<mark>`, everything else HTML-escaped: render with parseSnippet, never as HTML. */
  snippet: z.string(),
  storySize: z.optional(z.number()),
  otherSources: z.optional(z.array(z.string())),
});
export type SearchHit = z.infer<typeof SearchHit>;

export const FACETS = ['source', 'language', 'person', 'place', 'org', 'day'] as const;
export type FacetName = (typeof FACETS)[number];

const SearchResult = z.object({
  hits: z.array(SearchHit),
  total: z.number(),
  /** By facet name ({@link FACETS}); a name this app does not know is kept and ignored. */
  facets: z.record(z.string(), z.record(z.string(), z.number())),
  processingTimeMs: z.number(),
  /** Partitions that did not answer: the results are those of the others. */
  missing: z.optional(z.array(z.string())),
});
export type SearchResult = Omit<z.infer<typeof SearchResult>, 'facets'> & {
  facets: Partial<Record<FacetName, Record<string, number>>>;
};

const Article = z.object({
  id: z.string(),
  url: z.optional(z.string()),
  source: z.string(),
  siteName: z.optional(z.string()),
  title: z.string(),
  subtitle: z.optional(z.string()),
  byline: z.optional(z.string()),
  publishedAt: z.string(),
  updatedAt: z.optional(z.string()),
  language: z.string(),
  leadImage: z.optional(z.string()),
  captions: strings,
  text: z.string(),
  storyId: z.string(),
  people: strings,
  places: strings,
  organizations: strings,
  textSource: z.optional(z.string()),
  paywalled: z.optional(z.boolean()),
  dateZone: z.optional(z.string()),
  truncated: z.optional(z.boolean()),
});
export type Article = z.infer<typeof Article>;

const StoryArticle = z.object({
  id: z.string(),
  url: z.optional(z.string()),
  title: z.string(),
  source: z.string(),
  siteName: z.optional(z.string()),
  byline: z.optional(z.string()),
  publishedAt: z.string(),
  language: z.string(),
});
export type StoryArticle = z.infer<typeof StoryArticle>;

const Story = z.object({ id: z.string(), size: z.number(), articles: z.array(StoryArticle) });
export type Story = z.infer<typeof Story>;

const Channel = z.object({
  type: z.literal('webhook'),
  url: z.string(),
  /** Only in the answer that created the channel: shown once, never again. */
  secret: z.optional(z.string()),
});
export type Channel = z.infer<typeof Channel>;

const SavedFilters = z.object({
  source: z.optional(z.array(z.string())),
  language: z.optional(z.array(z.string())),
  person: z.optional(z.array(z.string())),
  place: z.optional(z.array(z.string())),
  org: z.optional(z.array(z.string())),
  from: z.optional(z.string()),
  to: z.optional(z.string()),
});
export type SavedFilters = z.infer<typeof SavedFilters>;

const SavedSearch = z.object({
  id: z.string(),
  name: z.string(),
  q: z._default(z.string(), ''),
  filters: z._default(SavedFilters, {}),
  channels: z._default(z.array(Channel), []),
  createdAt: z.string(),
  updatedAt: z.string(),
  feedKey: z.string(),
});
export type SavedSearch = z.infer<typeof SavedSearch>;

const SavedSearchList = z.object({ savedSearches: z.array(SavedSearch) });

/** What creating a saved search sends (the contract's POST body). */
export interface SavedSearchInput {
  name: string;
  q: string;
  filters: SavedFilters;
  channels: Array<{ type: 'webhook'; url: string }>;
}

// --- errors -----------------------------------------------------------------

/** The API said no; `status` is its HTTP status, `message` its own words when it gave them. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/** 401: no read token, or a wrong one. The app asks for it. */
export class UnauthorizedError extends ApiError {
  constructor(message: string) {
    super(401, message);
    this.name = 'UnauthorizedError';
  }
}

/** An answer that is not the shape this app knows (a different API version, a proxy's page). */
export class UnexpectedAnswerError extends Error {
  constructor(path: string) {
    super(`the API answered ${path} with something this page does not understand`);
    this.name = 'UnexpectedAnswerError';
  }
}

export const isAbort = (error: unknown) => error instanceof DOMException && error.name === 'AbortError';

// --- the read token ---------------------------------------------------------

/** Kept for this tab's life only (sessionStorage), and never in a URL. */
const TOKEN_KEY = 'tidings.readToken';

export const readToken = (): string | null => sessionStorage.getItem(TOKEN_KEY);
export const saveToken = (token: string) => sessionStorage.setItem(TOKEN_KEY, token);
export const forgetToken = () => sessionStorage.removeItem(TOKEN_KEY);

// --- requests ---------------------------------------------------------------

interface RequestOptions {
  method?: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  body?: unknown;
  signal?: AbortSignal;
}

async function request(path: string, options: RequestOptions = {}): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = readToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(path, {
    method: options.method ?? 'GET',
    headers,
    ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }),
    ...(options.signal ? { signal: options.signal } : {}),
    credentials: 'same-origin',
  });
  if (res.status === 204) return undefined;
  const body: unknown = await res.json().catch(() => undefined);
  if (!res.ok) {
    const message =
      typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string'
        ? (body as { message: string }).message
        : `${res.status} ${res.statusText}`;
    if (res.status === 401) throw new UnauthorizedError(message);
    throw new ApiError(res.status, message);
  }
  return body;
}

async function get<T>(schema: z.ZodMiniType<T>, path: string, options?: RequestOptions): Promise<T> {
  const parsed = schema.safeParse(await request(path, options));
  if (!parsed.success) throw new UnexpectedAnswerError(path);
  return parsed.data;
}

/** Every facet the app shows, counted with each search (one request for results and filters). */
const FACET_PARAM = FACETS.join(',');

/** The `/v1/search` query string for a search state. */
export function searchParams(state: SearchState): URLSearchParams {
  const params = new URLSearchParams({ q: state.q });
  // The API takes several values of a filter comma-separated.
  for (const name of FILTERS) if (state.filters[name].length) params.set(name, state.filters[name].join(','));
  if (state.from) params.set('from', state.from);
  if (state.to) params.set('to', state.to);
  params.set('sort', state.sort);
  params.set('limit', String(PAGE_SIZE));
  params.set('offset', String((state.page - 1) * PAGE_SIZE));
  params.set('facets', FACET_PARAM);
  return params;
}

/** One page of hits, one per story, with every facet. */
export const search = (state: SearchState, signal?: AbortSignal): Promise<SearchResult> =>
  get(SearchResult, `/v1/search?${searchParams(state)}`, { signal });

export const article = (id: string, signal?: AbortSignal) =>
  get(Article, `/v1/articles/${encodeURIComponent(id)}`, { signal });

/** A story's articles, first reporter first. */
export const story = (id: string, signal?: AbortSignal) =>
  get(Story, `/v1/stories/${encodeURIComponent(id)}`, { signal });

export const savedSearches = (signal?: AbortSignal) =>
  get(SavedSearchList, '/v1/saved-searches', { signal }).then((list) => list.savedSearches);

/** Creates a saved search; webhook channels created with it carry their `secret` in this answer only. */
export const createSavedSearch = (input: SavedSearchInput) =>
  get(SavedSearch, '/v1/saved-searches', { method: 'POST', body: input });

export const deleteSavedSearch = async (id: string) => {
  await request(`/v1/saved-searches/${encodeURIComponent(id)}`, { method: 'DELETE' });
};

/** The Atom feed of a saved search's alerts: its key opens it without the read token (for feed readers). */
export const feedUrl = (saved: SavedSearch) =>
  new URL(
    `/v1/saved-searches/${encodeURIComponent(saved.id)}/feed.atom?key=${encodeURIComponent(saved.feedKey)}`,
    location.origin,
  ).href;
