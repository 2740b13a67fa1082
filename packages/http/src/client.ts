import dns, { type LookupAddress } from 'node:dns';
import { isIP, type LookupFunction } from 'node:net';
import { Agent, request } from 'undici';
import { classifyAddress, isPublicAddress } from './address-policy';
import { BodyTooLargeError, decodeContent, readCapped } from './body';
import { FetchError, type FetchErrorCode } from './errors';
import { freshnessSeconds } from './freshness';
import { HostBusyError, type HostGate, hostKey, type ReleaseSlot } from './host-gate';
import { MAX_RETRY_AFTER_SECONDS, parseRetryAfter } from './retry-after';

/** How an {@link HttpClient} behaves; one client is shared by every fetch of a process. */
export interface HttpClientOptions {
  /** Identifying User-Agent, e.g. `TidingsBot/0.1 (+https://github.com/tidings)`. */
  userAgent: string;
  /**
   * False refuses loopback, private, link-local, CGNAT, unique-local and metadata addresses, and
   * IPv6 forms of them (see `classifyAddress`). It lifts the address policy only, not the ports.
   */
  allowPrivateNetworks: boolean;
  /**
   * Ports a URL (or a redirect) may name besides 80 and 443, or `'any'` for every port (local
   * servers on random ports: tests, benchmarks). Default none: a feed URL on :25 or :6379 would
   * make the fetcher talk to a mail server or a Redis for whoever registered it.
   */
  allowedPorts?: readonly number[] | 'any';
  /** Cap on decoded body bytes (and on bytes on the wire). Default 10 MiB. */
  maxBytes?: number;
  /** Time allowed to open a TCP/TLS connection. Default 10 s. */
  connectTimeoutMs?: number;
  /** Deadline for the whole fetch, redirects and body included. Default 30 s. */
  totalTimeoutMs?: number;
  /** Redirects followed before giving up. Default 5. */
  maxRedirects?: number;
  /**
   * Per-host politeness: asked for a slot before every request hop (each redirect target too),
   * and given it back once that hop's body is read or discarded. Its wait counts toward
   * `totalTimeoutMs`. Without a gate, requests go out unthrottled.
   */
  gate?: HostGate;
  /** Told how long each hop waited for its gate slot, in ms (about 0 when granted at once); its errors are ignored. */
  onGateWait?: (host: string, waitedMs: number) => void;
  /**
   * Told how each fetch ended: the final status class ("2xx", "3xx" for a
   * 304, "4xx", "5xx") or the error code ("TIMEOUT", "TOO_LARGE"…); for metrics.
   */
  onFetched?: (outcome: string) => void;
}

/** Per-request options. */
export interface FetchOptions {
  /** Validator from the previous fetch, sent as If-None-Match. */
  etag?: string;
  /** Validator from the previous fetch, sent as If-Modified-Since. */
  lastModified?: string;
  /** Accept header; default `*\/*`. */
  accept?: string;
  /** Caller's cancellation; when it fires, fetch rejects with the signal's reason. */
  signal?: AbortSignal;
}

/** Options of one {@link HttpClient.post}. */
export interface PostOptions {
  /** Request headers besides User-Agent (content-type, signatures…). */
  headers?: Record<string, string>;
  /** Caller's cancellation; when it fires, post rejects with the signal's reason. */
  signal?: AbortSignal;
}

/**
 * Outcome of a successful fetch. `url` is the final URL after redirects; `permanentRedirect` is
 * the URL a caller should store instead of the requested one (set when the redirect chain began
 * with 301/308 hops, and it is the URL those permanent hops led to).
 */
export type FetchResult =
  | {
      kind: 'not-modified';
      /** Seconds the server says the feed stays fresh (Cache-Control max-age, Expires). */
      maxAgeSeconds?: number;
      url: string;
      status: 304;
      etag?: string;
      lastModified?: string;
      permanentRedirect?: string;
    }
  | {
      kind: 'ok';
      /** Seconds the server says the response stays fresh (Cache-Control max-age, Expires). */
      maxAgeSeconds?: number;
      url: string;
      status: number;
      contentType?: string;
      etag?: string;
      lastModified?: string;
      body: Uint8Array;
      permanentRedirect?: string;
      retryAfterSeconds?: number;
    };

const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;
const DEFAULT_PORTS: readonly number[] = [80, 443];
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);
const PERMANENT_REDIRECT_STATUSES = new Set([301, 308]);
const BLOCKED_CODE = 'ERR_TIDINGS_BLOCKED_ADDRESS';

type ResponseData = Awaited<ReturnType<typeof request>>;

const noRelease: ReleaseSlot = async () => undefined;

/**
 * The one polite, safe HTTP client for feeds and pages: conditional GET, compression with a cap on
 * decoded bytes, manual redirects, connect and total deadlines, and an SSRF guard applied to the
 * address actually connected to, on every hop.
 */
