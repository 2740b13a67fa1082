import type { Archive, SearchPool } from '@tidings/search';
import { z } from 'zod';
import { idsFilter } from './match-queries';
import { type ArticleFacts, articleFacts, FACT_FIELDS } from './prefilter';

/** The fields facts are made of, as the index holds them; a document without them gets no facts. */
const IndexedFacts = z.object({
  id: z.string(),
  source: z.string(),
  language: z.string(),
  people: z.array(z.string()),
  places: z.array(z.string()),
  organizations: z.array(z.string()),
  publishedAt: z.number(),
  title: z.string(),
  subtitle: z.string().optional(),
  text: z.string(),
  byline: z.string().optional(),
  siteName: z.string().optional(),
});

/**
 * The facts of articles just made searchable, from their documents read back
 * from Meilisearch: a placeholder search per index, restricted to the articles'
 * ids, retrieving only what facts need, sent to the instance owning the
 * index. An article missing from the answer (deleted since, or shaped
 * otherwise) or whose index could not be read has no facts, and every search
 * is asked about it; `failures` says why an index could not be read.
 */
export async function readFacts(
  articles: ReadonlyArray<{ id: string; index: string }>,
  archive: Archive,
  pool: (owner: string | undefined) => SearchPool,
): Promise<{ facts: Map<string, ArticleFacts>; failures: Error[] }> {
  const byIndex = new Map<string, string[]>();
  for (const { id, index } of articles) {
    const ids = byIndex.get(index);
    if (ids) ids.push(id);
    else byIndex.set(index, [id]);
  }
  const facts = new Map<string, ArticleFacts>();
  const settled = await Promise.allSettled(
    [...byIndex].map(async ([index, ids]) => {
      const { hits } = await pool(archive.ownerOf(index)).search(index, '', {
        filter: [idsFilter(ids)],
        limit: ids.length,
        attributesToRetrieve: ['id', ...FACT_FIELDS],
      });
      for (const hit of hits) {
        const doc = IndexedFacts.safeParse(hit);
        if (doc.success) facts.set(doc.data.id, articleFacts(doc.data));
      }
    }),
  );
  const failures = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as Error] : []));
  return { facts, failures };
}
