import { ID_PATTERN } from '@tidings/contracts';
import { type Archive, type Meilisearch, storyArticles } from '@tidings/search';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HttpError } from '../errors';

/**
 * `GET /v1/stories/:id`: every indexed copy of a story, first reporter first,
 * behind the read token (titles and URLs are articles too).
 * Read from the index, not from the story index in Redis, so the listing
 * shows exactly what search can return, and outlives the clustering window.
 */
export function storyRoutes(deps: { meili: Meilisearch; index: string | Archive }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/v1/stories/:id',
      {
        config: { auth: 'read' },
        schema: { params: z.object({ id: z.string().regex(ID_PATTERN, 'a story id is 32 hex characters') }) },
      },
      async (request) => {
        const articles = await storyArticles(deps.meili, deps.index, request.params.id);
        if (articles.length === 0) throw new HttpError(404, `no story ${request.params.id}`);
        return { id: request.params.id, size: articles.length, articles };
      },
    );
  };
}
