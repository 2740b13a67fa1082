import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import type { QueueName } from '@tidings/contracts';
import type { Queues } from '@tidings/queue';
import type { FastifyPluginAsync } from 'fastify';

export const QUEUE_BOARD_PATH = '/admin/queues';

/**
 * Bull Board's page loads its fonts from Google. Stripped: the board must work
 * on a network without internet, and an admin page should not tell a third
 * party who opens it. The system font stack takes over.
 */
// redos-safe: it reads only Bull Board's own index page (a few KB from node_modules), never untrusted input
const REMOTE_FONTS = /<link[^>]+href="https:\/\/fonts\.(googleapis|gstatic)\.com[^>]*>/g;

/**
 * The board's scripts are its own files, but its markup and React components
 * style elements inline, so styles need 'unsafe-inline' (styles cannot run
 * code); scripts stay 'self' only. Its UI config is an inline JSON block,
 * which is data, not a script. Checked in headless Chromium (pages.test.ts).
 */
export const QUEUE_BOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'self'",
  "form-action 'self'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Bull Board at /admin/queues: browse, retry and remove jobs of every queue.
 * It can change queues, so every route of it, page and API alike, is behind
 * the admin token as a browser page (`admin-page`).
 */
export function queueBoardRoutes(deps: { queues: Queues; names: QueueName[] }): FastifyPluginAsync {
  return async (app) => {
    // Bull Board adds its routes itself; they are declared here, as they are added: pages, not the API.
    app.addHook('onRoute', (route) => {
      route.config = { ...route.config, auth: 'admin-page' };
      route.schema = { ...route.schema, hide: true };
    });
    app.addHook('onRequest', async (_request, reply) => {
      reply.header('content-security-policy', QUEUE_BOARD_CSP);
    });
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
