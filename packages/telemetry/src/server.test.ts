import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import { createMetrics, serveTelemetry } from './index';

describe('serveTelemetry', async () => {
  const metrics = createMetrics('test');
  let healthy = true;
  const server = await serveTelemetry({
    port: 0,
    host: '127.0.0.1',
    registry: metrics.registry,
    checks: {
      redis: async () => {
        if (!healthy) throw new Error('connection refused');
      },
    },
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('serves Prometheus text with the job metrics', async () => {
    metrics.jobsProcessed.inc({ stage: 'parse', outcome: 'completed' });
    const res = await fetch(`${base}/metrics`);
    const text = await res.text();
    expect(res.status).toBe(200);
    expect(text).toContain(
      'tidings_jobs_processed_total{stage="parse",outcome="completed",service="test"} 1',
    );
    expect(text).toContain('tidings_process_cpu_seconds_total');
  });

  it('answers readiness from its checks', async () => {
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    healthy = false;
    const res = await fetch(`${base}/readyz`);
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({ status: 'not ready', checks: { redis: 'connection refused' } });
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});
