import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { startTestRedis, type TestServer } from '@tidings/servers';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  HostBusyError,
  HttpClient,
  MAX_RETRY_AFTER_SECONDS,
  RedisHostGate,
  type RedisHostGateOptions,
} from './index';

type GateSettings = Omit<RedisHostGateOptions, 'redis' | 'prefix'>;

describe('RedisHostGate against a real Redis', () => {
  let server: TestServer;
  // Two connections stand in for two worker processes.
  let first: Redis;
  let second: Redis;

  beforeAll(async () => {
    server = await startTestRedis();
    first = new Redis(server.url, { connectionName: 'gate-test-1' });
    second = new Redis(server.url, { connectionName: 'gate-test-2' });
  });
  afterAll(async () => {
    first.disconnect();
    second.disconnect();
    await server.stop();
  });

  /** Two gates sharing one fresh prefix, one per connection. */
  function gates(settings: GateSettings): [RedisHostGate, RedisHostGate, string] {
    const prefix = `t-${randomUUID()}`;
    return [
      new RedisHostGate({ redis: first, prefix, ...settings }),
      new RedisHostGate({ redis: second, prefix, ...settings }),
      prefix,
    ];
  }

  async function busyError(promise: Promise<unknown>): Promise<HostBusyError> {
    const error = await promise.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(HostBusyError);
    return error as HostBusyError;
  }

  it('never lets two processes exceed maxConcurrency for one host', async () => {
    const [a, b] = gates({ maxConcurrency: 2, maxPerSecond: 1000, maxWaitMs: 10_000 });
    let inFlight = 0;
    let peak = 0;
    const request = async (gate: RedisHostGate) => {
      const release = await gate.acquire('news.example');
      inFlight++;
      peak = Math.max(peak, inFlight);
      await sleep(30);
      inFlight--;
      await release();
    };
    await Promise.all(Array.from({ length: 12 }, (_, i) => request(i % 2 === 0 ? a : b)));
    expect(peak).toBe(2);
    expect(inFlight).toBe(0);
  });

  it('does not let a busy host block another host', async () => {
    const [a, b] = gates({ maxConcurrency: 1, maxPerSecond: 1000, maxWaitMs: 200 });
    const held = await a.acquire('busy.example');
    // Would throw HostBusyError if the two hosts shared a limit.
    const other = await b.acquire('quiet.example');
    await busyError(b.acquire('busy.example'));
    await Promise.all([held(), other()]);
  });

  it('spaces request starts by 1/maxPerSecond across processes', async () => {
    const [a, b] = gates({ maxConcurrency: 10, maxPerSecond: 5, maxWaitMs: 5000 });
    const n = 6;
    const started = Date.now();
    for (let i = 0; i < n; i++) {
      const release = await (i % 2 === 0 ? a : b).acquire('rate.example');
      await release();
    }
    const elapsed = Date.now() - started;
    // (n-1) gaps of 200 ms; the small slack covers millisecond rounding between two clocks.
    expect(elapsed).toBeGreaterThanOrEqual(((n - 1) * 1000) / 5 - 20);
    expect(elapsed).toBeLessThan(5000);
  });

  it('gives up at once when a fractional rate cannot allow a start within the wait budget', async () => {
    const [a, b] = gates({ maxConcurrency: 10, maxPerSecond: 0.5, maxWaitMs: 500 });
    await (await a.acquire('slow.example'))();
    const started = Date.now();
    const error = await busyError(b.acquire('slow.example'));
    expect(Date.now() - started).toBeLessThan(400);
    expect(error.host).toBe('slow.example');
    expect(error.retryAfterMs).toBeGreaterThan(1000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(2000);
  });

  it('throws HostBusyError after maxWaitMs when the host stays full', async () => {
    const [a, b] = gates({ maxConcurrency: 1, maxPerSecond: 1000, maxWaitMs: 300 });
    const held = await a.acquire('full.example');
    const started = Date.now();
    const error = await busyError(b.acquire('full.example'));
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(290);
    expect(waited).toBeLessThan(1500);
    expect(error.retryAfterMs).toBeGreaterThanOrEqual(300);
    await held();
  });

  it('hands a released slot to a waiter in the other process', async () => {
    const [a, b] = gates({ maxConcurrency: 1, maxPerSecond: 1000, maxWaitMs: 5000 });
    const held = await a.acquire('handover.example');
    const waiting = b.acquire('handover.example');
    await sleep(100);
    await held();
    await held(); // a second release is a no-op, not someone else's slot
    const started = Date.now();
    const release = await waiting;
    expect(Date.now() - started).toBeLessThan(1000);
    await release();
  });

  it('frees the slot of a crashed holder once its lease expires', async () => {
    const settings = { maxConcurrency: 1, maxPerSecond: 1000, leaseMs: 400 };
    const [a, b, prefix] = gates({ ...settings, maxWaitMs: 3000 });
    await a.acquire('crash.example'); // never released: the holder "crashed"
    const crashedAt = Date.now();
    const impatient = new RedisHostGate({ redis: second, prefix, ...settings, maxWaitMs: 50 });
    await busyError(impatient.acquire('crash.example'));
    const release = await b.acquire('crash.example');
    const waited = Date.now() - crashedAt;
    expect(waited).toBeGreaterThanOrEqual(380);
    expect(waited).toBeLessThan(3000);
    await release();
  });

  it('keeps expiring keys only, and drops the lease key on release', async () => {
    const [a, , prefix] = gates({ maxConcurrency: 2, maxPerSecond: 2, leaseMs: 10_000 });
    const release = await a.acquire('ttl.example');
    const leases = `${prefix}:host:{ttl.example}:leases`;
    const rate = `${prefix}:host:{ttl.example}:rate`;
    const leaseTtl = await first.pttl(leases);
    expect(leaseTtl).toBeGreaterThan(9000);
    expect(leaseTtl).toBeLessThanOrEqual(10_000);
    const rateTtl = await first.pttl(rate);
    expect(rateTtl).toBeGreaterThan(0);
    expect(rateTtl).toBeLessThanOrEqual(500);
    await release();
    expect(await first.exists(leases)).toBe(0);
    await sleep(600);
    expect(await first.keys(`${prefix}:*`)).toEqual([]);
  });

  it('rejects with the abort reason while waiting and leaves no lease behind', async () => {
    const [a, b, prefix] = gates({ maxConcurrency: 1, maxPerSecond: 1000, maxWaitMs: 10_000 });
    const held = await a.acquire('abort.example');
    const controller = new AbortController();
    const reason = new Error('shutting down');
    setTimeout(() => controller.abort(reason), 100);
    await expect(b.acquire('abort.example', { signal: controller.signal })).rejects.toBe(reason);
    await held();
    await sleep(50);
    expect(await first.zcard(`${prefix}:host:{abort.example}:leases`)).toBe(0);
  });

  it('limits what a server sees from two HttpClients sharing it through the gate', async () => {
    let inFlight = 0;
    let peak = 0;
    const site = createServer((_req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight--;
        res.end('ok');
      }, 40);
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(site.address() as AddressInfo).port}/`;
    const [a, b] = gates({ maxConcurrency: 2, maxPerSecond: 1000, maxWaitMs: 10_000 });
    const clients = [a, b].map(
      (gate) =>
        new HttpClient({ userAgent: 'GateTest/1.0', allowPrivateNetworks: true, allowedPorts: 'any', gate }),
    );
    try {
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => clients[i % 2]!.fetch(url)));
      expect(results.every((r) => r.kind === 'ok')).toBe(true);
      expect(peak).toBe(2);
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      site.closeAllConnections();
      await new Promise((resolve) => site.close(resolve));
    }
  });

  it('holds a host off across processes for as long as it asked, never shortening a hold', async () => {
    const [a, b, prefix] = gates({ maxConcurrency: 10, maxPerSecond: 1000, maxWaitMs: 200 });
    await a.holdOff('asked.example', 5000);
    await a.holdOff('asked.example', 1000); // a shorter wish later keeps the longer hold
    const error = await busyError(b.acquire('asked.example'));
    expect(error.retryAfterMs).toBeGreaterThan(4500);
    expect(error.retryAfterMs).toBeLessThanOrEqual(5000);
    // Other hosts are not held, and the hold's key goes with it.
    await (await b.acquire('other.example'))();
    const ttl = await first.pttl(`${prefix}:host:{asked.example}:rate`);
    expect(ttl).toBeGreaterThan(4500);
    expect(ttl).toBeLessThanOrEqual(5000);
    // A short hold inside the wait budget is waited out, not thrown.
    await a.holdOff('brief.example', 100);
    const started = Date.now();
    await (await b.acquire('brief.example'))();
    expect(Date.now() - started).toBeGreaterThanOrEqual(80);
  });

  it('holds a host off after it answers 429 with Retry-After, so the next page is not sent', async () => {
    let requests = 0;
    const site = createServer((req, res) => {
      requests++;
      // A year: honoured only up to MAX_RETRY_AFTER_SECONDS.
      res.writeHead(429, { 'retry-after': req.url === '/year' ? '31536000' : '30' }).end();
    });
    await new Promise<void>((resolve) => site.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    const [a, b, prefix] = gates({ maxConcurrency: 10, maxPerSecond: 1000, maxWaitMs: 200 });
    const clients = [a, b].map(
      (gate) =>
        new HttpClient({ userAgent: 'GateTest/1.0', allowPrivateNetworks: true, allowedPorts: 'any', gate }),
    );
    try {
      await expect(clients[0]!.fetch(`${base}/one`)).rejects.toMatchObject({
        status: 429,
        retryAfterSeconds: 30,
      });
      // The other process's fetch of another page waits its turn instead of asking again.
      const error = await busyError(clients[1]!.fetch(`${base}/two`));
      expect(error.retryAfterMs).toBeGreaterThan(29_000);
      expect(error.retryAfterMs).toBeLessThanOrEqual(30_000);
      expect(requests).toBe(1);

      const host = new URL(base).host;
      await first.del(`${prefix}:host:{${host}}:rate`);
      await expect(clients[0]!.fetch(`${base}/year`)).rejects.toMatchObject({ status: 429 });
      const held = await first.pttl(`${prefix}:host:{${host}}:rate`);
      expect(held).toBeGreaterThan((MAX_RETRY_AFTER_SECONDS - 60) * 1000);
      expect(held).toBeLessThanOrEqual(MAX_RETRY_AFTER_SECONDS * 1000);
    } finally {
      await Promise.all(clients.map((c) => c.close()));
      site.closeAllConnections();
      await new Promise((resolve) => site.close(resolve));
    }
  });

  it.each([
    [{ maxConcurrency: 0, maxPerSecond: 1 }],
    [{ maxConcurrency: 1.5, maxPerSecond: 1 }],
    [{ maxConcurrency: 1, maxPerSecond: 0 }],
    [{ maxConcurrency: 1, maxPerSecond: Number.NaN }],
  ])('refuses nonsense limits %o', (settings) => {
    expect(() => new RedisHostGate({ redis: first, prefix: 'x', ...settings })).toThrow(RangeError);
  });
});
