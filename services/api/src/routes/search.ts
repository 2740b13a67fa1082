import { ArticleDocument, ID_PATTERN } from '@tidings/contracts';
import {
  type Archive,
  getArticle,
  type Meilisearch,
  type SearchPool,
  SearchQuery,
  SearchResult,
  type StoryDescriber,
  searchArticles,
} from '@tidings/search';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorAnswer, HttpError } from '../errors';

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
            'Full-text search with filters (comma-separated values; several people, places or organisations must all ' +
            'be mentioned), facets, sort and pagination. By default one hit per story, with its size and other sources. ' +
            'An empty `q` browses.',
          tags: ['search'],
          operationId: 'search',
          querystring: SearchQuery,
          response: { 200: SearchResult },
        },
      },
      async (request) =>
        searchArticles(deps.searchPool, deps.index, request.query, deps.describeStories, (err) =>
          request.log.warn(
            { err },
            'story index unavailable: search answered without story sizes and sources',
          ),
        ),
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
