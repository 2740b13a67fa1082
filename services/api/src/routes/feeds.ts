import { FeedInput, feedIdFor } from '@tidings/contracts';
import type { FeedRegistry } from '@tidings/feed-state';
import {
  canonicalUrl,
  FeedListError,
  type FeedPool,
  type FeedSource,
  FeedTimeoutError,
  toOpml,
} from '@tidings/feeds';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError } from '../errors';

const ADMIN = { auth: 'admin' } as const;
const IdParams = z.object({ id: z.string().regex(/^[0-9a-f]{32}$/, 'a feed id is 32 hex characters') });

/** Feed administration: `/v1/feeds…`, behind the admin token. */
export function feedRoutes(deps: {
  registry: FeedRegistry;
  /** OPML imports parse here, off the event loop and with a deadline: a hostile upload cannot stall the API. */
  opmlParser: FeedPool;
  defaultIntervalSeconds: number;
}): FastifyPluginAsyncZod {
  const { registry } = deps;
  const register = (input: FeedInput) => {
    const url = canonicalUrl(input.url);
    return registry.register({
      id: feedIdFor(url),
      url,
      title: input.title,
      tags: input.tags,
      intervalSeconds: input.intervalSeconds,
      defaultIntervalSeconds: deps.defaultIntervalSeconds,
    });
  };

  return async (app) => {
    app.addContentTypeParser(
      ['application/xml', 'text/xml', 'text/x-opml', 'application/x-opml+xml'],
      { parseAs: 'string' },
      (_req, body, done) => done(null, body),
    );

    app.post('/v1/feeds', { config: ADMIN, schema: { body: FeedInput } }, async (request, reply) => {
      const { feed, created } = await register(request.body);
      return reply.status(created ? 201 : 200).send(feed);
    });

    app.get('/v1/feeds', { config: ADMIN }, async () => ({ feeds: await registry.list() }));

    // Registered before /v1/feeds/:id so "export" is not read as an id.
    app.get('/v1/feeds/export', { config: ADMIN }, async (_request, reply) => {
      const feeds = await registry.list();
      return reply.type('text/x-opml; charset=utf-8').send(toOpml(feeds, 'Tidings feeds'));
    });

    app.post('/v1/feeds/import', { config: ADMIN }, async (request) => {
      if (typeof request.body !== 'string' || request.body.trim() === '')
        throw new HttpError(400, 'send an OPML document with Content-Type text/xml', 'body');
      let sources: FeedSource[];
      try {
        sources = await deps.opmlParser.parseOpml(request.body);
      } catch (err) {
        // The document is well-formed enough to try but too costly to read; sending it again would not help.
        if (err instanceof FeedTimeoutError)
          throw new HttpError(422, `${err.message}; import it in smaller parts`, 'body');
        if (err instanceof FeedListError)
          throw new HttpError(400, `not a readable OPML document: ${err.message}`, 'body');
        throw err;
      }
      let added = 0;
      let skipped = 0;
      // Bad entries are reported one by one; the good ones are imported regardless.
      const invalid: Array<{ url: string; reason: string }> = [];
      for (const source of sources) {
        const input = FeedInput.safeParse({
          url: source.url,
          title: source.title,
          intervalSeconds: source.intervalSeconds,
          tags: source.categories,
        });
        if (!input.success) {
          invalid.push({
            url: source.url,
            reason: input.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
          });
          continue;
        }
        const { created } = await register(input.data);
        if (created) added++;
        else skipped++;
      }
      return { added, skipped, invalid };
    });

    app.get('/v1/feeds/:id', { config: ADMIN, schema: { params: IdParams } }, async (request) => {
      const feed = await registry.get(request.params.id);
      if (!feed) throw new HttpError(404, `no feed ${request.params.id}`);
      return feed;
    });

    app.delete('/v1/feeds/:id', { config: ADMIN, schema: { params: IdParams } }, async (request, reply) => {
      if (!(await registry.remove(request.params.id)))
        throw new HttpError(404, `no feed ${request.params.id}`);
      return reply.status(204).send();
    });

    app.post('/v1/feeds/:id/resume', { config: ADMIN, schema: { params: IdParams } }, async (request) => {
      const feed = await registry.resume(request.params.id);
      if (!feed) throw new HttpError(404, `no feed ${request.params.id}`);
      return feed;
    });

    app.post(
      '/v1/feeds/:id/poll',
      { config: ADMIN, schema: { params: IdParams } },
      async (request, reply) => {
        if (!(await registry.get(request.params.id)))
          throw new HttpError(404, `no feed ${request.params.id}`);
        await registry.pollNow(request.params.id);
        return reply.status(202).send({ status: 'queued' });
      },
    );
  };
}
