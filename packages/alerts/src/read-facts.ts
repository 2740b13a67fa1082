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
 * from Meilisearch: one multi-search per instance, a placeholder query per
 * index restricted to the articles' ids, retrieving only what facts need. An
 * article missing from the answer (deleted since, or shaped otherwise) has
 * no facts, and every search is asked about it. Rejects when a request fails.
 */
export async function readFacts(
  articles: ReadonlyArray<{ id: string; index: string }>,
  archive: Archive,
  pool: (owner: string | undefined) => SearchPool,
): Promise<Map<string, ArticleFacts>> {
  const byOwner = new Map<string | undefined, Map<string, string[]>>();
  for (const { id, index } of articles) {
    const owner = archive.ownerOf(index);
    const indexes = byOwner.get(owner) ?? new Map<string, string[]>();
    byOwner.set(owner, indexes);
    const ids = indexes.get(index);
    if (ids) ids.push(id);
    else indexes.set(index, [id]);
  }
  const facts = new Map<string, ArticleFacts>();
  await Promise.all(
    [...byOwner].map(async ([owner, indexes]) => {
      const queries = [...indexes].map(([index, ids]) => ({
        indexUid: index,
        q: '',
        filter: [idsFilter(ids)],
        limit: ids.length,
        attributesToRetrieve: ['id', ...FACT_FIELDS],
      }));
      const { results } = await pool(owner).multiSearch(JSON.stringify({ queries }));
      for (const result of results)
        for (const hit of result.hits) {
          const doc = IndexedFacts.safeParse(hit);
          if (doc.success) facts.set(doc.data.id, articleFacts(doc.data));
        }
    }),
  );
  return facts;
}
