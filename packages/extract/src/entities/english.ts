import nlp from 'compromise';
import { cleanName } from './clean';
import { INSTITUTION, institutionNames } from './english-orgs';
import { CONNECTORS, capitalisedSpans, type Span } from './english-spans';
import { EntityTally } from './tally';
import type { Entities, EntityKind } from './types';

/** Titles and honorifics written before a name; stripped so "Sen. Warren" and "Warren" are one. */
const TITLES = new Set(
  `mr mrs ms miss mx dr prof professor sir dame lord lady president vice prime minister premier chancellor
   senator sen rep representative congressman congresswoman gov governor mayor judge justice secretary
   general gen col colonel maj major capt captain lt lieutenant sgt sergeant adm admiral officer detective
   coach chief ceo chairman chairwoman chair director king queen prince princess pope rev reverend father
   speaker commissioner ambassador deputy former late st attorney sheriff inspector superintendent dean
   president-elect`.split(/\s+/),
);

/**
 * Corporate suffixes: "Apple Inc." and "Apple" are one organisation. One separator, not `[,\s]+`
 * (quadratic over a long run of them): cleanName, run after, drops the rest.
 */
const LEGAL_SUFFIX = /[,\s](?:inc|corp|corporation|co|ltd|llc|plc|ag|sa|nv|n\.v|se|gmbh|lp|llp)\.?$/i;

/**
 * compromise's lexicon of names, places and organisations, used as a
 * gazetteer. Its tagger costs about 10 ms per 1,000 characters (30 ms for a
 * typical article, most of the parser's CPU), while looking a capitalised
 * span up here costs microseconds, so the whole text is read, not a sample.
 */
const LEXICON = (nlp.model() as { one: { lexicon: Record<string, string | string[]> } }).one.lexicon;
// Gaps in that lexicon too common in news to leave; kept apart so compromise's own model is not changed.
const ADDED: Record<string, string> = { britain: 'Country', 'white house': 'Organization' };
const tagsOf = (phrase: string): string[] => {
  const key = phrase.toLowerCase();
  const tags = ADDED[key] ?? LEXICON[key];
  return tags === undefined ? [] : Array.isArray(tags) ? tags : [tags];
};
const tagged = (phrase: string, wanted: Set<string>) => tagsOf(phrase).some((t) => wanted.has(t));
const FIRST_NAME = new Set(['MaleName', 'FemaleName', 'FirstName']);
const LAST_NAME = new Set(['LastName']);
const PLACE = new Set(['City', 'Country', 'Region', 'Place']);
const ORGANIZATION = new Set(['Organization', 'SportsTeam']);
const NAME_TAGS = new Set([...FIRST_NAME, ...LAST_NAME, ...PLACE, ...ORGANIZATION, 'ProperNoun', 'Person']);

/** A dictionary word ("However", "Police", "Officials"): capitalised only because it opens a sentence or a title. */
function isDictionaryWord(word: string): boolean {
  const lexical = (w: string) => {
    const tags = tagsOf(w);
    return tags.length > 0 && !tags.some((t) => NAME_TAGS.has(t));
  };
  // The lexicon holds base forms: "Officials" is there as "official".
  return (
    lexical(word) ||
    (/\p{Ll}s$/u.test(word) &&
      (lexical(word.slice(0, -1)) || (/es$/.test(word) && lexical(word.slice(0, -2)))))
  );
}

/** Last words that make a span an organisation: "Acme Holdings", "Daily Planet Times". */
const ORGANIZATION_HEADS = new Set(
  `Inc Corp Co Ltd LLC PLC AG SA GmbH Group Holdings Partners Associates Airlines Airways Motors Technologies Systems Labs
   Laboratories Media Capital Ventures Investments Energy Oil Petroleum Steel Chemicals Mining Pharmaceuticals Therapeutics
   Robotics Semiconductor Semiconductors Electronics Industries Insurance Securities Research Studios Entertainment Pictures
   Software Solutions Logistics Shipping Telecom Communications Brands Stores Exchange Times Post Journal News Network Press
   Herald Tribune Gazette Chronicle Review Magazine Club Team League Alliance Coalition Watch Cross Crescent Bank Institute
   Agency Academy Clinic Army Navy Force Guard`.split(/\s+/),
);
/** Last words that make a span a place: "Hudson River", "Orange County". */
const PLACE_HEADS = new Set(
  'City County Province Prefecture River Island Islands Valley Mountains Bay Lake Sea Ocean Coast Peninsula Gulf Strait Canal Desert District Street Avenue Square Airport Harbour Harbor Heights Hills Falls Beach'.split(
    ' ',
  ),
);
const SPEECH_VERBS = new Set([
  'said',
  'says',
  'told',
  'added',
  'wrote',
  'asked',
  'argued',
  'warned',
  'noted',
  'explained',
  'insisted',
  'recalled',
]);
const PLACE_PREPOSITIONS = new Set(['in', 'at', 'from', 'near', 'across', 'outside', 'around']);
/** Words that never begin or end a name, though they may sit inside one. */
const EDGE_WORDS = new Set([...CONNECTORS, 'the', 'and']);

type Candidate = Span & { titled: boolean };

/**
 * People, places and organisations in English text: capitalised spans,
 * classified by gazetteer (compromise's lexicon), name shape and context
 * (a title before, "said" after, "in" before a place).
 */
