import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Alert, alertIdFor } from '@tidings/contracts';
import { HttpClient } from '@tidings/http';
import { listDeadLetters, Queues, RETRY_AFTER_BACKOFF, startWorker, type Worker } from '@tidings/queue';
import { createLogger, createMetrics, type Metrics } from '@tidings/telemetry';
import { useTestRedis, waitFor } from '@tidings/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deliveryMetrics } from './metrics';
import { SavedSearchInput, toPublic } from './saved-search';
import { SavedSearchStore } from './store';
import { createWebhookDelivery, SIGNATURE_HEADER, verifyWebhook, type WebhookBody } from './webhook';

/** A local webhook receiver: answers each request with the next status of `script` (the last one repeats). */
let server: Server;
let url: string;
let script: number[] = [200];
const received: Array<{ headers: IncomingHttpHeaders; body: string; at: number }> = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString(), at: Date.now() });
      const status = script[Math.min(received.length - 1, script.length - 1)]!;
      res.writeHead(status, { 'content-type': 'text/plain' }).end('thanks');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
});
afterAll(() => new Promise((resolve) => server.close(resolve)));

const { redis } = useTestRedis();
const running: Array<{ worker: Worker; queues: Queues; http: HttpClient }> = [];
afterEach(async () => {
  for (const { worker, queues, http } of running.splice(0)) {
    await worker.close();
    await queues.close();
    await http.close();
  }
  received.length = 0;
});

/** A saved search with one webhook to the receiver, and the `webhooks` worker, retrying after milliseconds. */
async function setup() {
  const prefix = `t-${randomUUID()}`;
  const store = new SavedSearchStore(redis(), prefix);
  const made = await store.create(
    SavedSearchInput.parse({ name: 'Harbour <watch>', q: 'harbour', channels: [{ type: 'webhook', url }] }),
  );
  const { secret } = toPublic(made.search, made.revealed).channels[0]!;
  const queues = new Queues(redis(), prefix, {
    webhooks: { backoff: { type: RETRY_AFTER_BACKOFF, delay: 20, jitter: 0.5 } },
  });
  const metrics: Metrics = createMetrics('indexer');
  const http = new HttpClient({
    userAgent: 'TidingsTest/1.0',
    allowPrivateNetworks: true,
    allowedPorts: 'any',
  });
  const worker = startWorker(
    'deliverWebhook',
    createWebhookDelivery({ store, http, metrics: deliveryMetrics(metrics.registry, ['webhook']) }),
    {
      connection: redis(),
      prefix,
      concurrency: 4,
      logger: createLogger('test', 'silent'),
      metrics,
      stage: 'webhook',
    },
  );
  running.push({ worker, queues, http });
  const search = made.search;
  const alert: Alert = {
    id: alertIdFor(search.id, 'a'.repeat(32)),
    savedSearchId: search.id,
    article: {
      id: 'a'.repeat(32),
      title: 'Harbour cranes stop',
      url: 'https://news.test/harbour',
      source: 'news.test',
      publishedAt: '2026-11-20T10:00:00.000Z',
      language: 'en',
      snippet: 'The <mark>harbour</mark> cranes',
      storyId: 'a'.repeat(32),
    },
    searchableAt: new Date(Date.now() - 500).toISOString(),
    matchedAt: new Date().toISOString(),
  };
  const send = () => queues.add('deliverWebhook', { channelId: search.channels[0]!.id, alert });
  /** The value of the first sample of a metric whose line matches `line` (any, by default). */
  const metric = async (name: string, line = /./) => {
    const text = await metrics.registry.getSingleMetricAsString(name);
    const sample = text.split('\n').find((l) => !l.startsWith('#') && line.test(l));
    return Number(sample?.slice(sample.lastIndexOf(' ') + 1) ?? Number.NaN);
  };
  return { store, queues, search, secret: secret!, alert, send, metric };
}

