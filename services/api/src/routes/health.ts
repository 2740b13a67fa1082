import { type ReadinessCheck, runChecks } from '@tidings/telemetry';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Registry } from 'prom-client';
import { z } from 'zod';
import { textAnswer } from '../openapi';

/** The answer of `/readyz`, ready or not. */
export const Readiness = z
  .object({
    status: z.enum(['ready', 'not ready']),
    checks: z.record(z.string(), z.string()).describe('Each dependency: `ok`, or why it is not.'),
  })
  .meta({ id: 'Readiness', description: 'Whether the API can serve: each dependency checked.' });

/**
 * `/healthz` (the process answers), `/readyz` (its dependencies answer) and
 * `/metrics`: public, for probes and Prometheus; none of them shows an article.
 */
export function healthRoutes(deps: {
  registry: Registry;
  checks: Record<string, ReadinessCheck>;
}): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/healthz',
      {
        config: { auth: 'public' },
        schema: {
          summary: 'Liveness: the process answers',
          tags: ['probes'],
          operationId: 'health',
          response: { 200: z.object({ status: z.literal('ok') }).describe('Alive.') },
        },
      },
      async () => ({ status: 'ok' as const }),
    );
    app.get(
      '/readyz',
      {
        config: { auth: 'public' },
        schema: {
          summary: 'Readiness: Redis takes writes, Meilisearch answers a search with the API key',
          tags: ['probes'],
          operationId: 'readiness',
          response: {
            200: Readiness.describe('Ready.'),
            503: Readiness.describe("Not ready: each failing check's reason."),
          },
        },
      },
      async (_request, reply) => {
        const { ok, checks } = await runChecks(deps.checks);
        return reply.status(ok ? 200 : 503).send({ status: ok ? 'ready' : 'not ready', checks });
      },
    );
    app.get(
      '/metrics',
      {
        config: { auth: 'public' },
        schema: {
          summary: 'Prometheus metrics',
          tags: ['probes'],
          operationId: 'metrics',
          response: { 200: textAnswer('text/plain', 'The Prometheus text exposition format.') },
        },
      },
      async (_request, reply) => reply.type(deps.registry.contentType).send(await deps.registry.metrics()),
    );
  };
}
