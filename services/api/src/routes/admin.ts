import { type Meilisearch, type ReindexReport, reindex } from '@tidings/search';
import type { FastifyPluginAsync } from 'fastify';
import { requireBearer } from '../auth';

type ReindexState =
  | { state: 'idle' }
  | { state: 'running'; startedAt: string; copied: number }
  | { state: 'done'; startedAt: string; finishedAt: string; report: ReindexReport }
  | { state: 'failed'; startedAt: string; finishedAt: string; error: string };

/**
 * Admin operations: a zero-downtime reindex, started here and watched by
 * polling. It runs in this API process; one at a time.
 */
export function adminRoutes(deps: {
  meili: Meilisearch;
  index: string;
  adminToken?: string;
}): FastifyPluginAsync {
  let status: ReindexState = { state: 'idle' };
  return async (app) => {
    app.addHook('preHandler', requireBearer(deps.adminToken));

    app.post('/v1/admin/reindex', async (request, reply) => {
      if (status.state === 'running')
        return reply
          .status(409)
          .send({ error: 'Conflict', message: 'a reindex is already running', ...status });
      const startedAt = new Date().toISOString();
      const running: ReindexState = { state: 'running', startedAt, copied: 0 };
      status = running;
      reindex(deps.meili, deps.index, (copied) => {
        running.copied = copied;
      }).then(
        (report) => {
          status = { state: 'done', startedAt, finishedAt: new Date().toISOString(), report };
          request.log.info({ ...report }, 'reindex done');
        },
        (err: Error) => {
          status = { state: 'failed', startedAt, finishedAt: new Date().toISOString(), error: err.message };
          request.log.error({ err }, 'reindex failed');
        },
      );
      return reply.status(202).send(status);
    });

    app.get('/v1/admin/reindex', async () => status);
  };
}
