import { hostKey } from './host-gate';

/** Why a fetch failed; stable strings so they can become log fields and metric labels. */
export type FetchErrorCode =
  | 'INVALID_URL'
  | 'BLOCKED_ADDRESS'
  | 'BLOCKED_PORT'
  | 'HTTP_STATUS'
  | 'TOO_LARGE'
  | 'TIMEOUT'
  | 'TOO_MANY_REDIRECTS'
  | 'NETWORK';

/** Details carried by a {@link FetchError}. */
export interface FetchErrorDetails {
  code: FetchErrorCode;
  url: string;
  /** True when repeating the same request cannot succeed soon, so callers should not retry it. */
  permanent: boolean;
  status?: number;
  retryAfterSeconds?: number;
  cause?: unknown;
}

/**
 * The only error {@link HttpClient.fetch} throws (except the caller's own abort reason).
 * `permanent` tells a worker whether a retry is pointless; `retryAfterSeconds` carries the server's wish.
 */
export class FetchError extends Error {
  readonly code: FetchErrorCode;
  readonly permanent: boolean;
  readonly status?: number;
  readonly retryAfterSeconds?: number;
  readonly url: string;

  constructor(message: string, details: FetchErrorDetails) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'FetchError';
    this.code = details.code;
    this.permanent = details.permanent;
    this.url = details.url;
    if (details.status !== undefined) this.status = details.status;
    if (details.retryAfterSeconds !== undefined) this.retryAfterSeconds = details.retryAfterSeconds;
  }
}

/**
 * The host (as the host gate keys it: name plus a non-default port) whose
 * answer, or silence, made a fetch fail transiently: what a retry of the
 * fetch waits for. Undefined for a permanent failure or any other error.
 */
export function transientFailureHost(err: unknown): string | undefined {
  if (!(err instanceof FetchError) || err.permanent) return undefined;
  try {
    return hostKey(new URL(err.url));
  } catch {
    return undefined;
  }
}