export class HttpClient {
  private readonly agent: Agent;
  private readonly maxBytes: number;
  private readonly totalTimeoutMs: number;
  private readonly maxRedirects: number;
  private readonly allowedPorts: ReadonlySet<number> | 'any';

  constructor(private readonly options: HttpClientOptions) {
    this.maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
    const extra = options.allowedPorts ?? [];
    this.allowedPorts = extra === 'any' ? 'any' : new Set([...DEFAULT_PORTS, ...extra]);
    this.totalTimeoutMs = options.totalTimeoutMs ?? 30_000;
    this.maxRedirects = options.maxRedirects ?? 5;
    this.agent = new Agent({
      // The lookup runs inside net.connect, so the address checked is the address connected to:
      // a DNS answer cannot change between the check and the connection (no rebinding window).
      connect: { timeout: options.connectTimeoutMs ?? 10_000, lookup: this.guardedLookup },
      headersTimeout: this.totalTimeoutMs,
      bodyTimeout: this.totalTimeoutMs,
    });
  }

  /**
   * Whether a resolved IP may be connected to. Subclasses may narrow or widen the policy
   * (tests use this to admit their own loopback server while refusing everything else private).
   */
  protected isAllowedAddress(address: string): boolean {
    return this.options.allowPrivateNetworks || isPublicAddress(address);
  }

  /**
   * Every address `hostname` resolves to (the connection's lookup options: family, hints).
   * Subclasses may answer for DNS (tests use this to give a name chosen addresses).
   */
  protected resolve(hostname: string, options: dns.LookupOptions): Promise<LookupAddress[]> {
    return dns.promises.lookup(hostname, { ...options, all: true });
  }

  /**
   * GETs `url`, following redirects. Resolves with the body or a 304; rejects with a
   * {@link FetchError}, with the gate's {@link HostBusyError} when a host stays busy, or with
   * `options.signal`'s reason when the caller aborts.
   */
  async fetch(url: string, options: FetchOptions = {}): Promise<FetchResult> {
    const { onFetched } = this.options;
    if (!onFetched) return this.fetchOnce(url, options);
    try {
      const result = await this.fetchOnce(url, options);
      onFetched(`${Math.floor(result.status / 100)}xx`);
      return result;
    } catch (error) {
      onFetched(
        error instanceof FetchError
          ? error.status
            ? `${Math.floor(error.status / 100)}xx`
            : error.code
          : error instanceof HostBusyError
            ? 'HOST_BUSY'
            : 'ABORTED',
      );
      throw error;
    }
  }

