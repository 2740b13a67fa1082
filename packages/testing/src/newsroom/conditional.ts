import type { IncomingHttpHeaders } from 'node:http';

/**
 * Whether a GET for a feed may be answered 304, evaluated as an origin server
 * does under RFC 9110 §13.2.2: If-None-Match (weak comparison) when present,
 * otherwise If-Modified-Since.
 *
 * Not the `fresh` package (Express): it answers 200 to any request carrying
 * `Cache-Control: no-cache`, which WHATWG fetch adds by itself to every request
 * with conditional headers, so a poller using fetch would never see a 304.
 * Plain origin servers such as nginx ignore that directive here, and so do we.
 */
export function notModified(headers: IncomingHttpHeaders, etag: string, lastModified: string): boolean {
  const ifNoneMatch = headers['if-none-match'];
  if (ifNoneMatch !== undefined) {
    const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
    return ifNoneMatch.split(',').some((tag) => tag.trim() === '*' || opaque(tag) === opaque(etag));
  }
  const ifModifiedSince = headers['if-modified-since'];
  if (ifModifiedSince !== undefined) {
    const since = Date.parse(ifModifiedSince);
    return !Number.isNaN(since) && Date.parse(lastModified) <= since;
  }
  return false;
}
