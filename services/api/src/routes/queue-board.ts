import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { QueueName } from '@tidings/contracts';
import type { Queues } from '@tidings/queue';
import type { FastifyPluginAsync } from 'fastify';
import { requireAdminInBrowser } from '../auth';

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * Bull Board at /admin/queues: browse, retry and remove jobs of every queue.
 * It can change queues, so it is behind the admin token, page and API alike.
 */
export function queueBoardRoutes(deps: { queues: Queues; names: QueueName[]; adminToken?: string }): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', requireAdminInBrowser(deps.adminToken));
    const serverAdapter = new FastifyAdapter();
    serverAdapter.setBasePath(QUEUE_BOARD_PATH);
    createBullBoard({
      queues: deps.names.map((name) => new BullMQAdapter(deps.queues.queue(name))),
      serverAdapter,
      options: { uiConfig: { boardTitle: 'Tidings queues' } },
    });
    await app.register(serverAdapter.registerPlugin(), { prefix: QUEUE_BOARD_PATH });
  };
}
