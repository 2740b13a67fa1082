import { PassThrough } from 'node:stream';
import {
  type AlertSubscriber,
  type DeliveryMetrics,
  endOfBound,
  FilterQueryParams,
  type SavedSearchStore,
  type StoredSavedSearch,
} from '@tidings/alerts';
import { type Alert, SAVED_SEARCH_ID_PATTERN } from '@tidings/contracts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorAnswer, HttpError } from '../errors';
import { streamAnswer } from '../openapi';

/** Bytes a stream may have waiting for a client that does not read before it is closed. */
const MAX_BUFFERED_BYTES = 256 * 1024;

const FILTER_NAMES = ['source', 'language', 'person', 'place', 'org', 'from', 'to'] as const;

const StreamQuery = z
  .object({
    savedSearch: z
      .string()
      .regex(SAVED_SEARCH_ID_PATTERN, 'a saved search id is ss_ and 16 hex digits')
      .optional(),
    /** The saved search's feed key, for clients that cannot send a header (EventSource). */
    key: z.string().max(100).optional(),
    ...FilterQueryParams,
  })
  .strict()
  .refine((q) => !q.savedSearch || (q.q === '' && FILTER_NAMES.every((f) => q[f] === undefined)), {
    message: 'give savedSearch, or q and filters, not both',
    path: ['savedSearch'],
  })
  .refine((q) => !q.key || q.savedSearch, {
    message: 'key opens a saved search: give savedSearch',
    path: ['key'],
  })
  .refine((q) => !(q.from && q.to) || Date.parse(q.from) <= endOfBound(q.to), {
    message: 'from must not be after to',
    path: ['from'],
  });

/**
 * `GET /v1/stream`: server-sent events, one `article` event per story
 * matching a saved search (`?savedSearch=<id>`) or an ad-hoc query
 * (`?q=&source=…`, `/v1/search`'s filters), as the indexer makes the alerts.
 *
 * An ad-hoc stream registers a transient search for as long as it is
 * connected (refreshed every third of `streamTtlMs`, removed on disconnect,
 * expiring on its own if this process dies): the indexer matches it like a
 * saved one, so both kinds answer exactly what a search would. Events come
 * through Redis pub/sub from whichever indexer matched. `Last-Event-ID`
 * (a saved search's) replays the alerts made since, from its log of 50.
 * A comment every `heartbeatMs` keeps proxies from closing an idle stream;
 * a client that stops reading is cut off; at most `maxStreams` at once.
 */
