import type { Meilisearch } from 'meilisearch';
import type { IndexedArticle } from './documents';
import type { Archive } from './partitions';
import { applyIndexSettings } from './settings';
import { IndexTaskError, waitForSuccess } from './tasks';

// Copies, swaps and deletes of a whole index may take minutes on a large archive.
const LONG = { timeoutMs: 600_000 };

const PAGE = 1000;
/** A migration reads this many documents at a time: few, large tasks (see migrate). */
const MIGRATE_PAGE = 10_000;
/** Bound on one copy request's JSON, well under Meilisearch's 100 MB payload limit. */
const COPY_BYTES = 32 * 1024 * 1024;

export interface ReindexReport {
  /** Documents copied into rebuilt indexes. */
  documents: number;
  /** Of those, written again after the swap because the indexer changed them meanwhile. */
  caughtUp: number;
  /** Documents moved out of an index the current MEILI_PARTITIONS does not write to (a migration). */
  moved: number;
  /** Indexes rebuilt, and indexes emptied into others and deleted. */
  rebuilt: string[];
  migrated: string[];
  durationMs: number;
}

/**
 * Reindex the archive, one index at a time, each without downtime:
 *
 * - every index the current scheme writes to (the base index with
 *   MEILI_PARTITIONS=none, each month partition with `month`) is rebuilt and
 *   swapped in as {@link reindexIndex} says;
 * - every other index of the archive (the base index after switching to
 *   `month`, or the partitions after switching back to `none`) is migrated:
 *   its documents are copied to where the scheme puts them (unless the
 *   indexer already wrote a newer version there), then it is deleted. Search
 *   reads both meanwhile and shows each id once.
 *
 * One index at a time keeps the extra disk to one index's copy. Run it alone,
 * like {@link reindexIndex}.
 */
export async function reindex(
  client: Meilisearch,
  target: string | Archive,
  onProgress?: (copied: number, index: string) => void,
): Promise<ReindexReport> {
  if (typeof target !== 'string' && target.network)
    // Not built yet: a rebuild would have to run on each partition's owner.
    throw new Error('reindex over several Meilisearch instances (MEILI_REMOTES) is not supported yet');
  const started = Date.now();
  const report: ReindexReport = {
    documents: 0,
    caughtUp: 0,
    moved: 0,
    rebuilt: [],
    migrated: [],
    durationMs: 0,
  };
  if (typeof target === 'string') {
    const one = await reindexIndex(client, target, (n) => onProgress?.(n, target));
    return { ...report, ...one, rebuilt: [target], durationMs: Date.now() - started };
  }
  target.forget();
  for (const uid of await target.indexes()) {
    if (target.isInPlace(uid)) {
      const one = await reindexIndex(client, uid, (n) => onProgress?.(n, uid));
      report.documents += one.documents;
      report.caughtUp += one.caughtUp;
      report.rebuilt.push(uid);
    } else {
      report.moved += await migrate(client, target, uid, (n) => onProgress?.(n, uid));
      report.migrated.push(uid);
    }
  }
  target.forget();
  return { ...report, durationMs: Date.now() - started };
}

/**
 * Fold the partitions that left the open tier into their years' indexes
 * (MEILI_PARTITIONS=tiered; see {@link Archive.foldable}), one after the
 * other, each as a migration: copied where the scheme now puts it (unless a
 * newer version is there), then deleted. The indexer runs it every hour;
 * idempotent, so several indexers running it is harmless (one finds the
 * partition already gone). Resolves to the partitions folded.
 */
export async function foldClosedPartitions(
  client: Meilisearch,
  archive: Archive,
): Promise<Array<{ index: string; moved: number }>> {
  archive.forget();
  const folded: Array<{ index: string; moved: number }> = [];
  for (const uid of await archive.foldable()) {
    try {
      folded.push({ index: uid, moved: await migrate(client, archive, uid) });
    } catch (err) {
      // Another indexer folded it first.
      if (isIndexNotFound(err)) archive.dropped(uid);
      else throw err;
    }
  }
  return folded;
}

/**
 * Copy an index's documents to where the archive's scheme puts them, then
 * delete it (on every instance, with a network: the empty copies too).
 * Pages are large and written in requests of at most {@link COPY_BYTES}:
 * each Meilisearch task into a large index costs about the same whatever its
 * size, so folding a month into a year of articles takes a few big tasks.
 */
