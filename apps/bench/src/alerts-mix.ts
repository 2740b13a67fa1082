/**
 * The saved searches of bench:alerts, drawn from a newsroom's warm-up articles.
 */
import { SavedSearchInput } from '@tidings/alerts';
import { createRandom } from '@tidings/testing';

/** A warm-up article as the saved searches are drawn from it. */
export interface Sample {
  text: string;
  source: string;
  language: string;
}

/**
 * Saved searches an analyst might keep, drawn from the warm-up articles'
 * own words, each within the outlet it was seen at: a person's full name as
 * a phrase (most of a watch list), a name, place or company as a quoted
 * word, one misspelt and unquoted (typo tolerance), a Korean phrase. Terms
 * are picked among the rarer ones (names in at most 1 % of the warm-up
 * articles, words 0.5 %, Korean phrases 0.25 %), so that 1,000 searches
 * make about 0.75 alerts per article (measured with the real matcher over
 * 400 later newsroom articles: 15 alerts a second at 20 articles/s), not
 * several per article. Seeded: the same every run.
 */
export function savedSearches(samples: Sample[], count: number, webhook: string): SavedSearchInput[] {
  const random = createRandom(18);
  const termsOf = (text: string) => ({
    names: [...new Set(text.match(/\b[A-Z][a-z]+ [A-Z][a-z]+\b/g) ?? [])],
    words: [...new Set(text.match(/\b[A-Z][a-z]{4,}\b/g) ?? [])],
    hangul: [...new Set(text.match(/[\uAC00-\uD7A3]{2,} [\uAC00-\uD7A3]{2,}/g) ?? [])],
  });
  const terms = samples.map((sample) => termsOf(sample.text));
  const df = new Map<string, number>();
  for (const t of terms)
    for (const term of [...t.names, ...t.words, ...t.hangul]) df.set(term, (df.get(term) ?? 0) + 1);
  const share = (term: string) => (df.get(term) ?? 0) / samples.length;
  const typo = (word: string) => {
    const at = 1 + Math.floor(random.next() * (word.length - 2));
    return word.slice(0, at) + (word[at] === 'e' ? 'a' : 'e') + word.slice(at + 1);
  };
  const out: SavedSearchInput[] = [];
  for (let tries = 0; out.length < count && tries < count * 50; tries++) {
    const at = random.int(0, samples.length - 1);
    const { source, language } = samples[at]!;
    const { names, words, hangul } = terms[at]!;
    const roll = random.next();
    let q: string | undefined;
    let filters: SavedSearchInput['filters'] = { source: [source] };
    const pick = (list: string[], most: number) => {
      const fit = list.filter((term) => share(term) <= most);
      return fit.length > 0 ? random.pick(fit) : undefined;
    };
    // Quoted: the exact words, as a watch list means them (unquoted, Meilisearch also takes the
    // last word as a prefix and tolerates typos: "Porto" would match Portugal).
    const quoted = (term: string | undefined) => term && `"${term}"`;
    // Korean phrases match more widely (morphemes within one field: proximityPrecision
    // byAttribute), so fewer of them: a Korean sample is taken three times in ten.
    if (language === 'ko') q = roll < 0.3 ? quoted(pick(hangul, 0.0025)) : undefined;
    else if (roll < 0.6) q = quoted(pick(names, 0.01));
    else if (roll < 0.85) q = quoted(pick(words, 0.005));
    else {
      q = ((word) => word && typo(word))(pick(words, 0.005));
      filters = { ...filters, language: ['en'] };
    }
    if (!q) continue;
    out.push(
      SavedSearchInput.parse({
        name: `bench ${out.length}`,
        q,
        filters,
        channels: [
          { type: 'webhook', url: webhook, secret: `bench-secret-${String(out.length).padStart(8, '0')}` },
        ],
      }),
    );
  }
  return out;
}
