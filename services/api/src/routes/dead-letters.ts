import { listDeadLetters, type Queues, replayDeadLetters } from '@tidings/queue';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';

/** Dead letters (jobs that will not be tried again) and their replay, behind the admin token. */
export function deadLetterRoutes(deps: { queues: Queues }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/v1/dead-letters',
      {
        config: { auth: 'admin' },
        schema: {
          querystring: z
            .object({
              queue: z.enum(['articles', 'index']).optional(),
              limit: z.coerce.number().int().min(1).max(500).default(50),
              offset: z.coerce.number().int().min(0).max(100_000).default(0),
            })
            .strict(),
        },
      },
      async (request) => listDeadLetters(deps.queues, request.query),
    );

    app.post(
      '/v1/dead-letters/replay',
      {
        config: { auth: 'admin' },
        schema: {
          body: z
            .object({ ids: z.array(z.string().min(1).max(200)).min(1).max(10_000).optional() })
            .strict()
            .default({}),
        },
      },
      async (request) => ({ replayed: await replayDeadLetters(deps.queues, request.body.ids) }),
    );
  };
}
