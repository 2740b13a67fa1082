import type { ArticleDocument } from '@tidings/contracts';
import type { Meilisearch } from 'meilisearch';
import { upsertArticles } from './documents';
import type { Archive } from './partitions';
import { quoteFilterValue } from './query';
import { waitForSuccess } from './tasks';

/**
 * Index articles into the archive: each into the partition of its
 * `publishedAt` (created with the full settings on first use), then delete
 * the copies of the same ids left in other partitions: an edited article
 * whose date moved to another month must not stay in the old one too.
 *
 * Strays are found with one federated search per batch (filter `id IN
 * [...]` over every partition, ids only), so the cost is one cheap query,
 * not one per partition. Written first, strays deleted after: an article is
 * never missing, at worst briefly in two partitions (search dedupes by id).
 * Resolves when every write is searchable, with the index each article was
 * written to (`homes`: what matching saved searches against the batch reads);
 * throws {@link IndexTaskError} like {@link upsertArticles}.
 */
export async function indexArticles(
  client: Meilisearch,
  archive: Archive,
  articles: ArticleDocument[],
): Promise<{ durationMs: number; strays: number; homes: Map<string, string> }> {
  const started = performance.now();
  const home = new Map<string, string>();
  const groups = new Map<string, ArticleDocument[]>();
  for (const article of articles) {
    const uid = archive.indexFor(Math.floor(Date.parse(article.publishedAt) / 1000));
    home.set(article.id, uid);
    groups.set(uid, [...(groups.get(uid) ?? []), article]);
  }
  for (const [uid, group] of groups) {
    await archive.ensure(uid);
    await upsertArticles(archive.network ? archive.clientFor(uid) : client, uid, group);
  }
  const strays = await deleteStrays(client, archive, home);
  return { durationMs: performance.now() - started, strays, homes: home };
}

/** Delete the copies of `home`'s ids found outside their home index; resolves to how many. */
async function deleteStrays(
  client: Meilisearch,
  archive: Archive,
  home: Map<string, string>,
): Promise<number> {
  const indexes = await archive.indexes();
  if (indexes.length <= 1 || home.size === 0) return 0;
  const ids = [...home.keys()];
  // A batch is one copy per id at home plus any strays: twice that is room enough.
  const filter = `id IN [${ids.map(quoteFilterValue).join(', ')}]`;
  const found = await client.multiSearch({
    federation: { limit: 2 * ids.length },
    queries: indexes.map((uid) => ({
      ...archive.queryFor(uid),
      q: '',
      filter,
      attributesToRetrieve: ['id'],
    })),
  });
  // A remote that did not answer may hold strays: not knowing is not
  // deleting, and search dedupes by id meanwhile. Its strays stay until
  // the article is written again (documented in the package README).
  const byIndex = new Map<string, string[]>();
  for (const hit of found.hits) {
    const where = hit._federation?.indexUid;
    const id = String(hit.id);
    if (!where || where === home.get(id)) continue;
    byIndex.set(where, [...(byIndex.get(where) ?? []), id]);
  }
  let deleted = 0;
  for (const [uid, strayIds] of byIndex) {
    const owner = archive.network ? archive.clientFor(uid) : client;
    await waitForSuccess(owner, (await owner.index(uid).deleteDocuments(strayIds)).taskUid, 'stray copies');
    deleted += strayIds.length;
  }
  return deleted;
}
