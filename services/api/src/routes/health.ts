import { type ReadinessCheck, runChecks } from '@tidings/telemetry';
import type { FastifyPluginAsync } from 'fastify';
import type { Registry } from 'prom-client';

/**
 * `/healthz` (the process answers), `/readyz` (its dependencies answer) and
 * `/metrics`: public, for probes and Prometheus; none of them shows an article.
 */
export function healthRoutes(deps: {
  registry: Registry;
  checks: Record<string, ReadinessCheck>;
}): FastifyPluginAsync {
  return async (app) => {
    app.get('/healthz', { config: { auth: 'public' } }, async () => ({ status: 'ok' }));
    app.get('/readyz', { config: { auth: 'public' } }, async (_request, reply) => {
      const { ok, checks } = await runChecks(deps.checks);
      return reply.status(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready', checks });
    });
    app.get('/metrics', { config: { auth: 'public' } }, async (_request, reply) =>
      reply.type(deps.registry.contentType).send(await deps.registry.metrics()),
    );
  };
}
