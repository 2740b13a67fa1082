/**
 * The longest wait a Retry-After is honoured for: 6 hours. A server asking
 * for more (a misconfiguration, or "come back next week") is asked again
 * after 6 hours instead: honouring it in full would hold every page and feed
 * of the host that long, and an article's retries would outlast the 14 days
 * its dead letter is kept.
 */
export const MAX_RETRY_AFTER_SECONDS = 6 * 3600;

/**
 * Reads a Retry-After header (delay in seconds or an HTTP date) as whole seconds from `now`.
 * Returns undefined when absent or unreadable; a date in the past gives 0.
 */
export function parseRetryAfter(value: string | undefined, now: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+$/.test(trimmed)) return Number.parseInt(trimmed, 10);
  // HTTP dates always name the weekday or month; this keeps "-5" from parsing as a year.
  if (!/[a-z]/i.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - now) / 1000));
}