  private async fetchOnce(url: string, options: FetchOptions): Promise<FetchResult> {
    const deadline = AbortSignal.timeout(this.totalTimeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
    let current = url;
    try {
      let target = this.checkTarget(url, undefined, url);
      current = target.href;
      let permanentRedirect: string | undefined;
      let onlyPermanentHops = true;
      for (let redirects = 0; ; redirects++) {
        const release = await this.acquireSlot(target, signal);
        let hop: { status: number; location: string };
        try {
          const response = await request(target, {
            dispatcher: this.agent,
            method: 'GET',
            headers: this.requestHeaders(options),
            signal,
          });
          const location = header(response, 'location');
          if (!REDIRECT_STATUSES.has(response.statusCode) || location === undefined) {
            // toResult reads, discards or destroys the body on every path, so the slot can go.
            return await this.toResult(response, current, options, permanentRedirect);
          }
          await discard(response);
          hop = { status: response.statusCode, location };
        } catch (error) {
          await this.holdOffIfAsked(target, error);
          throw error;
        } finally {
          // A lost release only holds the host until the gate's lease expires; it must not turn
          // a finished fetch into a failure.
          await release().catch(() => undefined);
        }
        if (redirects >= this.maxRedirects) {
          throw fail('TOO_MANY_REDIRECTS', current, `more than ${this.maxRedirects} redirects`, true);
        }
        target = this.checkTarget(hop.location, target, current);
        current = target.href;
        // Only a chain that starts permanent may replace the stored URL: after a temporary hop
        // the publisher has not promised that later targets are the feed's new home.
        onlyPermanentHops &&= PERMANENT_REDIRECT_STATUSES.has(hop.status);
        if (onlyPermanentHops) permanentRedirect = current;
      }
    } catch (error) {
      if (error instanceof FetchError || error instanceof HostBusyError) throw error;
      if (options.signal?.aborted) throw options.signal.reason;
      throw classify(error, current, deadline.aborted, this.totalTimeoutMs);
    }
  }

  /**
   * POSTs `body` to `url` once, for a webhook: the same SSRF guard, port policy and deadline as
   * {@link fetch}, but no redirect is followed (a 3xx fails for good: a webhook is configured to
   * its final URL, and a redirected POST would become a GET), no host gate is asked (the
   * receiver is the subscriber's own), and the answer's body is discarded (up to 64 KiB read, so
   * the connection can be reused). Resolves with the 2xx status; rejects with a
   * {@link FetchError} whose `permanent` says whether sending again may help (408, 429, 5xx,
   * timeouts and network errors may; other statuses, a blocked address or port may not),
   * carrying Retry-After, or with `options.signal`'s reason.
   */
  async post(url: string, body: string, options: PostOptions = {}): Promise<{ status: number }> {
    const deadline = AbortSignal.timeout(this.totalTimeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
    try {
      const target = this.checkTarget(url, undefined, url);
      const response = await request(target, {
        dispatcher: this.agent,
        method: 'POST',
        headers: { ...options.headers, 'user-agent': this.options.userAgent },
        body,
        signal,
      });
      await discard(response);
      const status = response.statusCode;
      if (status >= 200 && status < 300) return { status };
      throw statusError(status, url, parseRetryAfter(header(response, 'retry-after')));
    } catch (error) {
      if (error instanceof FetchError) throw error;
      if (options.signal?.aborted) throw options.signal.reason;
      throw classify(error, url, deadline.aborted, this.totalTimeoutMs);
    }
  }

  /** Waits for the gate's permission to send one request to `target`'s host; a no-op without a gate. */
  private async acquireSlot(target: URL, signal: AbortSignal): Promise<ReleaseSlot> {
    const { gate, onGateWait } = this.options;
    if (!gate) return noRelease;
    const host = hostKey(target);
    const started = performance.now();
    const release = await gate.acquire(host, { signal });
    try {
      onGateWait?.(host, performance.now() - started);
    } catch {
      // A metrics hook must never cost a slot.
    }
    return release;
  }

  /**
   * A host that answered 429 or 503 (any transient status) with Retry-After gets no request from
   * any process until then (capped at {@link MAX_RETRY_AFTER_SECONDS}), if the gate can hold it
   * off: its other pages and feeds wait instead of each asking again. A gate that fails to
   * record it must not change the fetch's own error.
   */
  private async holdOffIfAsked(target: URL, error: unknown): Promise<void> {
    const { gate } = this.options;
    if (!gate?.holdOff || !(error instanceof FetchError) || error.permanent) return;
    if (!error.retryAfterSeconds) return;
    const seconds = Math.min(error.retryAfterSeconds, MAX_RETRY_AFTER_SECONDS);
    await gate.holdOff(hostKey(target), seconds * 1000).catch(() => undefined);
  }

  /** Closes pooled connections; the client cannot be used afterwards. */
  async close(): Promise<void> {
    await this.agent.close();
  }

  private requestHeaders(options: FetchOptions): Record<string, string> {
    const headers: Record<string, string> = {
      'user-agent': this.options.userAgent,
      accept: options.accept ?? '*/*',
      'accept-encoding': 'gzip, deflate, br',
    };
    if (options.etag) headers['if-none-match'] = options.etag;
    if (options.lastModified) headers['if-modified-since'] = options.lastModified;
    return headers;
  }

  private checkTarget(raw: string, base: URL | undefined, reportedUrl: string): URL {
    let target: URL;
    try {
      target = new URL(raw, base);
    } catch {
      throw fail('INVALID_URL', reportedUrl, `not a valid URL: ${raw}`, true);
    }
    if (target.protocol !== 'http:' && target.protocol !== 'https:') {
      throw fail('INVALID_URL', target.href, `unsupported scheme ${target.protocol}`, true);
    }
    // The URL's port is the port connected to (there is no proxy), so checking it covers every hop.
    const port = target.port === '' ? (target.protocol === 'https:' ? 443 : 80) : Number(target.port);
    if (this.allowedPorts !== 'any' && !this.allowedPorts.has(port)) {
      throw fail(
        'BLOCKED_PORT',
        target.href,
        `refusing to connect to port ${port}: only 80, 443 and ALLOWED_PORTS are fetched`,
        true,
      );
    }
    // IP literals never reach the lookup hook, so they are checked here. The literal is the URL's
    // own (the feed's or a redirect's), so naming it tells nobody anything new.
    const host = target.hostname.replace(/^\[(.*)\]$/, '$1');
    if (isIP(host) !== 0 && !this.isAllowedAddress(host)) {
      throw fail(
        'BLOCKED_ADDRESS',
        target.href,
        `refusing to connect to non-public address ${host} (${classifyAddress(host)})`,
        true,
      );
    }
    return target;
  }

  private async toResult(
    response: ResponseData,
    url: string,
    options: FetchOptions,
    permanentRedirect: string | undefined,
  ): Promise<FetchResult> {
    const status = response.statusCode;
    const retryAfterSeconds = parseRetryAfter(header(response, 'retry-after'));
    const etag = header(response, 'etag');
    const lastModified = header(response, 'last-modified');
    const maxAgeSeconds = freshnessSeconds({
      cacheControl: header(response, 'cache-control'),
      expires: header(response, 'expires'),
      date: header(response, 'date'),
    });
    if (status === 304) {
      await discard(response);
      return withDefined({
        kind: 'not-modified' as const,
        url,
        status: 304 as const,
        // Servers often omit validators on 304; the ones sent still hold.
        etag: etag ?? options.etag,
        lastModified: lastModified ?? options.lastModified,
        permanentRedirect,
        maxAgeSeconds,
      });
    }
    if (status < 200 || status >= 300) {
      await discard(response);
      throw statusError(status, url, retryAfterSeconds);
    }
    const contentEncoding = header(response, 'content-encoding');
    const declaredLength = Number(header(response, 'content-length'));
    if (declaredLength > this.maxBytes) {
      response.body.destroy();
      throw new BodyTooLargeError(this.maxBytes);
    }
    let raw: Buffer;
    try {
      raw = await readCapped(response.body, this.maxBytes);
    } finally {
      response.body.destroy();
    }
    const body = await decodeContent(raw, contentEncoding, this.maxBytes);
    return withDefined({
      kind: 'ok' as const,
      url,
      status,
      contentType: header(response, 'content-type'),
      etag,
      lastModified,
      body: new Uint8Array(body.buffer, body.byteOffset, body.byteLength),
      permanentRedirect,
      retryAfterSeconds,
      maxAgeSeconds,
    });
  }

  private readonly guardedLookup: LookupFunction = (hostname, options, callback) => {
    this.resolve(hostname, options).then(
      (addresses) => {
        const allowed = addresses.filter((entry) => this.isAllowedAddress(entry.address));
        const first = allowed[0];
        if (first === undefined) {
          // The message reaches API users (a feed's lastError, a dead letter's reason): it names
          // the kinds of address, never the internal addresses a resolver gave away.
          const kinds = new Set(addresses.map((entry) => classifyAddress(entry.address)));
          kinds.delete('public'); // admitted by the policy, refused by a narrower subclass
          const which = kinds.size > 0 ? ` (${[...kinds].join(', ')})` : '';
          const message = `${hostname} resolves only to non-public addresses${which}`;
          const blocked = Object.assign(new Error(message), { code: BLOCKED_CODE });
          return callback(blocked, '');
        }
        if (options.all) return callback(null, allowed);
        return callback(null, first.address, first.family);
      },
      (error: NodeJS.ErrnoException) => callback(error, ''),
    );
  };
}

function header(response: ResponseData, name: string): string | undefined {
  const value = response.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

async function discard(response: ResponseData): Promise<void> {
  // Reading a little lets undici reuse the connection; a failure here must not mask the outcome.
  await response.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
}

function fail(code: FetchErrorCode, url: string, message: string, permanent: boolean): FetchError {
  return new FetchError(message, { code, url, permanent });
}

function classify(error: unknown, url: string, deadlinePassed: boolean, totalTimeoutMs: number): FetchError {
  if (error instanceof BodyTooLargeError) {
    return new FetchError(error.message, { code: 'TOO_LARGE', url, permanent: true, cause: error });
  }
  const codes = errorCodes(error);
  if (codes.includes(BLOCKED_CODE)) {
    const message = findMessage(error, BLOCKED_CODE) ?? 'non-public address';
    return new FetchError(message, { code: 'BLOCKED_ADDRESS', url, permanent: true, cause: error });
  }
  if (
    deadlinePassed ||
    codes.some((code) =>
      ['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT'].includes(
        code,
      ),
    )
  ) {
    const message = deadlinePassed ? `no complete response within ${totalTimeoutMs} ms` : 'timed out';
    return new FetchError(message, { code: 'TIMEOUT', url, permanent: false, cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new FetchError(message, { code: 'NETWORK', url, permanent: false, cause: error });
}

// undici sometimes wraps socket errors, so the whole cause chain is searched.
function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = current.cause;
  }
  return codes;
}

function findMessage(error: unknown, code: string): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 5; depth++) {
    if ((current as { code?: unknown }).code === code) return current.message;
    current = current.cause;
  }
  return undefined;
}

/** Drops undefined properties so results compare cleanly and serialise without noise. */
function withDefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** An answer's status that is not a success: permanent unless the server may answer better later. */
function statusError(status: number, url: string, retryAfterSeconds: number | undefined): FetchError {
  const transient = status === 408 || status === 429 || status >= 500;
  return new FetchError(`HTTP ${status}`, {
    code: 'HTTP_STATUS',
    url,
    permanent: !transient,
    status,
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  });
}
