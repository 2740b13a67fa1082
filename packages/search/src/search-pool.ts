import type { FederatedMultiSearchParams, SearchParams, SearchResponse } from 'meilisearch';
import { Pool } from 'undici';

/**
 * The search hot path, on a pool of kept-alive connections. The Meilisearch
 * JS client goes through `fetch`, which cost about 1 ms more per search than
 * a plain undici request here (1.5 ms vs 0.55 ms for a trivial search on
 * loopback); the API's whole budget over Meilisearch is 2 ms. Everything
 * else (settings, documents, tasks) still uses the client.
 */
export class SearchPool {
  private readonly pools: Pool[];
  /** The instance that answered last: requests go there first. */
  private current = 0;
  private readonly headers: Record<string, string>;

  /**
   * `url`, or several instances holding the same archive (MEILI_REMOTES,
   * MEILI_URL's first): a request that cannot reach one (connection refused,
   * reset) goes to the next, which stays first from then on. An answer with
   * an error status is Meilisearch's answer and is not retried elsewhere.
   */
  constructor(url: string | string[], apiKey?: string, connections = 16) {
    this.pools = [url].flat().map((u) => new Pool(u, { connections, keepAliveTimeout: 60_000 }));
    // Uncompressed: see createMeiliClient.
    this.headers = {
      'content-type': 'application/json',
      'accept-encoding': 'identity',
      ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}),
    };
  }

  /** POST /indexes/:index/search; throws with Meilisearch's message on an error answer. */
  async search<T extends Record<string, unknown>>(
    indexUid: string,
    q: string,
    params: SearchParams,
  ): Promise<SearchResponse<T>> {
    return this.post<SearchResponse<T>>(`/indexes/${encodeURIComponent(indexUid)}/search`, {
      ...params,
      q,
    });
  }

  private post<R>(path: string, payload: unknown): Promise<R> {
    return this.postBody<R>(path, JSON.stringify(payload));
  }

  private async postBody<R>(path: string, body: string): Promise<R> {
    let failure: unknown;
    for (let tried = 0; tried < this.pools.length; tried++) {
      const at = (this.current + tried) % this.pools.length;
      try {
        const answer = await this.postTo<R>(this.pools[at]!, path, body);
        this.current = at;
        return answer;
      } catch (err) {
        if (err instanceof SearchError) throw err;
        failure ??= err;
      }
    }
    throw failure;
  }

  private async postTo<R>(pool: Pool, path: string, payload: string): Promise<R> {
    const res = await pool.request({
      path,
      method: 'POST',
      headers: this.headers,
      body: payload,
    });
    const body = (await res.body.json()) as R & { message?: string; code?: string };
    if (res.statusCode >= 400)
      throw new SearchError(
        `Meilisearch search failed (${res.statusCode} ${body.code ?? ''}): ${body.message ?? ''}`,
        body.code,
      );
    return body;
  }

  /**
   * POST /multi-search with a `federation`: one request for many indexes,
   * merged by Meilisearch. Throws like {@link search}; the error names
   * Meilisearch's code (`index_not_found` when a listed partition is gone).
   */
  async federatedSearch<T extends Record<string, unknown>>(
    body: FederatedMultiSearchParams,
  ): Promise<SearchResponse<T>> {
    return this.post<SearchResponse<T>>('/multi-search', body);
  }

  /**
   * POST /multi-search without federation, its body already JSON: one answer
   * per query, in order. For many queries built from cached fragments (the
   * saved searches matched against each batch, `@tidings/alerts`), where
   * building and serialising objects would cost more than the search.
   */
  async multiSearch<T extends Record<string, unknown>>(
    body: string,
  ): Promise<{ results: Array<SearchResponse<T> & { indexUid: string }> }> {
    return this.postBody('/multi-search', body);
  }

  async close(): Promise<void> {
    await Promise.all(this.pools.map((p) => p.close()));
  }
}

/** A search Meilisearch refused or failed; `code` is Meilisearch's error code when it gave one. */
export class SearchError extends Error {
  constructor(
    message: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'SearchError';
  }
}
