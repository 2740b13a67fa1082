import { ID_PATTERN } from '@tidings/contracts';
import { type Archive, type Meilisearch, StoryArticle, storyArticles } from '@tidings/search';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorAnswer, HttpError } from '../errors';

/** The answer of `GET /v1/stories/:id`. */
export const Story = z
  .object({
    id: z.string(),
    size: z.number().int().describe('How many articles the story has (up to 1000 are listed).'),
    articles: z.array(StoryArticle).describe('First reporter first.'),
  })
  .meta({ id: 'Story', description: 'A story: every indexed copy of one piece of news, from any source.' });

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
        schema: {
          summary: "A story's articles, first reporter first",
          tags: ['search'],
          operationId: 'getStory',
          params: z.object({ id: z.string().regex(ID_PATTERN, 'a story id is 32 hex characters') }),
          response: { 200: Story, 404: errorAnswer('No indexed article belongs to this story.') },
        },
      },
      async (request) => {
        const articles = await storyArticles(deps.meili, deps.index, request.params.id);
        if (articles.length === 0) throw new HttpError(404, `no story ${request.params.id}`);
        return { id: request.params.id, size: articles.length, articles };
      },
    );
  };
}