export function englishEntities(text: string, title?: string): Entities {
  const read = withTitle(text, title);
  const lowerWords = new Set(read.match(/(?<![\p{L}'’])\p{Ll}[\p{L}'’-]*/gu) ?? []);
  const tally = new EntityTally();
  const institutions = institutionNames(read)
    .map((raw) => englishName('organizations', raw))
    .filter((n): n is string => Boolean(n));
  for (const name of institutions) tally.add('organizations', name);
  const institutionSet = new Set(institutions);

  const candidates = capitalisedSpans(read)
    .map((span) => trim(span, lowerWords))
    .filter((c): c is Candidate => c !== undefined)
    .flatMap(splitAffiliation);
  const mentions = new Map<string, number>();
  for (const c of candidates) mentions.set(c.words.join(' '), (mentions.get(c.words.join(' ')) ?? 0) + 1);
  const kinds = candidates.map((c) => classify(c, mentions.get(c.words.join(' ')) ?? 1));
  // A lone "Ruiz" is a person when a full name ending in it was found anywhere in the text.
  const surnames = new Set(
    candidates.flatMap((c, i) => (kinds[i] === 'people' && c.words.length > 1 ? [c.words.at(-1)!] : [])),
  );
  candidates.forEach((candidate, i) => {
    const lone = candidate.words.length === 1 && surnames.has(candidate.words[0]!);
    const kind = lone ? 'people' : kinds[i];
    if (!kind) return;
    const name = englishName(kind, candidate.words.join(' '));
    if (!name || institutionSet.has(name) || onlyInside(name, institutions, read)) return;
    tally.add(kind, name);
  });
  return tally.result();
}

/**
 * Drop what is not part of the name: a leading "The" or connector, a title
 * (remembered as a sign of a person), and a dictionary word that is only
 * capitalised because it opens the sentence ("However", "Officials").
 */
function trim(span: Span, lowerWords: Set<string>): Candidate | undefined {
  const words = [...span.words];
  let titled = TITLES.has(span.before.replace(/\.$/, ''));
  let atSentenceStart = span.sentenceStart;
  while (words.length > 0) {
    const first = words[0]!;
    const bare = first.toLowerCase().replace(/\.$/, '');
    const sentenceCapital =
      atSentenceStart &&
      !tagged(words.join(' '), PLACE) &&
      !tagged(words.join(' '), ORGANIZATION) &&
      (isDictionaryWord(first) ||
        lowerWords.has(first.toLowerCase()) ||
        // "Starter Carlos Medina": a first name right after marks the word before as not part of the name.
        (words.length > 2 && !tagged(first, FIRST_NAME) && tagged(words[1]!, FIRST_NAME)));
    if (TITLES.has(bare) && words.length > 1) titled = true;
    else if (!EDGE_WORDS.has(bare) && !sentenceCapital) break;
    words.shift();
    atSentenceStart = false;
  }
  while (words.length > 0 && EDGE_WORDS.has(words.at(-1)!.toLowerCase())) words.pop();
  return words.length === 0 ? undefined : { ...span, words, titled };
}

/** "Helen Marsh of Johns Hopkins University", "Senator Mark Ellison of Ohio": a person, then where they belong. */
function splitAffiliation(candidate: Candidate): Candidate[] {
  const at = candidate.words.indexOf('of');
  if (at < 2 || at > 3 || !(tagged(candidate.words[0]!, FIRST_NAME) || candidate.titled)) return [candidate];
  return [
    { ...candidate, words: candidate.words.slice(0, at), after: 'of' },
    { ...candidate, words: candidate.words.slice(at + 1), before: 'of', sentenceStart: false, titled: false },
  ];
}

function classify(candidate: Candidate, mentions: number): EntityKind | undefined {
  const { words, before, after, titled } = candidate;
  const phrase = words.join(' ').replace(/['’]s$/u, '');
  const last = words.at(-1)!.replace(/['’]s$|\.$/u, '');
  if (tagged(phrase, ORGANIZATION) || ORGANIZATION_HEADS.has(last) || INSTITUTION.test(phrase))
    return 'organizations';
  if (tagged(phrase, PLACE) || (words.length > 1 && PLACE_HEADS.has(last))) return 'places';
  const unknown = tagsOf(phrase).length === 0;
  // "Tim Cook", "Aaron Judge": after a first name, a dictionary word can be a surname.
  const nameShaped =
    words.length <= 4 &&
    (tagged(words[0]!, FIRST_NAME) || words.every((w) => !isDictionaryWord(w) || tagged(w, LAST_NAME)));
  if (titled && nameShaped) return 'people';
  if (words.length === 1) {
    if (/^\p{Lu}{2,6}$/u.test(phrase) && !isDictionaryWord(phrase)) return 'organizations';
    if (PLACE_PREPOSITIONS.has(before) && !isDictionaryWord(phrase) && !SPEECH_VERBS.has(after))
      return 'places';
    return undefined;
  }
  if (!nameShaped) return undefined;
  if (
    tagged(words[0]!, FIRST_NAME) ||
    tagged(last, LAST_NAME) ||
    SPEECH_VERBS.has(after) ||
    /^\p{Lu}\.$/u.test(words[0]!)
  )
    return 'people';
  if (PLACE_PREPOSITIONS.has(before)) return 'places';
  // Two or three unknown capitalised words, written more than once, and nothing says otherwise.
  return words.length <= 3 && unknown && mentions > 1 ? 'people' : undefined;
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

/** One spelling for a span, or undefined when it is not a name at all. */
export function englishName(kind: EntityKind, raw: string): string | undefined {
  let name = cleanName(raw);
  if (kind === 'people') name = stripTitles(name);
  else name = name.replace(/^the\s+/i, '');
  if (kind === 'organizations') name = name.replace(LEGAL_SUFFIX, '');
  name = cleanName(name);
  // Lower-case words ("drew", "march") are verbs and months, not names.
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
