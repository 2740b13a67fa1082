import { type Archive, type createMeiliClient, toIndexDocument, waitForSuccess } from '@tidings/search';
import { article } from './corpus';

const DAY_MS = 86_400_000;
/** Documents per Meilisearch task while preloading. */
const PRELOAD_BATCH = 5000;

/**
 * Fill the archive from `held` to `size` generated documents (`corpus.ts`),
 * spread over the year before `now`, each in the partition its layout puts
 * it, untimed; `next` numbers the articles. Returns the new count.
 */
export async function preload(
  client: ReturnType<typeof createMeiliClient>,
  archive: Archive,
  held: number,
  size: number,
  now: number,
  next: () => number,
): Promise<number> {
  const from = now - 365 * DAY_MS;
  while (held < size) {
    const count = Math.min(PRELOAD_BATCH, size - held);
    const groups = new Map<string, ReturnType<typeof toIndexDocument>[]>();
    for (let i = 0; i < count; i++) {
      const at = new Date(from + Math.floor(((held + i) / size) * 364 * DAY_MS)).toISOString();
      const doc = toIndexDocument(article(next(), at));
      const uid = archive.indexFor(doc.publishedAt);
      groups.set(uid, [...(groups.get(uid) ?? []), doc]);
    }
    for (const [uid, docs] of groups) {
      await archive.ensure(uid);
      await waitForSuccess(
        client,
        (await client.index(uid).addDocuments(docs, { primaryKey: 'id' })).taskUid,
        'preload',
        { timeoutMs: 1_800_000 },
      );
    }
    held += count;
    process.stderr.write(`${archive.scheme}: preloaded ${held}\n`);
  }
  return held;
}
