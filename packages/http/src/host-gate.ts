/** Releases a slot granted by a {@link HostGate}; safe to call once, resolves even if the slot already expired. */
export type ReleaseSlot = () => Promise<void>;

/**
 * Grants permission to send one request to a host; resolves with a release function.
 * The client calls it before every request hop, keyed by host (`hostname[:port]`, lower-case,
 * port only when not the scheme's default), and releases once that hop's body is read or discarded.
 * An implementation may wait (honouring `signal`) and throws {@link HostBusyError} when it gives up.
 */
export interface HostGate {
  acquire(host: string, options?: { signal?: AbortSignal }): Promise<ReleaseSlot>;
  /**
   * The host asked us to wait (a 429 or 503 with Retry-After): grant no request to it for
   * `ms` from now, unless a longer hold is already in place. Optional: a gate without it
   * leaves each job to back off on its own.
   */
  holdOff?(host: string, ms: number): Promise<void>;
}

/**
 * Thrown by a gate that could not grant a slot within its wait budget: retry the whole job later.
 * It says nothing about the host's health, so callers must not record it as a fetch failure.
 */
export class HostBusyError extends Error {
  constructor(
    readonly host: string,
    /** How long the gate suggests waiting before asking again. */
    readonly retryAfterMs: number,
  ) {
    super(`host ${host} is busy: too many requests in flight or too recent; retry in ${retryAfterMs} ms`);
    this.name = 'HostBusyError';
  }
}

/** The gate key of a URL: lower-case host name plus the port when it is not the scheme's default. */
export function hostKey(url: URL): string {
  // WHATWG URL already lower-cases the host and drops a default port from `host`.
  return url.host;
}
