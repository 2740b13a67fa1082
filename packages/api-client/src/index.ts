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
export type SearchHit = Schemas['SearchHit'];
export type SearchResult = Schemas['SearchResult'];
export type Story = Schemas['Story'];

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
 * A client of the API at `baseUrl` (`http://127.0.0.1:8080`), sending
 * `token` as a Bearer token when given: the admin token opens every route,
 * the read token (SEARCH_TOKEN) the search routes. Calls answer
 * `{ data, error, response }` as openapi-fetch does; {@link ok} turns an
 * error answer into an {@link ApiError}. A network failure rejects with an
 * {@link ApiUnreachableError}.
 *
 * ```ts
 * const api = createTidingsClient('http://127.0.0.1:8080', token);
 * const { hits } = await ok(api.GET('/v1/search', { params: { query: { q: 'harbour', sort: 'recent' } } }));
 * ```
 */
export function createTidingsClient(baseUrl: string, token?: string): TidingsClient {
  const client = createClient<paths>({
    baseUrl,
    ...(token ? { headers: { authorization: `Bearer ${token}` } } : {}),
  });
  client.use({
    onError({ error }) {
      const cause = (error as { cause?: { message?: string } } | undefined)?.cause?.message;
      return new ApiUnreachableError(
        baseUrl,
        cause ?? (error instanceof Error ? error.message : String(error)),
      );
    },
  });
  return client;
}

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
