import type { ArticleDocument } from '@tidings/contracts';
import { endOfBound, type StoredSavedSearch } from './saved-search';

/**
 * Folded searchable text kept per article at most (characters). Longer
 * articles keep no text, and every search with a phrase is asked about them.
 */
const MAX_HAYSTACK = 64 * 1024;

/**
 * What the matcher knows of an article of a batch without asking
 * Meilisearch: its filterable values and its searchable text, all folded
 * (see {@link fold}).
 */
export interface ArticleFacts {
  source: string;
  language: string;
  people: string[];
  places: string[];
  organizations: string[];
  /** Seconds, as the index holds it. */
  publishedAt: number;
  /** The searchable attributes' text, folded; absent when the article is longer than we keep. */
  haystack?: string;
}

/** Letters NFKD leaves whole, spelt as ASCII. Folding more than Meilisearch does only costs a query. */
const LIGATURES: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  ł: 'l',
  ı: 'i',
  þ: 'th',
};
const MARKS = /\p{M}+/gu;
const LIGATURE = /[ßæœøđðłıþ]/g;
/**
 * What normalising can change: runs of characters other than ASCII and
 * Hangul syllables, each with the syllable before it (a trailing consonant
 * jamo composes into it). ASCII and whole syllables come out of NFKD, mark
 * removal and NFC as they went in, and compose with nothing once marks are
 * gone, so normalising only the runs gives the whole text's result at a
 * fraction of the cost (English 5×, Korean 27× faster, measured).
 */
const CHANGEABLE = /[\uAC00-\uD7A3]?[^\u0000-\u007F\uAC00-\uD7A3]+/g;

const unmarked = (run: string) => run.normalize('NFKD').replace(MARKS, '').normalize('NFC');

/**
 * Case, accents and compatibility forms folded away, as Meilisearch's
 * normaliser does (and a little more): two spellings it treats alike fold
 * alike, so a folded substring test never says no where it would say yes.
 * Composed again once the marks are gone, so Hangul stays in syllables: a
 * Korean text decomposed into jamo is 2–3 times longer, and looking for a
 * syllable in it (its first jamo everywhere) took 50 times as long.
 */
export function fold(text: string): string {
  return text
    .replace(CHANGEABLE, unmarked)
    .toLowerCase()
    .replace(LIGATURE, (c) => LIGATURES[c]!);
}

/** What facts are made of: an article as the parser made it, or as the index holds it (publishedAt in seconds). */
export type FactSource = Pick<
  ArticleDocument,
  | 'source'
  | 'language'
  | 'people'
  | 'places'
  | 'organizations'
  | 'title'
  | 'subtitle'
  | 'text'
  | 'byline'
  | 'siteName'
> & { publishedAt: string | number };

/** The fields {@link articleFacts} reads, to retrieve from the index. */
export const FACT_FIELDS = [
  'source',
  'language',
  'people',
  'places',
  'organizations',
  'publishedAt',
  'title',
  'subtitle',
  'text',
  'byline',
  'siteName',
] as const;

/** The facts of an article that just became searchable. */
export function articleFacts(doc: FactSource): ArticleFacts {
  const fields = [doc.title, doc.subtitle, doc.text, doc.byline, doc.siteName];
  const length = fields.reduce((sum, field) => sum + (field?.length ?? 0), 0);
  return {
    source: fold(doc.source),
    language: fold(doc.language),
    people: doc.people.map(fold),
    places: doc.places.map(fold),
    organizations: doc.organizations.map(fold),
    publishedAt:
      typeof doc.publishedAt === 'number' ? doc.publishedAt : Math.floor(Date.parse(doc.publishedAt) / 1000),
    ...(length <= MAX_HAYSTACK ? { haystack: fold(fields.filter(Boolean).join('\n')) } : {}),
  };
}

