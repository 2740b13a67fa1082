import {
  atomFeed,
  SavedSearch,
  SavedSearchInput,
  SavedSearchLimitError,
  SavedSearchPatch,
  type SavedSearchStore,
  SavedSearchWithSecrets,
  toPublic,
} from '@tidings/alerts';
import { SAVED_SEARCH_ID_PATTERN } from '@tidings/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorAnswer, HttpError } from '../errors';
import { textAnswer } from '../openapi';

const READ = { auth: 'read' } as const;
const IdParams = z.object({
  id: z.string().regex(SAVED_SEARCH_ID_PATTERN, 'a saved search id is ss_ and 16 hex digits'),
});
const notFound = (id: string) => new HttpError(404, `no saved search ${id}`);
const TAGS = ['saved searches'];
const NOT_FOUND = errorAnswer('No saved search has this id.');

const Saved = SavedSearch.meta({
  id: 'SavedSearch',
  description:
    'A saved search: a query and filters watched for new stories, and its webhooks (never their secrets).',
});
const SavedWithSecrets = SavedSearchWithSecrets.meta({
  id: 'SavedSearchWithSecrets',
  description:
    'A saved search as created or changed: the secrets of the webhooks this request made or rotated are shown, this once.',
});
const SavedInput = SavedSearchInput.meta({
  id: 'NewSavedSearch',
  description: "A search to save: `q` and /v1/search's filters (lists as arrays), and webhooks.",
});
const SavedPatch = SavedSearchPatch.meta({
  id: 'SavedSearchPatch',
  description: 'Fields to replace, whole; `channels` replaces the list (a URL kept keeps its id and secret).',
});

/**
 * Saved searches (`/v1/saved-searches…`), behind the read token: what an
 * analyst keeps watching. Storage and matching are `@tidings/alerts`'s; the
 * indexer matches every saved search against each batch it makes searchable.
 * Webhook secrets appear only in the answer that made (or rotated) them.
 */
export function savedSearchRoutes(deps: { store: SavedSearchStore }): FastifyPluginAsyncZod {
  const { store } = deps;
  return async (app) => {
    app.post(
      '/v1/saved-searches',
      {
        config: READ,
        schema: {
          summary: 'Save a search',
          tags: TAGS,
          operationId: 'createSavedSearch',
          body: SavedInput,
          response: {
            201: SavedWithSecrets.describe("Saved; its webhooks' secrets are shown this once."),
            409: errorAnswer('As many saved searches as SAVED_SEARCH_LIMIT allows exist already.'),
          },
        },
      },
      async (request, reply) => {
        try {
          const { search, revealed } = await store.create(request.body);
          return reply.status(201).send(toPublic(search, revealed));
        } catch (err) {
          if (err instanceof SavedSearchLimitError) throw new HttpError(409, err.message);
          throw err;
        }
      },
    );

    app.get(
      '/v1/saved-searches',
      {
        config: READ,
        schema: {
          summary: 'Every saved search',
          tags: TAGS,
          operationId: 'listSavedSearches',
          querystring: z
            .object({
              limit: z.coerce.number().int().min(1).max(1000).default(1000),
              offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
            })
            .strict(),
          response: {
            200: z.object({ savedSearches: z.array(Saved), total: z.number().int() }).meta({
              id: 'SavedSearchList',
              description: 'A page of saved searches, oldest first, and how many there are.',
            }),
          },
        },
      },
      async (request) => {
        const { savedSearches, total } = await store.list(request.query);
        return { savedSearches: savedSearches.map((s) => toPublic(s)), total };
      },
    );

    app.get(
      '/v1/saved-searches/:id',
      {
        config: READ,
        schema: {
          summary: 'A saved search',
          tags: TAGS,
          operationId: 'getSavedSearch',
          params: IdParams,
          response: { 200: Saved, 404: NOT_FOUND },
        },
      },
      async (request) => {
        const search = await store.get(request.params.id);
        if (!search || search.transient) throw notFound(request.params.id);
        return toPublic(search);
      },
    );

    app.patch(
      '/v1/saved-searches/:id',
      {
        config: READ,
        schema: {
          summary: 'Change a saved search',
          tags: TAGS,
          operationId: 'updateSavedSearch',
          params: IdParams,
          body: SavedPatch,
          response: { 200: SavedWithSecrets, 404: NOT_FOUND },
        },
      },
      async (request) => {
        const saved = await store.update(request.params.id, request.body);
        if (!saved) throw notFound(request.params.id);
        return toPublic(saved.search, saved.revealed);
      },
    );

    app.delete(
      '/v1/saved-searches/:id',
      {
        config: READ,
        schema: {
          summary: 'Delete a saved search',
          tags: TAGS,
          operationId: 'deleteSavedSearch',
          params: IdParams,
          response: { 204: z.null().describe('Deleted, with its alerts and feed.'), 404: NOT_FOUND },
        },
      },
      async (request, reply) => {
        const search = await store.get(request.params.id);
        if (!search || search.transient || !(await store.remove(request.params.id)))
          throw notFound(request.params.id);
        return reply.status(204).send(null);
      },
    );

    app.get(
      '/v1/saved-searches/:id/feed.atom',
      {
        // A feed reader sends no header: the feed's key in the URL opens it (auth.ts).
        config: { auth: 'read-or-key' },
        schema: {
          summary: "A saved search's alerts as an Atom feed",
          tags: TAGS,
          operationId: 'savedSearchFeed',
          params: IdParams,
          querystring: z
            .object({ key: z.string().max(100).optional().describe("The saved search's feedKey.") })
            .strict(),
          response: {
            200: textAnswer(
              'application/atom+xml',
              "An Atom 1.0 feed of the saved search's latest 50 alerts.",
            ),
            404: NOT_FOUND,
          },
        },
      },
      async (request, reply) => {
        const search = await store.get(request.params.id);
        if (!search || search.transient) throw notFound(request.params.id);
        const alerts = await store.alerts(search.id);
        const self = `${request.protocol}://${request.host}${request.url}`;
        return reply.type('application/atom+xml; charset=utf-8').send(atomFeed(search, alerts, self));
      },
    );
  };
}
