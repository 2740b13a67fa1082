import { createServer, type Server } from 'node:http';
import type { Registry } from 'prom-client';

/** A readiness probe: resolves when the dependency answers, rejects otherwise. */
export type ReadinessCheck = () => Promise<void>;

/**
 * Serve `/metrics`, `/healthz` and `/readyz` for a worker process, which has
 * no HTTP server of its own. Resolves once listening. The caller names the
 * interface (METRICS_HOST): listening everywhere is never a silent default.
 */
export async function serveTelemetry(options: {
  port: number;
  host: string;
  registry: Registry;
  checks: Record<string, ReadinessCheck>;
}): Promise<Server> {
  const server = createServer((req, res) => {
    const reply = (status: number, body: string, type = 'application/json') => {
      res.writeHead(status, { 'content-type': type });
      res.end(body);
    };
    const path = req.url?.split('?')[0];
    if (path === '/healthz') return reply(200, '{"status":"ok"}');
    if (path === '/metrics') {
      options.registry.metrics().then(
        (text) => reply(200, text, options.registry.contentType),
        (err: Error) => reply(500, JSON.stringify({ error: err.message })),
      );
      return;
    }
    if (path === '/readyz') {
      runChecks(options.checks).then(({ ok, checks }) =>
        reply(ok ? 200 : 503, JSON.stringify({ status: ok ? 'ready' : 'not ready', checks })),
      );
      return;
    }
    reply(404, '{"error":"not found"}');
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return server;
}

/** Run every readiness check concurrently; each reports "ok" or its error. */
export async function runChecks(
  checks: Record<string, ReadinessCheck>,
): Promise<{ ok: boolean; checks: Record<string, string> }> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await check();
        return [name, 'ok'] as const;
      } catch (err) {
        return [name, (err as Error).message || 'unreachable'] as const;
      }
    }),
  );
  return { ok: entries.every(([, v]) => v === 'ok'), checks: Object.fromEntries(entries) };
}
