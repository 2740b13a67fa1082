import { readFileSync } from 'node:fs';
import type { FastifyPluginAsync } from 'fastify';
import { collectStatus, type StatusReport, type StatusSources } from '../status/report';

/** Page, script and style, read once: they change only with a new build. */
function loadAssets(publicDir: URL) {
  const read = (name: string) => readFileSync(new URL(name, publicDir), 'utf8');
  return {
    '/status': { type: 'text/html; charset=utf-8', body: read('status.html') },
    '/status/status.js': { type: 'text/javascript; charset=utf-8', body: read('status.js') },
    '/status/status.css': { type: 'text/css; charset=utf-8', body: read('status.css') },
  };
}

const STATUS_CSP =
  "default-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; object-src 'none'; frame-ancestors 'none'";

/** A page for operators in a browser: behind the admin token, and not part of the API's document. */
const PAGE = { auth: 'admin-page' } as const;

/** The same report for every viewer within this window: many open pages cost Redis one read. */
const REPORT_TTL_MS = 2000;

/**
 * `/status`: a live page for operators without Grafana (queue depths,
 * throughput and freshness over the last hour, failing feeds), and
 * `/status/data`, the JSON it polls. Behind the admin token, which a browser asks for.
 */
export function statusRoutes(deps: StatusSources & { publicDir: URL }): FastifyPluginAsync {
  const assets = loadAssets(deps.publicDir);
  let cached: { at: number; report: Promise<StatusReport> } | undefined;
  return async (app) => {
    for (const [path, asset] of Object.entries(assets)) {
      app.get(path, { config: PAGE, schema: { hide: true } }, async (_request, reply) =>
        reply
          .type(asset.type)
          .header('cache-control', 'no-cache')
          // Everything the page loads is its own; nothing inline, nothing from elsewhere, never in a frame.
          .header('content-security-policy', STATUS_CSP)
          .send(asset.body),
      );
    }
    app.get('/status/data', { config: PAGE, schema: { hide: true } }, async (_request, reply) => {
      if (!cached || Date.now() - cached.at > REPORT_TTL_MS) {
        cached = { at: Date.now(), report: collectStatus(deps) };
        // A failed read must not be served from the cache to the next viewer.
        cached.report.catch(() => {
          cached = undefined;
        });
      }
      return reply.header('cache-control', 'no-store').send(await cached.report);
    });
  };
}
