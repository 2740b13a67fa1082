import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { QueueName } from '@tidings/contracts';
import type { Queues } from '@tidings/queue';
import type { FastifyPluginAsync } from 'fastify';
import { requireAdminInBrowser } from '../auth';

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * Bull Board's page loads its fonts from Google. Stripped: the board must work
 * on a network without internet, and an admin page should not tell a third
 * party who opens it. The system font stack takes over.
 */
// redos-safe: it reads only Bull Board's own index page (a few KB from node_modules), never untrusted input
const REMOTE_FONTS = /<link[^>]+href="https:\/\/fonts\.(googleapis|gstatic)\.com[^>]*>/g;

/**
 * Bull Board at /admin/queues: browse, retry and remove jobs of every queue.
 * It can change queues, so it is behind the admin token, page and API alike.
 */
export function queueBoardRoutes(deps: {
  queues: Queues;
  names: QueueName[];
  adminToken?: string;
}): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', requireAdminInBrowser(deps.adminToken));
    app.addHook('onSend', async (_request, reply, payload) =>
      typeof payload === 'string' && String(reply.getHeader('content-type')).startsWith('text/html')
        ? payload.replace(REMOTE_FONTS, '')
        : payload,
    );
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