export function streamRoutes(deps: {
  store: SavedSearchStore;
  subscriber: AlertSubscriber;
  metrics: DeliveryMetrics;
  maxStreams: number;
  heartbeatMs?: number;
  streamTtlMs?: number;
}): FastifyPluginAsyncZod {
  const heartbeatMs = deps.heartbeatMs ?? 15_000;
  const ttlMs = deps.streamTtlMs ?? 60_000;
  /** How to close each open stream: the count, and what the API's shutdown ends. */
  const open = new Set<() => void>();

  return async (app) => {
    // Open streams would keep the server from closing: end them first.
    app.addHook('preClose', async () => {
      for (const close of [...open]) close();
    });

    app.get(
      '/v1/stream',
      {
        config: { auth: 'read-or-key' },
        schema: {
          summary: 'Live alerts as server-sent events',
          tags: ['saved searches'],
          operationId: 'stream',
          querystring: StreamQuery,
          response: {
            // A stream, not a JSON value: described, never serialized.
            200: streamAnswer(
              'text/event-stream',
              'Server-sent events: `event: ready` once subscribed, then `event: article` per matching story, its data an Alert as JSON; a `: heartbeat` comment every 15 s.',
            ),
            404: errorAnswer('No saved search has this id.'),
            503: errorAnswer('STREAM_MAX_CONNECTIONS streams are open already; retry later.'),
          },
        },
      },
      async (request, reply) => {
        if (open.size >= deps.maxStreams)
          throw new HttpError(
            503,
            `${deps.maxStreams} streams are open (STREAM_MAX_CONNECTIONS); retry later`,
          );
        const query = request.query;
        let search: StoredSavedSearch;
        if (query.savedSearch) {
          const found = await deps.store.get(query.savedSearch);
          if (!found || found.transient) throw new HttpError(404, `no saved search ${query.savedSearch}`);
          search = found;
        } else {
          const { q, source, language, person, place, org, from, to } = query;
          search = await deps.store.createTransient(
            { q, filters: { source, language, person, place, org, from, to } },
            ttlMs,
          );
        }

        const stream = new PassThrough();
        const timers: NodeJS.Timeout[] = [];
        let unsubscribe: (() => Promise<void>) | undefined;
        let closed = false;
        const close = () => {
          if (closed) return;
          closed = true;
          open.delete(close);
          for (const timer of timers) clearInterval(timer);
          void unsubscribe?.();
          if (search.transient)
            deps.store
              .remove(search.id)
              .catch((err: Error) =>
                request.log.warn(
                  { err: err.message, saved_search_id: search.id },
                  'stream search not removed',
                ),
              );
          stream.end();
        };
        open.add(close);
        reply.raw.on('close', close);
        const write = (chunk: string): boolean => {
          if (closed) return false;
          if (stream.writableLength > MAX_BUFFERED_BYTES) {
            deps.metrics.failed.inc({ channel: 'sse' });
            close();
            return false;
          }
          stream.write(chunk);
          return true;
        };
        // Ids replayed from the log, and those that arrived live while it was read: an alert
        // in both goes out once. Bounded: only the replay's window is tracked.
        const lastEventId = request.headers['last-event-id'];
        const replaying = typeof lastEventId === 'string' && !search.transient;
        const sent = new Set<string>();
        let tracking = replaying;
        const event = (alert: Alert) => `id: ${alert.id}\nevent: article\ndata: ${JSON.stringify(alert)}\n\n`;
        const live = (alert: Alert) => {
          if (sent.has(alert.id)) return;
          if (tracking) sent.add(alert.id);
          if (!write(event(alert))) return;
          deps.metrics.delivered.inc({ channel: 'sse' });
          deps.metrics.delay.observe(
            { channel: 'sse' },
            Math.max(0, Date.now() - Date.parse(alert.searchableAt)) / 1000,
          );
        };
        try {
          unsubscribe = await deps.subscriber.subscribe(search.id, live);
        } catch (err) {
          close();
          throw err;
        }
        if (closed) void unsubscribe();
        write(`retry: 5000\nevent: ready\ndata: ${JSON.stringify({ savedSearch: search.id })}\n\n`);

        if (replaying) {
          const log = await deps.store.alerts(search.id);
          const at = log.findIndex((a) => a.id === lastEventId);
          // An id no longer in the log (or never): everything the log has.
          for (const alert of (at === -1 ? log : log.slice(0, at)).reverse()) {
            if (sent.has(alert.id)) continue;
            sent.add(alert.id);
            write(event(alert));
          }
          tracking = false;
        }
        // The client may have gone during the awaits above: then nothing is left to keep alive.
        if (!closed) timers.push(setInterval(() => write(': heartbeat\n\n'), heartbeatMs));
        if (search.transient && !closed) {
          const id = search.id;
          timers.push(
            setInterval(() => {
              deps.store
                .refreshTransient(id, ttlMs)
                .catch((err: Error) => request.log.warn({ err: err.message }, 'stream search not refreshed'));
            }, ttlMs / 3),
          );
        }
        return (
          reply
            .header('content-type', 'text/event-stream; charset=utf-8')
            .header('cache-control', 'no-cache, no-transform')
            // nginx would otherwise buffer the stream (docs/operations.md#exposing-the-api).
            .header('x-accel-buffering', 'no')
            .send(stream)
        );
      },
    );
  };
}