/** Scripts written with spaces between words; any other is segmented by Meilisearch, so compared letter by letter. */
const SPACED = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Nd}]+$/u;
/** Runs of letters and digits: what a word of a phrase is made of. */
const WORD = /[\p{L}\p{N}]+/gu;
/** Where Meilisearch may cut a Latin word in two: a lower-case letter before a capital, a letter beside a digit. */
const CUT = /(?<=\p{Ll})(?=\p{Lu})|(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/u;

/**
 * The pieces of text an article must contain for `q` to match it, or
 * undefined when nothing can be said without Meilisearch.
 *
 * Only a query that starts with a quoted phrase says anything: a phrase
 * matches exact words (no typo, no prefix), and with Meilisearch's default
 * matching strategy (`last`, words dropped from the end) the first term is
 * never dropped. Each piece is a part of a word of the phrase no longer than
 * any token Meilisearch can make of it (a Latin word cut at case and digit
 * changes; a word of a segmented script, as Korean, cut into its letters,
 * syllables for Hangul),
 * so an article that matches always contains every piece.
 */
export function requiredPieces(q: string): string[] | undefined {
  const text = q.trim();
  if (!text.startsWith('"')) return undefined;
  const end = text.indexOf('"', 1);
  if (end === -1) return undefined;
  const pieces: string[] = [];
  for (const [word] of text.slice(1, end).matchAll(WORD)) {
    // Letters of a segmented script are taken once folded: jamo typed apart make one syllable, as in the text.
    const parts = SPACED.test(word) ? word.split(CUT).map(fold) : [...fold(word)];
    for (const part of parts) if (part) pieces.push(part);
  }
  return pieces.length > 0 ? pieces : undefined;
}

/**
 * Whether a saved search could match an article: false only when its
 * filters rule the article out, or its leading phrase is not in the
 * article's text. Never false for an article Meilisearch would match, so
 * asking Meilisearch about the rest only saves queries; Meilisearch still
 * decides every match.
 */
export type CouldMatch = (facts: ArticleFacts | undefined) => boolean;

/** The {@link CouldMatch} of a saved search, made once per change of the search. */
export function couldMatch(search: StoredSavedSearch): CouldMatch {
  const { filters } = search;
  const folded = (values: string[] | undefined) => values && new Set(values.map(fold));
  const sources = folded(filters.source);
  const languages = folded(filters.language);
  const entities = (['people', 'places', 'organizations'] as const).flatMap((field) => {
    const wanted = filters[field === 'people' ? 'person' : field === 'places' ? 'place' : 'org'];
    return wanted ? [{ field, wanted: wanted.map(fold) }] : [];
  });
  // A second either side: the bounds are compared as the filter's whole seconds.
  const from = filters.from ? Math.floor(Date.parse(filters.from) / 1000) - 1 : undefined;
  const to = filters.to ? Math.floor(endOfBound(filters.to) / 1000) + 1 : undefined;
  const pieces = requiredPieces(search.q);

  return (facts) => {
    if (!facts) return true;
    if (sources && !sources.has(facts.source)) return false;
    if (languages && !languages.has(facts.language)) return false;
    for (const { field, wanted } of entities) {
      const has = facts[field];
      if (!wanted.every((value) => has.includes(value))) return false;
    }
    if (from !== undefined && facts.publishedAt < from) return false;
    if (to !== undefined && facts.publishedAt > to) return false;
    if (pieces && facts.haystack !== undefined && !pieces.every((piece) => holds(facts, piece))) return false;
    return true;
  };
}

/**
 * Whether an article's text holds a piece, each piece looked for once per
 * article: the searches an article is tested against share many words
 * (names on several watch lists), and each look scans the whole text.
 */
function holds(facts: ArticleFacts, piece: string): boolean {
  let seen = looked.get(facts);
  if (!seen) {
    seen = new Map();
    looked.set(facts, seen);
  }
  let found = seen.get(piece);
  if (found === undefined) {
    found = facts.haystack === undefined || facts.haystack.includes(piece);
    seen.set(piece, found);
  }
  return found;
}
const looked = new WeakMap<ArticleFacts, Map<string, boolean>>();
