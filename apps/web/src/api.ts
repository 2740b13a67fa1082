/**
 * Every call the app makes, in one place: the public `/v1` API only, through
 * `@tidings/api-client` (openapi-fetch, typed by the API's OpenAPI
 * document: a path, parameter, body or answer the API does not have is a type
 * error here), with the read token (when the analyst gave one) as
 * `Authorization: Bearer`.
 */
import {
  ApiError,
  ApiUnreachableError,
  createTidingsClient,
  isAbort,
  type paths,
  type SavedSearch as SavedSearchAnswer,
  type SavedSearchWithSecrets,
  type Schemas,
} from '@tidings/api-client';
import { formatValueList } from '@tidings/contracts/value-list';
import { FILTERS, PAGE_SIZE, type SearchState } from './url-state';

export { ApiError, ApiUnreachableError, isAbort };

// --- the answers ------------------------------------------------------------

export type SearchHit = Schemas['SearchHit'];
export type Article = Schemas['Article'];
export type StoryArticle = Schemas['StoryArticle'];
export type Story = Schemas['Story'];

export const FACETS = ['source', 'language', 'person', 'place', 'org', 'day'] as const;
export type FacetName = (typeof FACETS)[number];

/** A page of hits; the facets by name ({@link FACETS}), a name this app does not know is kept and ignored. */
export type SearchResult = Omit<Schemas['SearchResult'], 'facets'> & {
  facets: Partial<Record<FacetName, Record<string, number>>>;
};

/** A saved search's filters: /v1/search's, lists as arrays. */
export type SavedFilters = SavedSearchAnswer['filters'];
/** A saved search; its webhooks carry their `secret` only in the answer that made or rotated them. */
export type SavedSearch = SavedSearchWithSecrets;
export type Channel = SavedSearch['channels'][number];
/** A webhook as sent: `secret` given rotates it (PATCH), left out the server keeps or makes one. */
export type WebhookInput = Schemas['SavedSearchPatchInput'] extends { channels?: Array<infer C> } ? C : never;

// --- errors -----------------------------------------------------------------

/** 401: no read token, or a wrong one. The app asks for it. */
export class UnauthorizedError extends ApiError {
  constructor(response: Response, error: unknown) {
    super(response, error);
    this.name = 'UnauthorizedError';
  }
}

/** An answer that is not JSON (a proxy's page, a server that is not Tidings). */
export class UnexpectedAnswerError extends Error {
  constructor(path: string) {
    super(`the server answered ${path} with something this page does not understand`);
    this.name = 'UnexpectedAnswerError';
  }
}

/** What went wrong, for a person: the API's own message when it gave one. */
export function explain(error: Error): string {
  if (error instanceof ApiError)
    return error.body?.message ?? `the server answered ${error.status} (${error.message})`;
  if (error instanceof ApiUnreachableError) return 'the server did not answer; check the connection';
  return error.message;
}

// --- the read token ---------------------------------------------------------

/** Kept for this tab's life only (sessionStorage), and never in a URL. */
const TOKEN_KEY = 'tidings.readToken';

export const readToken = (): string | null => sessionStorage.getItem(TOKEN_KEY);
export const saveToken = (token: string) => sessionStorage.setItem(TOKEN_KEY, token);
export const forgetToken = () => sessionStorage.removeItem(TOKEN_KEY);

// --- requests ---------------------------------------------------------------

/** The page's own origin; the token is read from the tab before each request (sign-in and sign-out apply at once). */
const client = createTidingsClient(location.origin, readToken);

/** The data of an answer; an error answer throws ApiError (UnauthorizedError for a 401). */
async function answer<T>(
  path: string,
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
): Promise<T> {
  const { data, error, response } = await call.catch((err: unknown) => {
    // openapi-fetch parses a 2xx answer as JSON: anything else is not the API.
    throw err instanceof SyntaxError ? new UnexpectedAnswerError(path) : err;
  });
  if (response.status === 401) throw new UnauthorizedError(response, error);
  if (!response.ok) throw new ApiError(response, error);
  return data as T;
}

/** Every facet the app shows, counted with each search (one request for results and filters). */
const FACET_PARAM = FACETS.join(',');

