import type { Meilisearch } from 'meilisearch';
import type { IndexedArticle } from './documents';
import { applyIndexSettings } from './settings';
import { waitForSuccess } from './tasks';

// Copies, swaps and deletes of a whole index may take minutes on a large archive.
const LONG = { timeoutMs: 600_000 };

const PAGE = 1000;

export interface ReindexReport {
  documents: number;
  caughtUp: number;
  durationMs: number;
}

/**
 * Rebuild an index with the current settings and swap it in, without
 * downtime: searches keep reading the old index until Meilisearch swaps the
 * two atomically.
 *
 * 1. Create `<index>_reindex_<time>` with the current settings.
 * 2. Copy every document into it.
 * 3. Swap the two names: searches and the indexer now use the new one.
 * 4. Catch up: documents the indexer wrote into the old index while the copy
 *    ran (their `indexedAt` is recent) are copied over, unless the new index
 *    already holds a newer version of them.
 * 5. Delete the old index.
 *
 * Run it alone: a retention sweep during step 2 can shift the copy's pages.
 */
export async function reindex(
  client: Meilisearch,
  indexUid: string,
  onProgress?: (copied: number) => void,
): Promise<ReindexReport> {
  const started = Date.now();
  // Seconds, with a margin for clock differences between the indexer and us.
  const since = Math.floor(started / 1000) - 60;
  const fresh = `${indexUid}_reindex_${started}`;
  await applyIndexSettings(client, fresh);

  const documents = await copy(client, indexUid, fresh, undefined, onProgress);
  await waitForSuccess(
    client,
    (await client.swapIndexes([{ indexes: [indexUid, fresh], rename: false }])).taskUid,
    'reindex: swap',
    LONG,
  );
  // `fresh` now names the old index.
  const caughtUp = await copy(client, fresh, indexUid, `indexedAt >= ${since}`);
  await waitForSuccess(client, (await client.deleteIndex(fresh)).taskUid, 'reindex: delete old index', LONG);
  return { documents, caughtUp, durationMs: Date.now() - started };
}

/** Copy documents (all, or those matching `filter`) page by page; returns how many were written. */
async function copy(
  client: Meilisearch,
  from: string,
  to: string,
  filter?: string,
  onProgress?: (copied: number) => void,
): Promise<number> {
  let written = 0;
  for (let offset = 0; ; offset += PAGE) {
    const page = await client
      .index(from)
      .getDocuments<IndexedArticle>({ limit: PAGE, offset, ...(filter ? { filter } : {}) });
    let docs = page.results;
    if (docs.length === 0) break;
    if (filter) docs = await newerThanTarget(client, to, docs);
    if (docs.length > 0)
      await waitForSuccess(
        client,
        (await client.index(to).addDocuments(docs, { primaryKey: 'id' })).taskUid,
        'reindex: copy',
        LONG,
      );
    written += docs.length;
    onProgress?.(written);
    if (page.results.length < PAGE) break;
  }
  return written;
}

/** The documents that are newer than their copy in `target` (or missing there). */
async function newerThanTarget(
  client: Meilisearch,
  target: string,
  docs: IndexedArticle[],
): Promise<IndexedArticle[]> {
  const existing = await client.index(target).getDocuments<Pick<IndexedArticle, 'id' | 'indexedAt'>>({
    ids: docs.map((d) => d.id),
    fields: ['id', 'indexedAt'],
    limit: docs.length,
  });
  const indexedAt = new Map(existing.results.map((d) => [d.id, d.indexedAt ?? 0]));
  return docs.filter((d) => (indexedAt.get(d.id) ?? -1) < (d.indexedAt ?? 0));
}

/**
 * Retention: delete every article published before `cutoff`. Resolves to
 * the number of documents deleted.
 */
export async function deleteOlderThan(client: Meilisearch, indexUid: string, cutoff: Date): Promise<number> {
  const enqueued = await client
    .index(indexUid)
    .deleteDocuments({ filter: `publishedAt < ${Math.floor(cutoff.getTime() / 1000)}` });
  const task = await waitForSuccess(client, enqueued.taskUid, 'retention', LONG);
  return Number(task.details?.deletedDocuments ?? 0);
}
