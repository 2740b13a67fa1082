import type { ArticleDocument } from '@tidings/contracts';
import type { Meilisearch } from 'meilisearch';

/**
 * How an article is stored in Meilisearch: the same fields, except that
 * `publishedAt` is a Unix timestamp in seconds, because Meilisearch filters
 * and sorts ranges on numbers only.
 */
export type IndexedArticle = Omit<ArticleDocument, 'publishedAt'> & { publishedAt: number };

export function toIndexDocument(article: ArticleDocument): IndexedArticle {
  return { ...article, publishedAt: Math.floor(Date.parse(article.publishedAt) / 1000) };
}

export function fromIndexDocument(doc: IndexedArticle): ArticleDocument {
  return { ...doc, publishedAt: new Date(doc.publishedAt * 1000).toISOString() };
}

/** A Meilisearch task that ended in failure; every document in it must be retried. */
export class IndexTaskError extends Error {
  constructor(
    message: string,
    readonly taskUid?: number,
  ) {
    super(message);
    this.name = 'IndexTaskError';
  }
}

/**
 * Upsert documents (the primary key makes it idempotent) and wait for the
 * task. Resolves only when Meilisearch has the documents searchable; throws
 * {@link IndexTaskError} when the task failed or timed out.
 */
export async function upsertArticles(client: Meilisearch, indexUid: string, articles: ArticleDocument[]): Promise<{ taskUid: number; durationMs: number }> {
  const started = performance.now();
  const task = await client
    .index(indexUid)
    .addDocuments(articles.map(toIndexDocument), { primaryKey: 'id' })
    .waitTask({ timeout: 120_000, interval: 25 });
  if (task.status !== 'succeeded') {
    throw new IndexTaskError(`Meilisearch task ${task.uid} ${task.status}: ${task.error?.message ?? 'no reason given'}`, task.uid);
  }
  return { taskUid: task.uid, durationMs: performance.now() - started };
}

/** One article by id, or undefined when the index has no such document. */
export async function getArticle(client: Meilisearch, indexUid: string, id: string): Promise<ArticleDocument | undefined> {
  try {
    return fromIndexDocument(await client.index(indexUid).getDocument<IndexedArticle>(id));
  } catch (err) {
    if ((err as { cause?: { code?: string } }).cause?.code === 'document_not_found') return undefined;
    throw err;
  }
}
