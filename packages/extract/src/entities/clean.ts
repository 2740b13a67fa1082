/** Month and weekday names a tagger may take for a name; never an entity by themselves. */
const CALENDAR = new Set(
  `january february march april may june july august september october november december
   jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
   saturday sunday today yesterday tomorrow`.split(/\s+/),
);

/** Words that get capitalised at a sentence start and tagged, but name nothing. */
const FUNCTION_WORDS = new Set(
  'i he she it we they you his her their its our this that these those there here the a an'.split(' '),
);

/** Longest entity kept; a longer span is a tagging run-on. */
const MAX_CHARS = 60;
const MAX_WORDS = 6;

/**
 * Surrounding punctuation, quotes, possessives and doubled spaces removed;
 * empty when what is left is junk (one letter, a number, a month, a pronoun,
 * or a run-on).
 */
export function cleanName(raw: string): string {
  let name = raw.replace(/\s+/g, ' ').replace(/^[\s"'“”‘’«»([{<—–-]+/u, '');
  name = name
    .slice(0, trailingJunkStart(name))
    .replace(/['’]s?$/u, '')
    .trim();
  // A trailing period ends the sentence, except after an initial ("U.S.", "J.").
  if (/\.$/.test(name) && !/(?:^|[\s.])\p{L}\.$/u.test(name)) name = name.slice(0, -1).trim();
  name = name.replace(/['’]s$/u, '').trim();
  return isJunk(name) ? '' : name;
}

// Closing punctuation, quotes and spaces a tagged span may end with.
const TRAILING_JUNK = /[\s"'“”‘’«»)\]}>,;:!?—–-]/u;

// Where the closing junk at the end of `name` starts. A loop from the end: `/[…]+$/` retries
// from every position of a long run of them (quadratic).
function trailingJunkStart(name: string): number {
  let end = name.length;
  while (end > 0 && TRAILING_JUNK.test(name[end - 1] as string)) end--;
  return end;
}

function isJunk(name: string): boolean {
  if (name.length < 2 || name.length > MAX_CHARS) return true;
  if (name.split(' ').length > MAX_WORDS) return true;
  if (!/\p{L}/u.test(name)) return true;
  const lower = name.toLowerCase();
  return CALENDAR.has(lower) || FUNCTION_WORDS.has(lower);
}
