import createClient, { type Client } from 'openapi-fetch';
import type { components, paths } from './schema';

export type { components, operations, paths } from './schema';

/** The API's named schemas, the document's components: `Schemas['SearchResult']`… */
export type Schemas = components['schemas'];
export type Article = Schemas['Article'];
export type DeadLetter = Schemas['DeadLetter'];
export type ErrorBody = Schemas['Error'];
export type Feed = Schemas['Feed'];
export type FeedImport = Schemas['FeedImport'];
export type NewSavedSearch = Schemas['NewSavedSearchInput'];
export type SavedSearch = Schemas['SavedSearch'];
export type SavedSearchPatch = Schemas['SavedSearchPatchInput'];
export type SavedSearchWithSecrets = Schemas['SavedSearchWithSecrets'];
export type SearchHit = Schemas['SearchHit'];
export type SearchResult = Schemas['SearchResult'];
export type Story = Schemas['Story'];
export type StoryArticle = Schemas['StoryArticle'];

/** A client of the Tidings API: openapi-fetch's, its paths, parameters, bodies and answers typed by the API's document. */
export type TidingsClient = Client<paths>;

/** The API could not be reached: nothing answered at its URL. */
export class ApiUnreachableError extends Error {
  constructor(
    readonly baseUrl: string,
    reason: string,
  ) {
    super(`the API at ${baseUrl} did not answer (${reason})`);
    this.name = 'ApiUnreachableError';
  }
}

/** The API answered with an error: its status and, when it sent one, its JSON error body. */
export class ApiError extends Error {
  readonly status: number;
  readonly body: ErrorBody | undefined;

  constructor(response: Response, error: unknown) {
    const body = isErrorBody(error) ? error : undefined;
    const path = response.url ? new URL(response.url).pathname : 'the request';
    super(`${path} failed: ${response.status} ${body?.message ?? response.statusText}`);
    this.name = 'ApiError';
    this.status = response.status;
    this.body = body;
  }
}

/**
 * The token to send: a string, or a function asked before each request (a
 * page whose user signs in and out), answering nothing when there is none.
 */
export type TokenSource = string | (() => string | null | undefined);

/**
 * A client of the API at `baseUrl` (`http://127.0.0.1:8080`, or a web page's
 * `location.origin`), sending the token as a Bearer token when there is one:
 * the admin token opens every route, the read token (SEARCH_TOKEN) the search
 * routes. Calls answer `{ data, error, response }` as openapi-fetch does;
 * {@link ok} turns an error answer into an {@link ApiError}. A network
 * failure rejects with an {@link ApiUnreachableError}; a call aborted through
 * its `signal` rejects with the `AbortError` itself, as `fetch` does.
 * Nothing here needs Node: it runs in a browser as it is.
 *
 * ```ts
 * const api = createTidingsClient('http://127.0.0.1:8080', token);
 * const { hits } = await ok(api.GET('/v1/search', { params: { query: { q: 'harbour', sort: 'recent' } } }));
 * ```
 */
export function createTidingsClient(baseUrl: string, token?: TokenSource): TidingsClient {
  const client = createClient<paths>({
    baseUrl,
    ...(typeof token === 'string' && token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  });
  if (typeof token === 'function')
    client.use({
      onRequest({ request }) {
        const current = token();
        if (current) request.headers.set('authorization', `Bearer ${current}`);
        return request;
      },
    });
  client.use({
    onError({ error }) {
      // An abort is the caller's own doing (a search overtaken by the next), not a server that is down.
      if (isAbort(error)) return undefined;
      const cause = (error as { cause?: { message?: string } } | undefined)?.cause?.message;
      return new ApiUnreachableError(
        baseUrl,
        cause ?? (error instanceof Error ? error.message : String(error)),
      );
    },
  });
  return client;
}

/** Whether `error` is the rejection of an aborted request (a DOMException in browsers and Node alike). */
export const isAbort = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && (error as { name?: unknown }).name === 'AbortError';

/**
 * The data of a call's answer; an error answer throws an {@link ApiError}
 * with the API's message.
 */
export async function ok<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw new ApiError(response, error);
  return data as T;
}

const isErrorBody = (error: unknown): error is ErrorBody =>
  typeof error === 'object' && error !== null && typeof (error as ErrorBody).message === 'string';
