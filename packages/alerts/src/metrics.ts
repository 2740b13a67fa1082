import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** How an alert reaches someone: a webhook POST or a live stream, both sent by the API's processes. */
export type DeliveryChannel = 'webhook' | 'sse';

/** Seconds from searchable to delivered: most well under a second, a retried webhook minutes. */
const DELAY_BUCKETS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300, 1800];

/** What the matcher (in the indexer) counts. */
export interface MatcherMetrics {
  matched: Counter;
  errors: Counter<'reason'>;
  duration: Histogram;
  savedSearches: Gauge<'kind'>;
  queries: Counter<'outcome'>;
}

/** Register the matcher's metrics on a process registry. */
export function matcherMetrics(registry: Registry): MatcherMetrics {
  const errors = new Counter({
    name: 'tidings_alert_match_errors_total',
    help: 'Saved-search matching that failed (logged; the batch stays indexed), by reason: search (a multi-search chunk; its batches are matched again), read (reading the articles back: every search is asked), record (Redis), queue (webhook jobs).',
    labelNames: ['reason'],
    registers: [registry],
  });
  // Zero series from the start, so rate() has a counter before its first failure.
  for (const reason of ['search', 'read', 'record', 'queue']) errors.inc({ reason }, 0);
  const queries = new Counter({
    name: 'tidings_alert_match_queries_total',
    help: 'Saved-search queries per partition of a batch: sent to Meilisearch, or skipped because the search could match none of its articles (filters, leading phrase).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  for (const outcome of ['sent', 'skipped']) queries.inc({ outcome }, 0);
  return {
    queries,
    matched: new Counter({
      name: 'tidings_alerts_matched_total',
      help: 'Alerts made: a story matching a saved search (or a live stream) for the first time.',
      registers: [registry],
    }),
    errors,
    duration: new Histogram({
      name: 'tidings_alert_match_duration_seconds',
      help: 'Time to match one searchable batch against every saved search (Meilisearch multi-searches and recording).',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    savedSearches: new Gauge({
      name: 'tidings_saved_searches',
      help: 'Searches matched against every batch: saved ones, and those of live ad-hoc streams.',
      labelNames: ['kind'],
      registers: [registry],
    }),
  };
}

/** What a delivering process counts, for its channel. */
export interface DeliveryMetrics {
  delivered: Counter<'channel'>;
  failed: Counter<'channel'>;
  delay: Histogram<'channel'>;
}

/** Register the delivery metrics of the channels a process delivers to on its registry (once per process). */
export function deliveryMetrics(registry: Registry, channels: DeliveryChannel[]): DeliveryMetrics {
  const delivered = new Counter({
    name: 'tidings_alerts_delivered_total',
    help: 'Alerts delivered: a webhook answered 2xx, or a live stream was sent the event.',
    labelNames: ['channel'],
    registers: [registry],
  });
  const failed = new Counter({
    name: 'tidings_alerts_failed_total',
    help: 'Alert deliveries that failed: each webhook attempt that failed (retried or not), each stream closed for not reading.',
    labelNames: ['channel'],
    registers: [registry],
  });
  for (const channel of channels) {
    delivered.inc({ channel }, 0);
    failed.inc({ channel }, 0);
  }
  return {
    delivered,
    failed,
    delay: new Histogram({
      name: 'tidings_alert_delivery_delay_seconds',
      help: 'Time from an article becoming searchable to its alert being delivered, by channel.',
      labelNames: ['channel'],
      buckets: DELAY_BUCKETS,
      registers: [registry],
    }),
  };
}