/** The `/v1/search` query for a search state. */
export function searchParams(state: SearchState) {
  // The API takes several values of a filter comma-separated (one with a comma in double quotes).
  const filters: Partial<Record<(typeof FILTERS)[number], string>> = {};
  for (const name of FILTERS)
    if (state.filters[name].length) filters[name] = formatValueList(state.filters[name]);
  return {
    q: state.q,
    ...filters,
    ...(state.from ? { from: state.from } : {}),
    ...(state.to ? { to: state.to } : {}),
    sort: state.sort,
    limit: PAGE_SIZE,
    offset: (state.page - 1) * PAGE_SIZE,
    facets: FACET_PARAM,
  };
}

/** One page of hits, one per story, with every facet. */
export const search = (state: SearchState, signal?: AbortSignal): Promise<SearchResult> =>
  answer('/v1/search', client.GET('/v1/search', { params: { query: searchParams(state) }, signal }));

export const article = (id: string, signal?: AbortSignal) =>
  answer('/v1/articles', client.GET('/v1/articles/{id}', { params: { path: { id } }, signal }));

/** A story's articles, first reporter first. */
export const story = (id: string, signal?: AbortSignal) =>
  answer('/v1/stories', client.GET('/v1/stories/{id}', { params: { path: { id } }, signal }));

export const savedSearches = async (signal?: AbortSignal): Promise<SavedSearch[]> =>
  (await answer('/v1/saved-searches', client.GET('/v1/saved-searches', { signal }))).savedSearches;

/** Creates a saved search; webhook channels created with it carry their `secret` in this answer only. */
export const createSavedSearch = (input: {
  name: string;
  q: string;
  filters: SavedFilters;
  channels: WebhookInput[];
}) => answer('/v1/saved-searches', client.POST('/v1/saved-searches', { body: input }));

/**
 * Replaces a saved search's name, query, filters and webhooks. A webhook
 * whose URL it already calls keeps its secret unless one is given (a new
 * secret rotates it); the answer carries the secrets of webhooks made or
 * rotated, this once.
 */
export const updateSavedSearch = (id: string, patch: Schemas['SavedSearchPatchInput']) =>
  answer(
    '/v1/saved-searches',
    client.PATCH('/v1/saved-searches/{id}', { params: { path: { id } }, body: patch }),
  );

export const deleteSavedSearch = async (id: string) => {
  await answer('/v1/saved-searches', client.DELETE('/v1/saved-searches/{id}', { params: { path: { id } } }));
};

/** What an alert says of its article: a search hit's fields (docs/alerts.md). */
export type AlertArticle = Pick<
  SearchHit,
  'id' | 'title' | 'url' | 'source' | 'publishedAt' | 'language' | 'snippet' | 'storyId'
>;

/** One story matching a saved search, as its live stream sends it (`event: article`). */
export interface Alert {
  id: string;
  savedSearchId: string;
  article: AlertArticle;
  searchableAt: string;
  matchedAt: string;
}

/**
 * An `article` event's data, or undefined when it is not an alert. The
 * document types the stream as text (events, not JSON), so the few fields
 * drawn from are checked here.
 */
export function parseAlert(data: string): Alert | undefined {
  let alert: Partial<Alert> | null;
  try {
    alert = JSON.parse(data) as Partial<Alert> | null;
  } catch {
    return undefined;
  }
  const article = alert?.article;
  const fine =
    typeof alert?.id === 'string' &&
    typeof article === 'object' &&
    article !== null &&
    ['id', 'title', 'source', 'publishedAt', 'language', 'snippet'].every(
      (field) => typeof article[field as keyof AlertArticle] === 'string',
    );
  return fine ? (alert as Alert) : undefined;
}

const STREAM: keyof paths = '/v1/stream';

/**
 * A saved search's live stream, for `EventSource` (which sends no header:
 * the search's feed key opens it, as for a feed reader).
 */
export const streamUrl = (saved: SavedSearch) =>
  `${STREAM}?${new URLSearchParams({ savedSearch: saved.id, key: saved.feedKey })}`;

/** The Atom feed of a saved search's alerts: its key opens it without the read token (for feed readers). */
export const feedUrl = (saved: SavedSearch) =>
  new URL(
    `/v1/saved-searches/${encodeURIComponent(saved.id)}/feed.atom?key=${encodeURIComponent(saved.feedKey)}`,
    location.origin,
  ).href;
