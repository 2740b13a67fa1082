import {
  DeadLetterPage,
  DeadLetterQueue,
  listDeadLetters,
  type Queues,
  replayDeadLetters,
} from '@tidings/queue';
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
          summary: 'Jobs that failed for good, newest first',
          tags: ['dead letters'],
          operationId: 'listDeadLetters',
          querystring: z
            .object({
              queue: DeadLetterQueue.optional(),
              limit: z.coerce.number().int().min(1).max(500).default(50),
              offset: z.coerce.number().int().min(0).max(100_000).default(0),
            })
            .strict(),
          response: { 200: DeadLetterPage },
        },
      },
      async (request) => listDeadLetters(deps.queues, request.query),
    );

    app.post(
      '/v1/dead-letters/replay',
      {
        config: { auth: 'admin' },
        schema: {
          summary: 'Queue dead letters again',
          description: 'The given job ids, or without `ids` every dead letter. Their attempts start over.',
          tags: ['dead letters'],
          operationId: 'replayDeadLetters',
          body: z
            .object({ ids: z.array(z.string().min(1).max(200)).min(1).max(10_000).optional() })
            .strict()
            .default({}),
          response: {
            200: z
              .object({ replayed: z.number().int().describe('How many dead letters were queued again.') })
              .meta({ id: 'Replayed', description: 'How many dead letters went back to their queues.' }),
          },
        },
      },
      async (request) => ({ replayed: await replayDeadLetters(deps.queues, request.body.ids) }),
    );
  };
}
