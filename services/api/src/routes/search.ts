import { ArticleDocument, ID_PATTERN } from '@tidings/contracts';
import {
  type Archive,
  getArticle,
  type Meilisearch,
  type SearchPool,
  SearchQuery,
  SearchResult,
  type SearchTimings,
  type StoryDescriber,
  searchArticles,
} from '@tidings/search';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorAnswer, HttpError } from '../errors';

/**
 * Where a search's time went, as a `Server-Timing` header (browsers show it
 * beside the request; `pnpm bench:web` reads it): each step in milliseconds,
 * and Meilisearch's own `processingTimeMs` for the search.
 */
export function serverTiming(timings: SearchTimings, meiliMs: number): string {
  const steps = Object.entries(timings).map(([step, ms]) => `${step};dur=${ms.toFixed(1)}`);
  return [...steps, `meili;dur=${meiliMs}`].join(', ');
}

/** The analyst's side: `/v1/search` and `/v1/articles/:id`, behind the read token. */
export function searchRoutes(deps: {
  meili: Meilisearch;
  searchPool: SearchPool;
  /** One index by name, or the month-partitioned archive. */
  index: string | Archive;
  describeStories?: StoryDescriber;
}): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/v1/search',
      {
        config: { auth: 'read' },
        schema: {
          summary: 'Search articles',
          description:
            'Full-text search with filters (comma-separated values, a value holding a comma in double quotes as in CSV; ' +
            'several people, places or organisations must all ' +
            'be mentioned), facets, sort and pagination. By default one hit per story, with its size and other sources. ' +
            'An empty `q` browses.',
          tags: ['search'],
          operationId: 'search',
          querystring: SearchQuery,
          response: { 200: SearchResult },
        },
      },
      async (request, reply) => {
        const timings: SearchTimings = {};
        try {
          const result = await searchArticles(deps.searchPool, deps.index, request.query, {
            describeStories: deps.describeStories,
            onStoryError: (err) =>
              request.log.warn(
                { err },
                'story index unavailable: search answered without story sizes and sources',
              ),
            // Aborted when the client goes: the web app drops the search of every word the analyst
            // typed on from, and the snippets and story details of a search nobody waits for are
            // then never asked for, leaving Meilisearch to the search that replaced it.
            signal: request.signal,
            timings,
          });
          reply.header('server-timing', serverTiming(timings, result.processingTimeMs));
          return result;
        } catch (err) {
          // The client has gone: there is no one to answer (nor an error to log).
          if (request.signal.aborted) return reply.hijack();
          throw err;
        }
      },
    );

    app.get(
      '/v1/articles/:id',
      {
        config: { auth: 'read' },
        schema: {
          summary: 'One article, in full',
          tags: ['search'],
          operationId: 'getArticle',
          params: z.object({ id: z.string().regex(ID_PATTERN, 'an article id is 32 hex characters') }),
          response: { 200: ArticleDocument, 404: errorAnswer('No article has this id.') },
        },
      },
      async (request) => {
        const article = await getArticle(deps.meili, deps.index, request.params.id);
        if (!article) throw new HttpError(404, `no article ${request.params.id}`);
        return article;
      },
    );
  };
}
