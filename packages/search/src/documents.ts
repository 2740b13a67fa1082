import type { ArticleDocument } from '@tidings/contracts';
import type { Meilisearch } from 'meilisearch';
import type { Archive } from './partitions';
import { quoteFilterValue } from './query';
import { waitForSuccess } from './tasks';

/**
 * How an article is stored in Meilisearch: the same fields, except that
 * `publishedAt` is a Unix timestamp in seconds, because Meilisearch filters
 * and sorts ranges on numbers only; plus `publishedDay` (UTC `YYYY-MM-DD`,
 * the per-day histogram facet) and `indexedAt` (seconds; lets a reindex
 * catch up with what arrived while it copied).
 */
export type IndexedArticle = Omit<ArticleDocument, 'publishedAt'> & {
  publishedAt: number;
  publishedDay: string;
  indexedAt: number;
};

export function toIndexDocument(article: ArticleDocument, now = Date.now()): IndexedArticle {
  return {
    ...article,
    publishedAt: Math.floor(Date.parse(article.publishedAt) / 1000),
    publishedDay: new Date(article.publishedAt).toISOString().slice(0, 10),
    indexedAt: Math.floor(now / 1000),
  };
}

export function fromIndexDocument(doc: IndexedArticle): ArticleDocument {
  const { publishedDay: _day, indexedAt: _indexed, ...rest } = doc;
  return {
    ...rest,
    publishedAt: new Date(doc.publishedAt * 1000).toISOString(),
    people: doc.people ?? [],
    places: doc.places ?? [],
    organizations: doc.organizations ?? [],
  };
}

/**
 * Upsert documents (the primary key makes it idempotent) and wait for the
 * task. Resolves only when Meilisearch has the documents searchable; throws
 * {@link IndexTaskError} when the task failed or timed out.
 */
export async function upsertArticles(
  client: Meilisearch,
  indexUid: string,
  articles: ArticleDocument[],
): Promise<{ taskUid: number; durationMs: number }> {
  const started = performance.now();
  const enqueued = await client.index(indexUid).addDocuments(
    articles.map((a) => toIndexDocument(a)),
    { primaryKey: 'id' },
  );
  const task = await waitForSuccess(client, enqueued.taskUid, 'indexing', { timeoutMs: 120_000 });
  return { taskUid: task.uid, durationMs: performance.now() - started };
}

/**
 * One article by id, or undefined when the archive has no such document.
 * In an {@link Archive} it may be in any partition (its month is not known
 * from its id): one federated search filtering on the id finds it.
 */
export async function getArticle(
  client: Meilisearch,
  target: string | Archive,
  id: string,
): Promise<ArticleDocument | undefined> {
  if (typeof target !== 'string') {
    const archive = target;
    const indexes = await target.indexes();
    if (indexes.length === 0) return undefined;
    if (indexes.length > 1 || target.network) {
      const res = await client.multiSearch({
        federation: { limit: 1 },
        queries: indexes.map((uid) => ({
          ...archive.queryFor(uid),
          q: '',
          filter: `id = ${quoteFilterValue(id)}`,
        })),
      });
      const hit = res.hits[0] as (IndexedArticle & { _federation?: unknown }) | undefined;
      if (!hit) return undefined;
      const { _federation: _where, ...doc } = hit;
      return fromIndexDocument(doc);
    }
    target = indexes[0]!;
  }
  const indexUid = target;
  try {
    return fromIndexDocument(await client.index(indexUid).getDocument<IndexedArticle>(id));
  } catch (err) {
    if ((err as { cause?: { code?: string } }).cause?.code === 'document_not_found') return undefined;
    throw err;
  }
}
