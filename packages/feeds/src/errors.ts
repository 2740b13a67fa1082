/**
 * Thrown when nothing usable can be recovered from a document: an empty body, an HTML page,
 * JSON that is not a JSON Feed, or XML no parser could read. `reason` is meant for people
 * (it ends up as the feed's `lastError`).
 */
export class FeedParseError extends Error {
  readonly reason: string;

  constructor(reason: string, options?: { cause?: unknown }) {
    super(reason, options);
    this.name = 'FeedParseError';
    this.reason = reason;
  }
}

/** Thrown when an OPML document or a feeds file cannot be read; the message names the problem. */
export class FeedListError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FeedListError';
  }
}