describe('webhook delivery', () => {
  it('POSTs the alert as JSON, signed with the channel’s secret and timestamped against replay', async () => {
    script = [204];
    const { search, secret, alert, send, metric } = await setup();
    await send();
    await waitFor(() => received.length === 1, { timeoutMs: 10_000, what: 'the webhook' });
    const [{ headers, body, at }] = received as [(typeof received)[0]];
    expect(headers['content-type']).toBe('application/json');
    expect(headers['tidings-alert-id']).toBe(alert.id);
    expect(JSON.parse(body) as WebhookBody).toEqual({
      type: 'alert',
      id: alert.id,
      savedSearch: { id: search.id, name: 'Harbour <watch>' },
      article: alert.article,
      searchableAt: alert.searchableAt,
      matchedAt: alert.matchedAt,
    });
    const signature = String(headers[SIGNATURE_HEADER]);
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(verifyWebhook(secret, body, signature, { now: at })).toBe(true);
    // Another secret, a changed body, or the same delivery replayed ten minutes later: refused.
    expect(verifyWebhook('another-secret-0123456789', body, signature, { now: at })).toBe(false);
    expect(verifyWebhook(secret, body.replace('Harbour', 'Harb0ur'), signature, { now: at })).toBe(false);
    expect(verifyWebhook(secret, body, signature, { now: at + 600_000 })).toBe(false);
    await waitFor(async () => (await metric('tidings_alerts_delivered_total')) === 1, { timeoutMs: 5000 });
    expect(await metric('tidings_alert_delivery_delay_seconds', /_count\{/)).toBe(1);
  });

  it('retries a receiver that fails (503, 500) with back-off until it answers, signing each attempt', async () => {
    script = [503, 500, 200];
    const { secret, alert, send, metric, queues } = await setup();
    await send();
    await waitFor(async () => (await metric('tidings_alerts_delivered_total')) === 1, {
      timeoutMs: 20_000,
      what: 'the third attempt to deliver',
    });
    expect(received).toHaveLength(3);
    for (const { headers, body, at } of received) {
      expect(headers['tidings-alert-id']).toBe(alert.id);
      expect(verifyWebhook(secret, body, String(headers[SIGNATURE_HEADER]), { now: at })).toBe(true);
    }
    expect(await metric('tidings_alerts_failed_total')).toBe(2);
    expect((await queues.counts()).webhooks.failed).toBe(0);
  });

  it('fails for good on a 4xx refusal: one attempt, then a dead letter naming the search and channel', async () => {
    script = [400];
    const { search, alert, send, queues } = await setup();
    await send();
    await waitFor(async () => (await queues.counts()).webhooks.failed === 1, { timeoutMs: 10_000 });
    expect(received).toHaveLength(1);
    const { deadLetters } = await listDeadLetters(queues, { limit: 10, offset: 0, queue: 'webhooks' });
    expect(deadLetters).toEqual([
      expect.objectContaining({
        queue: 'webhooks',
        id: `${alert.id}-${search.channels[0]!.id}`,
        attempts: 1,
        savedSearchId: search.id,
        channelId: search.channels[0]!.id,
        articleId: alert.article.id,
        reason: expect.stringContaining('HTTP 400'),
      }),
    ]);
    // Nor does the reason or anything listed show the webhook URL (it may carry a token).
    expect(JSON.stringify(deadLetters)).not.toContain(url);
  });

  it('gives up after 8 attempts on a receiver that keeps failing: a dead letter too', async () => {
    script = [500];
    const { send, queues } = await setup();
    await send();
    await waitFor(async () => (await queues.counts()).webhooks.failed === 1, {
      timeoutMs: 25_000,
      what: 'the last attempt',
    });
    expect(received).toHaveLength(8);
    const { deadLetters } = await listDeadLetters(queues, { limit: 10, offset: 0 });
    expect(deadLetters).toEqual([expect.objectContaining({ queue: 'webhooks', attempts: 8 })]);
  }, 30_000);

  it('skips an alert whose channel was removed, or whose search was deleted, before it was sent', async () => {
    script = [200];
    const { store, search, send, metric } = await setup();
    const skipped = () =>
      metric(
        'tidings_jobs_processed_total',
        /stage="webhook".*outcome="skipped"|outcome="skipped".*stage="webhook"/,
      );
    await store.update(search.id, { channels: [{ type: 'webhook', url: `${url}/other` }] });
    await send();
    await waitFor(async () => (await skipped()) === 1, { timeoutMs: 10_000, what: 'the first job skipped' });
    await store.remove(search.id);
    await send(); // the same job id again: the first one was removed when it completed
    await waitFor(async () => (await skipped()) === 2, { timeoutMs: 10_000, what: 'the second job skipped' });
    expect(received).toHaveLength(0);
  });
});
