import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Alert } from '@tidings/contracts';
import { FetchError, type HttpClient } from '@tidings/http';
import { type JobHandler, PermanentError } from '@tidings/queue';
import type { DeliveryMetrics } from './metrics';
import type { SavedSearchStore } from './store';

/** `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>" with the channel's secret>`. */
export const SIGNATURE_HEADER = 'tidings-signature';
/** The alert's id: the same on every retry of one delivery, for the receiver's deduplication. */
export const ALERT_ID_HEADER = 'tidings-alert-id';
/** How old a signature's timestamp a receiver should accept; each attempt is signed anew. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;

/** What a webhook receives: one alert, as JSON. */
export interface WebhookBody {
  type: 'alert';
  /** The alert's id (also in the `tidings-alert-id` header). */
  id: string;
  savedSearch: { id: string; name: string };
  article: Alert['article'];
  searchableAt: string;
  matchedAt: string;
}

/** The signature header's value for `body` sent at `timestamp` (Unix seconds). */
export function signWebhook(secret: string, body: string, timestamp: number): string {
  return `t=${timestamp},v1=${hmac(secret, timestamp, body)}`;
}

/**
 * Whether a signature header is `secret`'s for `body`, and its timestamp
 * within `toleranceSeconds` of now (replays of an old delivery fail). What a
 * receiver written in TypeScript runs; docs/alerts.md shows the same in a
 * few lines of another language.
 */
export function verifyWebhook(
  secret: string,
  body: string,
  header: string,
  options: { toleranceSeconds?: number; now?: number } = {},
): boolean {
  const parts = new Map<string, string[]>();
  for (const piece of header.split(',')) {
    const eq = piece.indexOf('=');
    if (eq <= 0) continue;
    const key = piece.slice(0, eq).trim();
    parts.set(key, [...(parts.get(key) ?? []), piece.slice(eq + 1).trim()]);
  }
  const timestamp = Number(parts.get('t')?.[0]);
  if (!Number.isInteger(timestamp)) return false;
  const now = Math.floor((options.now ?? Date.now()) / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? SIGNATURE_TOLERANCE_SECONDS)) return false;
  const expected = Buffer.from(hmac(secret, timestamp, body), 'hex');
  return (parts.get('v1') ?? []).some((given) => {
    const bytes = Buffer.from(given, 'hex');
    return bytes.length === expected.length && timingSafeEqual(bytes, expected);
  });
}

function hmac(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

/**
 * The `webhooks` worker's handler: POST one alert to one channel, signed
 * with the channel's secret. The URL and secret are read from the saved
 * search at each attempt, so an edited channel gets the current ones and a
 * removed one (or a deleted search) is skipped. A 2xx answer delivers; a
 * 4xx other than 408 and 429, a refused address or port fail for good (a
 * dead letter at once); anything else is retried with the queue's back-off,
 * never sooner than a Retry-After.
 */
export function createWebhookDelivery(options: {
  store: SavedSearchStore;
  /** The polite client's SSRF guard and ports, a 10 s deadline; no host gate. */
  http: HttpClient;
  metrics: DeliveryMetrics;
  now?: () => number;
}): JobHandler<'deliverWebhook'> {
  const { store, http, metrics } = options;
  const now = options.now ?? Date.now;
  return async ({ channelId, alert, feedId }) => {
    const log = {
      saved_search_id: alert.savedSearchId,
      channel_id: channelId,
      article_id: alert.article.id,
      ...(feedId ? { feed_id: feedId } : {}),
    };
    const search = await store.get(alert.savedSearchId);
    const channel = search?.channels.find((c) => c.id === channelId);
    if (!search || !channel)
      return { status: 'skipped', reason: search ? 'webhook removed' : 'saved search deleted', log };
    const body = JSON.stringify({
      type: 'alert',
      id: alert.id,
      savedSearch: { id: search.id, name: search.name },
      article: alert.article,
      searchableAt: alert.searchableAt,
      matchedAt: alert.matchedAt,
    } satisfies WebhookBody);
    let status: number;
    try {
      ({ status } = await http.post(channel.url, body, {
        headers: {
          'content-type': 'application/json',
          [SIGNATURE_HEADER]: signWebhook(channel.secret, body, Math.floor(now() / 1000)),
          [ALERT_ID_HEADER]: alert.id,
        },
      }));
    } catch (err) {
      metrics.failed.inc({ channel: 'webhook' });
      if (err instanceof FetchError && err.permanent)
        throw new PermanentError(`webhook refused the alert: ${err.message}`, 'WEBHOOK_REFUSED', {
          cause: err,
        });
      // A FetchError keeps its Retry-After for the back-off.
      throw err;
    }
    metrics.delivered.inc({ channel: 'webhook' });
    metrics.delay.observe({ channel: 'webhook' }, Math.max(0, now() - Date.parse(alert.searchableAt)) / 1000);
    return { status: 'done', log: { ...log, http_status: status } };
  };
}
