export { classifyAddress, isPublicAddress } from './address-policy';
export {
  charsetParameter,
  type DecodedText,
  type DecodeTextOptions,
  type DocumentKind,
  decodeText,
  normalizeCharset,
} from './charset';
export {
  type FetchOptions,
  type FetchResult,
  HttpClient,
  type HttpClientOptions,
  type PostOptions,
} from './client';
export { stripControlChars } from './control-chars';
export { FetchError, type FetchErrorCode, transientFailureHost } from './errors';
export { HostBusyError, type HostGate, type ReleaseSlot } from './host-gate';
export { createPoliteHttpClient, type PoliteClientSettings } from './polite-client';
export { RedisHostGate, type RedisHostGateOptions } from './redis-host-gate';
export { MAX_RETRY_AFTER_SECONDS, parseRetryAfter } from './retry-after';