async function migrate(
  client: Meilisearch,
  archive: Archive,
  from: string,
  onProgress?: (copied: number) => void,
): Promise<number> {
  const source = archive.network ? archive.clientFor(from) : client;
  let moved = 0;
  for (let offset = 0; ; offset += MIGRATE_PAGE) {
    const page = await source.index(from).getDocuments<IndexedArticle>({ limit: MIGRATE_PAGE, offset });
    const groups = new Map<string, IndexedArticle[]>();
    for (const doc of page.results) {
      const uid = archive.indexFor(doc.publishedAt);
      groups.set(uid, [...(groups.get(uid) ?? []), doc]);
    }
    for (const [uid, docs] of groups) {
      if (uid === from) continue; // still in place (the scheme changed back meanwhile)
      await archive.ensure(uid);
      const target = archive.network ? archive.clientFor(uid) : client;
      const newer = await newerThanTarget(target, uid, docs);
      for (const chunk of byBytes(newer, COPY_BYTES))
        await waitForSuccess(
          target,
          (await target.index(uid).addDocuments(chunk, { primaryKey: 'id' })).taskUid,
          'migrate: copy',
          LONG,
        );
    }
    moved += page.results.length;
    onProgress?.(moved);
    if (page.results.length < MIGRATE_PAGE) break;
  }
  for (const holder of archive.network ? archive.network.all().map((r) => r.client) : [client])
    await dropIfThere(holder, from);
  archive.dropped(from);
  return moved;
}

async function dropIfThere(client: Meilisearch, uid: string): Promise<void> {
  try {
    await waitForSuccess(
      client,
      (await client.deleteIndex(uid)).taskUid,
      'migrate: delete emptied index',
      LONG,
    );
  } catch (err) {
    if (!isIndexNotFound(err)) throw err;
  }
}

const isIndexNotFound = (err: unknown) =>
  (err instanceof IndexTaskError && err.meiliCode === 'index_not_found') ||
  (err as { cause?: { code?: string } } | undefined)?.cause?.code === 'index_not_found';

/** Consecutive runs of `docs` whose JSON stays under `maxBytes` (one document alone may exceed it). */
function byBytes<T>(docs: T[], maxBytes: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let bytes = 0;
  for (const doc of docs) {
    const size = Buffer.byteLength(JSON.stringify(doc));
    if (current.length > 0 && bytes + size > maxBytes) {
      chunks.push(current);
      current = [];
      bytes = 0;
    }
    current.push(doc);
    bytes += size;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

/**
 * Rebuild one index with the current settings and swap it in, without
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
export async function reindexIndex(
  client: Meilisearch,
  indexUid: string,
  onProgress?: (copied: number) => void,
): Promise<{ documents: number; caughtUp: number; durationMs: number }> {
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
 * Retention for the archive: a month partition that ends before `cutoff`
 * is deleted whole (one cheap task, no per-document work); the partition the
 * cutoff falls in, and the base index, lose their older documents by filter.
 * Partitions after the cutoff are not touched.
 */
export async function applyRetention(
  client: Meilisearch,
  archive: Archive,
  cutoff: Date,
): Promise<{ deleted: number; dropped: string[] }> {
  const cutoffSeconds = Math.floor(cutoff.getTime() / 1000);
  const dropped: string[] = [];
  let deleted = 0;
  archive.forget();
  for (const uid of await archive.indexes()) {
    const span = archive.spanOf(uid);
    if (span && span.from >= cutoffSeconds) continue;
    if (span && span.to < cutoffSeconds) {
      // On a network the partition is on every instance: documents on its owner, an empty copy elsewhere.
      for (const holder of archive.network ? archive.network.all().map((r) => r.client) : [client])
        deleted += await dropIndex(holder, uid);
      archive.dropped(uid);
      dropped.push(uid);
    } else deleted += await deleteOlderThan(archive.network ? archive.clientFor(uid) : client, uid, cutoff);
  }
  return { deleted, dropped };
}

/** Delete an index; resolves to its documents deleted, 0 when it was not there. */
async function dropIndex(client: Meilisearch, uid: string): Promise<number> {
  try {
    const task = await waitForSuccess(
      client,
      (await client.deleteIndex(uid)).taskUid,
      'retention: drop',
      LONG,
    );
    return Number(task.details?.deletedDocuments ?? 0);
  } catch (err) {
    if (err instanceof IndexTaskError && err.meiliCode === 'index_not_found') return 0;
    throw err;
  }
}

/**
 * Retention in one index: delete every article published before `cutoff`.
 * Resolves to the number of documents deleted.
 */
export async function deleteOlderThan(client: Meilisearch, indexUid: string, cutoff: Date): Promise<number> {
  const enqueued = await client
    .index(indexUid)
    .deleteDocuments({ filter: `publishedAt < ${Math.floor(cutoff.getTime() / 1000)}` });
  const task = await waitForSuccess(client, enqueued.taskUid, 'retention', LONG);
  return Number(task.details?.deletedDocuments ?? 0);
}
