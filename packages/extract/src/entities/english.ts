import nlp from 'compromise';
import { cleanName } from './clean';
import { institutionNames } from './english-orgs';
import { EntityTally } from './tally';
import type { Entities, EntityKind } from './types';

/**
 * compromise's tagging costs about 10 ms per 1,000 characters on this
 * 2-core machine, nearly all of the time here. The people, places and
 * organisations of a story are introduced in its first paragraphs, so only
 * this much (about 500 words, cut at a sentence end) is read.
 */
export const ENGLISH_SAMPLE_CHARS = 3000;

/** Titles and honorifics written before a name; stripped so "Sen. Warren" and "Warren" are one. */
const TITLES = new Set(
  `mr mrs ms miss mx dr prof professor sir dame lord lady president vice prime minister premier chancellor
   senator sen rep representative congressman congresswoman gov governor mayor judge justice secretary
   general gen col colonel maj major capt captain lt lieutenant sgt sergeant adm admiral officer detective
   coach chief ceo chairman chairwoman chair director king queen prince princess pope rev reverend father
   speaker commissioner ambassador deputy former late st attorney sheriff inspector superintendent dean
   president-elect`.split(/\s+/),
);

/** Corporate suffixes: "Apple Inc." and "Apple" are one organisation. */
const LEGAL_SUFFIX = /[,\s]+(?:inc|corp|corporation|co|ltd|llc|plc|ag|sa|nv|n\.v|se|gmbh|lp|llp)\.?$/i;

type Selection = { out(method: 'array'): unknown };

const KINDS: [EntityKind, (doc: ReturnType<typeof nlp>) => Selection][] = [
  ['people', (d) => d.people()],
  ['places', (d) => d.places()],
  ['organizations', (d) => d.organizations()],
];

/** People, places and organisations in English text, by compromise's tagger and our clean-up. */
export function englishEntities(text: string, title?: string): Entities {
  const read = sample(withTitle(text, title));
  const doc = nlp(read);
  const tally = new EntityTally();
  const institutions = institutionNames(read)
    .map((raw) => englishName('organizations', raw))
    .filter((n): n is string => Boolean(n));
  for (const name of institutions) tally.add('organizations', name);
  for (const [kind, select] of KINDS) {
    for (const raw of select(doc).out('array') as string[]) {
      // compromise keeps "Brussels, Belgium" and a dateline "OTTAWA — Canada" as one place.
      const parts = kind === 'places' ? raw.split(/,\s*|\s+[—–]\s+/) : [raw];
      for (const part of parts) {
        const name = englishName(kind, part);
        if (!name || onlyInside(name, institutions, read)) continue;
        // An institution the phrase rule found is counted once, whatever compromise calls it.
        if (kind !== 'organizations' && institutions.includes(name)) continue;
        if (kind === 'organizations' && institutions.includes(name)) continue;
        tally.add(kind, name);
      }
    }
  }
  return tally.result();
}

/** "Texas" in "Texas Department of Transportation" is part of a name, not a place mention. */
function onlyInside(name: string, institutions: string[], text: string): boolean {
  const containing = institutions.filter((i) => i !== name && i.includes(name));
  if (containing.length === 0) return false;
  return occurrences(text, name) <= containing.reduce((n, i) => n + occurrences(text, i), 0);
}

function occurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at !== -1; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}

/** A headline in title case makes every word look like a name: only a sentence-case one is read. */
function withTitle(text: string, title?: string): string {
  if (!title) return text;
  const words = title.split(/\s+/).filter((w) => /^\p{L}/u.test(w));
  const capitalised = words.filter((w) => /^\p{Lu}/u.test(w)).length;
  return capitalised > words.length / 2 ? text : `${title}.\n\n${text}`;
}

function sample(text: string): string {
  if (text.length <= ENGLISH_SAMPLE_CHARS) return text;
  const head = text.slice(0, ENGLISH_SAMPLE_CHARS);
  const end = Math.max(head.lastIndexOf('. '), head.lastIndexOf('.\n'));
  return end > ENGLISH_SAMPLE_CHARS / 2 ? head.slice(0, end + 1) : head;
}

/** One spelling for a tagged span, or undefined when it is not a name at all. */
export function englishName(kind: EntityKind, raw: string): string | undefined {
  let name = cleanName(raw);
  if (kind === 'people') name = stripTitles(name);
  else name = name.replace(/^the\s+/i, '');
  if (kind === 'organizations') name = name.replace(LEGAL_SUFFIX, '');
  name = cleanName(name);
  // Tagged lower-case words ("drew", "march") are verbs and months, not names.
  if (!/^[\p{Lu}\d]/u.test(name)) return undefined;
  if (kind === 'people' && !/\p{Ll}/u.test(name)) return undefined;
  return name;
}

function stripTitles(name: string): string {
  const words = name.split(' ');
  while (words.length > 1 && TITLES.has(words[0]!.toLowerCase().replace(/\.$/, ''))) words.shift();
  if (words.length === 1 && TITLES.has(words[0]!.toLowerCase().replace(/\.$/, ''))) return '';
  return words.join(' ');
}
