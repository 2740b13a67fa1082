import { Feed, FeedInput, feedIdFor } from '@tidings/contracts';
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
import { errorAnswer, HttpError } from '../errors';
import { textAnswer, textBody } from '../openapi';

const ADMIN = { auth: 'admin' } as const;
const IdParams = z.object({ id: z.string().regex(/^[0-9a-f]{32}$/, 'a feed id is 32 hex characters') });
const TAGS = ['feeds'];
const NO_FEED = errorAnswer('No feed has this id.');
/** The media types an OPML import may be sent as. */
const OPML_TYPES = ['text/xml', 'application/xml', 'text/x-opml', 'application/x-opml+xml'];
const SEND_OPML = 'send an OPML document with Content-Type text/xml';

/** The answer of an OPML import. */
export const FeedImport = z
  .object({
    added: z.number().int(),
    skipped: z.number().int().describe('Feeds that were registered already.'),
    invalid: z
      .array(z.object({ url: z.string(), reason: z.string() }))
      .describe(
        'Entries that are not feeds Tidings can poll, each with the reason; the others were imported.',
      ),
  })
  .meta({ id: 'FeedImport', description: 'What an OPML import added, skipped and could not read.' });

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
    app.addContentTypeParser(OPML_TYPES, { parseAs: 'string' }, (_req, body, done) => done(null, body));

    app.post(
      '/v1/feeds',
      {
        config: ADMIN,
        schema: {
          summary: 'Add a feed',
          tags: TAGS,
          operationId: 'addFeed',
          body: FeedInput,
          response: {
            201: Feed.describe('Added.'),
            200: Feed.describe('It was there already: the feed as it is.'),
          },
        },
      },
      async (request, reply) => {
        const { feed, created } = await register(request.body);
        return reply.status(created ? 201 : 200).send(feed);
      },
    );

    app.get(
      '/v1/feeds',
      {
        config: ADMIN,
        schema: {
          summary: 'Every feed, with its health',
          tags: TAGS,
          operationId: 'listFeeds',
          response: {
            200: z
              .object({ feeds: z.array(Feed) })
              .meta({ id: 'FeedList', description: 'Every feed, with its health.' }),
          },
        },
      },
      async () => ({ feeds: await registry.list() }),
    );

    // Registered before /v1/feeds/:id so "export" is not read as an id.
    app.get(
      '/v1/feeds/export',
      {
        config: ADMIN,
        schema: {
          summary: 'Every feed, as OPML',
          tags: TAGS,
          operationId: 'exportFeeds',
          response: { 200: textAnswer('text/x-opml', 'An OPML 2.0 document; tags become folders.') },
        },
      },
      async (_request, reply) => {
        const feeds = await registry.list();
        return reply.type('text/x-opml; charset=utf-8').send(toOpml(feeds, 'Tidings feeds'));
      },
    );

    app.post(
      '/v1/feeds/import',
      {
        config: ADMIN,
        schema: {
          summary: 'Add the feeds of an OPML document',
          description:
            'Folders become tags. The document is parsed in a worker thread with a deadline (FEED_PARSE_TIMEOUT_MS).',
          tags: TAGS,
          operationId: 'importFeeds',
          body: textBody(OPML_TYPES, 'An OPML document.', SEND_OPML),
          response: {
            200: FeedImport,
            422: errorAnswer('The document took too long to parse: import it in smaller parts.'),
          },
        },
      },
      async (request) => {
        if (request.body.trim() === '') throw new HttpError(400, SEND_OPML, 'body');
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
      },
    );

    app.get(
      '/v1/feeds/:id',
      {
        config: ADMIN,
        schema: {
          summary: 'One feed, with its health',
          tags: TAGS,
          operationId: 'getFeed',
          params: IdParams,
          response: { 200: Feed, 404: NO_FEED },
        },
      },
      async (request) => {
        const feed = await registry.get(request.params.id);
        if (!feed) throw new HttpError(404, `no feed ${request.params.id}`);
        return feed;
      },
    );

    app.delete(
      '/v1/feeds/:id',
      {
        config: ADMIN,
        schema: {
          summary: 'Remove a feed',
          tags: TAGS,
          operationId: 'removeFeed',
          params: IdParams,
          response: { 204: z.null().describe('Removed; its articles stay searchable.'), 404: NO_FEED },
        },
      },
      async (request, reply) => {
        if (!(await registry.remove(request.params.id)))
          throw new HttpError(404, `no feed ${request.params.id}`);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/v1/feeds/:id/resume',
      {
        config: ADMIN,
        schema: {
          summary: 'Resume a feed paused after failing too long',
          tags: TAGS,
          operationId: 'resumeFeed',
          params: IdParams,
          response: { 200: Feed, 404: NO_FEED },
        },
      },
      async (request) => {
        const feed = await registry.resume(request.params.id);
        if (!feed) throw new HttpError(404, `no feed ${request.params.id}`);
        return feed;
      },
    );

    app.post(
      '/v1/feeds/:id/poll',
      {
        config: ADMIN,
        schema: {
          summary: 'Poll a feed now',
          tags: TAGS,
          operationId: 'pollFeed',
          params: IdParams,
          response: {
            202: z.object({ status: z.literal('queued') }).describe('Queued: the poll runs in a moment.'),
            404: NO_FEED,
          },
        },
      },
      async (request, reply) => {
        if (!(await registry.get(request.params.id)))
          throw new HttpError(404, `no feed ${request.params.id}`);
        await registry.pollNow(request.params.id);
        return reply.status(202).send({ status: 'queued' as const });
      },
    );
  };
}
