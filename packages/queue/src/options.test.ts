import { describe, expect, it } from 'vitest';
import { RETRY_AFTER_BACKOFF } from './backoff';
import { JOB_OPTIONS } from './options';

/** The shortest time from a job's first failure to its last attempt: every retry at the jitter's low end. */
function shortestRetrySpanMs(name: keyof typeof JOB_OPTIONS): number {
  const { attempts = 1, backoff } = JOB_OPTIONS[name];
  if (typeof backoff !== 'object' || backoff.type !== RETRY_AFTER_BACKOFF)
    throw new Error(`${name}: no exponential back-off`);
  const low = 1 - (backoff.jitter ?? 0);
  let span = 0;
  for (let retry = 0; retry < attempts - 1; retry++) span += low * (backoff.delay ?? 0) * 2 ** retry;
  return span;
}

describe('retry policy', () => {
  it('rides out outages of hours before an article becomes a dead letter', () => {
    expect(shortestRetrySpanMs('articles')).toBeGreaterThan(3600_000);
    expect(shortestRetrySpanMs('index')).toBeGreaterThan(2 * 3600_000);
  });

  it('rides out a webhook receiver’s restart, and gives up on a dead one within half an hour', () => {
    expect(shortestRetrySpanMs('webhooks')).toBeGreaterThan(10 * 60_000);
    expect(shortestRetrySpanMs('webhooks')).toBeLessThan(30 * 60_000);
  });

  it('matches a batch again through a Meilisearch restart, and gives up within a quarter of an hour', () => {
    expect(shortestRetrySpanMs('matches')).toBeGreaterThan(3 * 60_000);
    expect(shortestRetrySpanMs('matches')).toBeLessThan(15 * 60_000);
  });

  it('jitters every back-off', () => {
    for (const name of ['articles', 'index', 'matches', 'webhooks'] as const) {
      const { backoff } = JOB_OPTIONS[name];
      expect(typeof backoff === 'object' && backoff.jitter, name).toBeGreaterThan(0);
    }
  });
});
