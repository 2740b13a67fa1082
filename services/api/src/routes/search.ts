import { ID_PATTERN } from '@tidings/contracts';
import {
  type Archive,
  getArticle,
  type Meilisearch,
  type SearchPool,
  SearchQuery,
  type StoryDescriber,
  searchArticles,
} from '@tidings/search';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError } from '../errors';

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
      { config: { auth: 'read' }, schema: { querystring: SearchQuery } },
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
          params: z.object({ id: z.string().regex(ID_PATTERN, 'an article id is 32 hex characters') }),
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
