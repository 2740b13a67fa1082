/**
 * The newsroom's story writer: headlines, leads and bodies from the JSON
 * books (prose.ts). One writer serves every page size, from the tests'
 * four-paragraph stories to the bench's 1,200-word ones.
 */
import {
  type Book,
  bookOf,
  ENGLISH,
  type EnglishBook,
  type Grammar,
  KOREAN,
  type KoreanBook,
  type Language,
  type Topic,
} from './prose';
import { createRandom, type Random, seedFrom } from './random';

const PARTICLES: Record<string, [withFinal: string, withoutFinal: string]> = {
  은: ['은', '는'],
  는: ['은', '는'],
  이: ['이', '가'],
  가: ['이', '가'],
  을: ['을', '를'],
  를: ['을', '를'],
  과: ['과', '와'],
  와: ['과', '와'],
  으로: ['으로', '로'],
  로: ['으로', '로'],
};

/** Picks the Korean particle form that follows `word`, from its last syllable's final consonant. */
export function withParticle(word: string, particle: string): string {
  const forms = PARTICLES[particle];
  if (!forms) throw new Error(`unknown particle ${particle}`);
  const last = word.codePointAt(word.length - 1)! - 0xac00;
  const isHangul = last >= 0 && last < 11172;
  const final = isHangul ? last % 28 : 0;
  // 으로/로: a final ㄹ (index 8) takes 로, like a vowel.
  const takesShortForm = final === 0 || (particle.endsWith('로') && final === 8);
  return word + (takesShortForm ? forms[1] : forms[0]);
}

/** Who and what a story is about; fixed per article, so names stay consistent across paragraphs. */
interface Cast {
  topic: Topic;
  names: Record<string, string>;
  people: Person[];
  currency: string;
}

interface Person {
  /** First mention, e.g. "Maria Alvarez" or "국토교통부 김민준 차관". */
  full: string;
  /** Later mentions, e.g. "Alvarez" or "김 차관". */
  short: string;
  /** English only: the role phrase, e.g. "a spokesperson for the Ministry of Transport". */
  role: string;
}

/** What one story is about, drawn from its language's grammar: few words, used again and again. */
interface Vocabulary {
  /** The reporter's habits: a few of the frames, adjuncts, subjects and sources. */
  frames: string[];
  adjuncts: string[];
  subjects: string[];
  sources: string[];
  things: string[];
  groups: string[];
  verbs: string[];
  /** English: bare verbs after a modal; Korean: passive endings. */
  bare: string[];
  /** Korean only: what a thing does to a group ("부담을 키울 수 있다"). */
  effects: string[];
}

const sample = (random: Random, items: readonly string[], count: number): string[] =>
  random.sample(items, count);

function vocabulary(random: Random, language: Language): Vocabulary {
  const g: Grammar = bookOf(language).story.grammar;
  // Each story uses a quarter of the frames and adjuncts: shared across all stories, they would
  // be shared n-grams between any two of them.
  const habits = {
    frames: sample(random, g.frames, Math.ceil(g.frames.length / 4)),
    adjuncts: sample(random, g.adjuncts, Math.ceil(g.adjuncts.length / 4)),
    subjects: sample(random, g.subjects, 6),
    sources: sample(random, g.sources, 3),
  };
  // A thing is "[adjective] modifier head" in English ("revised rail subsidy scheme"),
  // "[modifier] noun head" in Korean.
  const [qualifiers, qualifierChance, nouns] =
    language === 'en'
      ? [ENGLISH.story.grammar.adjectives, 0.6, g.modifiers]
      : [KOREAN.story.grammar.modifiers, 0.5, KOREAN.story.grammar.nouns];
  const things = new Set<string>();
  while (things.size < 8) {
    const qualifier = random.chance(qualifierChance) ? `${random.pick(qualifiers)} ` : '';
    things.add(`${qualifier}${random.pick(nouns)} ${random.pick(g.heads)}`);
  }
  const drawn = {
    ...habits,
    things: [...things],
    groups: sample(random, g.groups, 5),
    verbs: sample(random, g.verbsPast, 12),
  };
  if (language === 'en')
    return { ...drawn, bare: sample(random, ENGLISH.story.grammar.verbsBare, 8), effects: [] };
  return {
    ...drawn,
    bare: sample(random, KOREAN.story.grammar.passives, 7),
    effects: sample(random, KOREAN.story.grammar.effects, 7),
  };
}

/** The parts of a story that feeds and page headers need; cheap to make for every article. */
export interface StoryHeader {
  language: Language;
  title: string;
  deck: string;
  /** The lead sentence: the feed item's description and the body's first sentence. */
  summary: string;
  section: string;
  author: string;
  keyword: string;
  /** Seeds the body, so the body can be written later (on a page request) without the header's stream. */
  bodySeed: number;
  cast: Cast;
}

export interface Story extends StoryHeader {
  paragraphs: string[];
  /** Words in the body as written (whitespace-separated tokens). */
  words: number;
}

const ONSETS = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'qu', 'x', 'br', 'gl'];
const VOWELS = ['a', 'e', 'i', 'o', 'u'];
const CODAS = ['', '', 'x', 'n', 'r', 'l', 'nk'];

/**
 * A made-up word followed by the article index in six digits, e.g.
 * `zorblax010482`: one token to a search engine in English and Korean alike,
 * in no dictionary, and unique because the index is. The fixed width means
 * no keyword can occur inside another (their digits would have to match), so
 * `text.includes(keyword)` finds only its own article.
 */
export function inventKeyword(random: Random, index: number): string {
  let word = '';
  for (let i = 0; i < 3; i++) word += random.pick(ONSETS) + random.pick(VOWELS) + random.pick(CODAS);
  return word + String(index).padStart(6, '0');
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const withCommas = (n: number): string => n.toLocaleString('en-US');

/** A template split into literal text and slots once, so that filling it is a loop, not regex work. */
type Piece = string | { slot: string; particle?: string };
const compiled = new Map<string, Piece[]>();

function compile(template: string): Piece[] {
  let pieces = compiled.get(template);
  if (pieces) return pieces;
  pieces = [];
  let from = 0;
  // "{p1}, {p1r}," introduces someone: one slot, so that it can shrink to the surname later.
  for (const match of template.matchAll(/\{p(\d)\}, \{p\1r\},|\{(\w+)(?::([^}]+))?\}/g)) {
    if (match.index > from) pieces.push(template.slice(from, match.index));
    pieces.push(match[1] ? { slot: `intro${match[1]}` } : { slot: match[2]!, particle: match[3] });
    from = match.index + match[0].length;
  }
  if (from < template.length) pieces.push(template.slice(from));
  compiled.set(template, pieces);
  return pieces;
}

/** What a quote, a reported claim or the keyword sentence adds to the slots. */
interface Speech {
  person?: number;
  quote?: string;
  speaker?: string;
  verb?: string;
  claim?: string;
  keyword?: string;
}

const REPORT_FRAMES: Record<Language, string> = {
  en: '{speaker} {verb} that {claim}.',
  ko: '{speaker} {claim}고 {verb}.',
};

/**
 * Fills `{slot}` and `{slot:particle}` in a template. People are named in
 * full on first mention and shortly afterwards; numbers are drawn anew on
 * every use, so a sentence used twice still reads differently.
 */
class Filler {
  private readonly mentioned = new Set<number>();
  private lastN = 10;
  private lastThing = '';
  /** Values already drawn, when a headline and its lead must quote the same figures. */
  private readonly drawn?: Map<string, string>;

  constructor(
    private readonly random: Random,
    private readonly book: EnglishBook | KoreanBook,
    private readonly language: Language,
    private readonly cast: Cast,
    consistent = false,
    private readonly vocabulary?: Vocabulary,
  ) {
    if (consistent) this.drawn = new Map();
  }

  /** A sentence from one of the grammar's frames, over the story's vocabulary. */
  compose(): string {
    const person = this.random.int(1, this.cast.people.length);
    return this.fill(this.random.pick(this.vocabulary!.frames), { person });
  }

  /** A sentence from `template`, capitalised as English sentences are. */
  fill(template: string, speech: Speech = {}): string {
    const text = this.expand(template, speech);
    return this.language === 'en' ? text.charAt(0).toUpperCase() + text.slice(1) : text;
  }

  /** A quote in the mouth of one of the cast: with the speaker's role the first time they speak. */
  quote(text: string): string {
    const person = this.random.int(1, this.cast.people.length);
    let frames = this.book.quoteFrames;
    // In English a speaker's role comes with their first quote, and only then.
    if (this.language === 'en') {
      const withRole = !this.mentioned.has(person);
      frames = frames.filter((frame) => frame.includes('{role}') === withRole);
    }
    return this.fill(this.random.pick(frames), { person, quote: text });
  }

  /** Someone's claim in reported speech. */
  report(claim: string): string {
    const speaker = this.random.pick(this.book.speakers);
    const verb = this.random.pick(this.book.reportVerbs);
    return this.fill(REPORT_FRAMES[this.language], { speaker, verb, claim });
  }

  private expand(template: string, speech: Speech): string {
    let text = '';
    for (const piece of compile(template)) {
      if (typeof piece === 'string') {
        text += piece;
        continue;
      }
      const value = this.slot(piece.slot, speech);
      text += piece.particle ? withParticle(value, piece.particle) : value;
    }
    return text;
  }

  private slot(name: string, speech: Speech): string {
    switch (name) {
      case 'quote':
        return this.expand(speech.quote!, speech);
      case 'speaker':
        return this.expand(speech.speaker!, speech);
      case 'claim':
        return this.expand(speech.claim!, speech);
      case 'kw':
        return speech.keyword!;
      case 'verb':
        if (speech.verb !== undefined) return speech.verb;
        break;
      case 'person':
        return this.value(`p${speech.person}`);
      case 'role':
        return this.value(`p${speech.person}r`);
    }
    const words = this.vocabulary;
    if (words) {
      switch (name) {
        case 'thing':
          this.lastThing = this.random.pick(words.things);
          return this.lastThing;
        case 'thing2': {
          const other = words.things.filter((thing) => thing !== this.lastThing);
          return this.random.pick(other);
        }
        case 'group':
          return this.random.pick(words.groups);
        case 'verb':
          return this.random.pick(words.verbs);
        case 'bare':
        case 'passive':
          return this.random.pick(words.bare);
        case 'effect':
          return this.random.pick(words.effects);
        case 'modal':
          return this.random.pick(ENGLISH.story.grammar.modals);
        case 'subject':
          return this.expand(this.random.pick(words.subjects), speech);
        case 'source':
          return this.expand(this.random.pick(words.sources), speech);
        case 'adjunct':
          return this.expand(this.random.pick(words.adjuncts), speech);
      }
    }
    if (name.startsWith('intro')) {
      const n = name.slice(5);
      return this.mentioned.has(Number(n))
        ? this.value(`p${n}`)
        : `${this.value(`p${n}`)}, ${this.value(`p${n}r`)},`;
    }
    return this.value(name);
  }

  private value(name: string): string {
    const { cast } = this;
    const person = /^p(\d)(r?)$/.exec(name);
    if (person) {
      const n = Number(person[1]);
      const who = cast.people[n - 1]!;
      if (person[2]) return who.role;
      if (this.mentioned.has(n)) return who.short;
      this.mentioned.add(n);
      return who.full;
    }
    const drawn = this.drawn?.get(name);
    if (drawn !== undefined) return drawn;
    const value = this.draw(name);
    this.drawn?.set(name, value);
    return value;
  }

  private draw(name: string): string {
    const { random, cast } = this;
    const named = cast.names[name];
    if (named !== undefined) return named;
    const ko = this.language === 'ko';
    switch (name) {
      case 'gov':
        return cast.topic.gov;
      case 'agency':
        return cast.topic.agency;
      case 'n':
        this.lastN = random.int(3, 60);
        return String(this.lastN);
      case 'n2':
        return String(random.int(1, this.lastN - 1));
      case 'big':
        return withCommas(random.int(12, 950) * 100);
      case 'pct':
        return String(random.int(2, 45));
      case 'pct2':
        return `${random.int(1, 9)}.${random.int(0, 9)}`;
      case 'money':
        if (ko)
          return random.chance(0.7) ? `${withCommas(random.int(3, 9500))}억 원` : `${random.int(1, 40)}조 원`;
        return random.chance(0.6)
          ? `${cast.currency}${random.int(2, 950)} million`
          : `${cast.currency}${random.int(1, 40)}.${random.int(1, 9)} billion`;
      case 'money2':
        return ko ? `${random.int(5, 90)}만 원` : `${cast.currency}${random.int(40, 900)}`;
      case 'year':
        return String(random.int(2012, 2024));
      case 'year2':
        return String(random.int(2027, 2032));
      case 'day':
        return String(random.int(1, 28));
      case 'weekday':
        return random.pick(WEEKDAYS);
      case 'month':
        return random.pick(this.book.months);
      case 'when':
        return random.pick(this.book.when);
      default:
        throw new Error(`no value for slot {${name}}`);
    }
  }
}

function distinctPair<T>(random: Random, items: readonly T[]): [T, T] {
  const a = random.int(0, items.length - 1);
  const b = (a + random.int(1, items.length - 1)) % items.length;
  return [items[a]!, items[b]!];
}

/** "Northwind Holdings" in English; Korean company names are one word: "한빛전자". */
function company(random: Random, book: Book, separator: string): string {
  return random.pick(book.companyPrefixes) + separator + random.pick(book.companySuffixes);
}

function englishCast(random: Random, topic: Topic): Cast {
  const book = ENGLISH.story;
  const [[city, country], [city2, country2]] = distinctPair(random, book.places);
  let company2 = company(random, book, ' ');
  const company1 = company(random, book, ' ');
  if (company2 === company1) company2 = `${company2} International`;
  const names: Record<string, string> = {
    city: city!,
    country: country!,
    city2: city2!,
    country2: country2!,
    company: company1,
    company2,
    uni: random.pick(book.institutes),
    union: random.pick(book.unions),
  };
  const fillRole = (role: string) =>
    role.replace(/\{(\w+)\}/g, (_m, slot: string) =>
      slot === 'gov' ? topic.gov : slot === 'agency' ? topic.agency : names[slot]!,
    );
  const families = random.shuffled(book.familyNames);
  const person = (roles: string[], n: number): Person => {
    // Distinct family names, or "Iversen said" could mean two people.
    const family = families[n]!;
    return {
      full: `${random.pick(book.givenNames)} ${family}`,
      short: family,
      role: fillRole(random.pick(roles)),
    };
  };
  const people = [book.officialRoles, book.executiveRoles, book.expertRoles, book.voiceRoles].map(person);
  return { topic, names, people, currency: random.pick(book.currencies) };
}

function koreanGivenName(random: Random): string {
  return random.chance(0.3)
    ? random.pick(KOREAN.story.givenNames)
    : random.pick(KOREAN.story.givenFirst) + random.pick(KOREAN.story.givenSecond);
}

function koreanCast(random: Random, topic: Topic): Cast {
  const book = KOREAN.story;
  const [[city, district], [city2]] = distinctPair(random, book.places);
  const [country] = distinctPair(random, book.countries);
  const company1 = company(random, book, '');
  let company2 = company(random, book, '');
  if (company2 === company1) company2 = `${company2}홀딩스`;
  const institute = random.pick(book.institutes);
  const union = random.pick(book.unions);
  const names: Record<string, string> = {
    city: city!,
    district: district!,
    city2: city2!,
    country: country!,
    company: company1,
    company2,
    institute,
    unionName: union,
  };
  // Korean copy names a person "기관 이름 직함" first and "성 직함" after: 국토교통부 김민준 차관 → 김 차관.
  const surnames = random.shuffled(book.surnames);
  let next = 0;
  const person = (org: string, title: string): Person => {
    const surname = surnames[next++]!;
    const name = surname + koreanGivenName(random);
    return { full: `${org} ${name} ${title}`, short: `${surname} ${title}`, role: '' };
  };
  // Universities have professors; research institutes (…연구원) have research fellows.
  const expertTitle = institute.endsWith('연구원') ? random.pick(book.expertTitles) : '교수';
  const people = [
    person(random.chance(0.6) ? topic.gov : topic.agency, random.pick(book.officialTitles)),
    person(company1, random.pick(book.executiveTitles)),
    person(institute, expertTitle),
    random.chance(0.5) ? person(union, '위원장') : person(`${city} ${district} 주민`, '씨'),
  ];
  return { topic, names, people, currency: '' };
}

/**
 * The header of article `index`: topic, cast, title, deck, lead and keyword.
 * A pure function of (seed, index, language).
 */
export function storyHeader(seed: number, index: number, language: Language): StoryHeader {
  const random = createRandom(seedFrom(seed, 'story', index, language));
  const book = bookOf(language).story;
  const topic = random.pick(book.topics);
  const cast = language === 'en' ? englishCast(random, topic) : koreanCast(random, topic);
  // One set of figures for headline, deck and lead: "slows to 3.8 percent" must match "fell to 3.8 percent".
  const filler = new Filler(random, book, language, cast, true);
  const story = random.int(0, topic.leads.length - 1);
  const author =
    language === 'en'
      ? `${random.pick(ENGLISH.story.givenNames)} ${random.pick(ENGLISH.story.familyNames)}`
      : random.pick(KOREAN.story.surnames) + koreanGivenName(random);
  return {
    language,
    title: filler.fill(topic.titles[story]!),
    deck: filler.fill(random.pick(topic.decks)),
    summary: filler.fill(topic.leads[story]!),
    section: topic.section,
    author,
    keyword: inventKeyword(random, index),
    bodySeed: random.int(0, 0xffffffff),
    cast,
  };
}

/** How long a story runs: a word count drawn from `words`, in `paragraphs` paragraphs at most and at least. */
export interface StoryLength {
  words: [min: number, max: number];
  paragraphs?: [min: number, max: number];
}

/** A full news story, as the bench's pages carry. */
export const PAGE_LENGTH: StoryLength = { words: [400, 1200] };

/** Short stories for tests: four to eight paragraphs, quick to extract and to read in a failure. */
export const SHORT_LENGTH: StoryLength = { words: [140, 260], paragraphs: [4, 8] };

/** Space-separated words, counted without splitting (this runs for every sentence of every page). */
function wordsIn(text: string): number {
  let words = 1;
  for (let at = text.indexOf(' '); at !== -1; at = text.indexOf(' ', at + 1)) words++;
  return words;
}

/**
 * Share of body sentences composed from the grammar. Measured with the
 * extractor's own MinHash over 300 stories: at 0.85, Korean stories (whose
 * character shingles overlap most) stay below a 0.25 estimated Jaccard with
 * each other, well under the 0.32 at which clustering joins two stories.
 */
const COMPOSED_SHARE = 0.85;

/**
 * The whole story: `length.words` words (400–1,200 by default) in paragraphs of one to three sentences,
 * opening with the header's lead. Most sentences are composed from the
 * grammar over the story's own vocabulary; the rest are stock sentences drawn
 * without repeats from part of the topic's and the general pools. The keyword
 * sentence goes into a middle paragraph, never the first, so that the keyword
 * is in the body and nowhere else.
 */
export function writeStory(header: StoryHeader, length: StoryLength = PAGE_LENGTH): Story {
  const random = createRandom(header.bodySeed);
  const book = bookOf(header.language).story;
  const filler = new Filler(
    random,
    book,
    header.language,
    header.cast,
    false,
    vocabulary(random, header.language),
  );
  const { topic } = header.cast;
  const target = random.int(...length.words);
  const [minParagraphs, maxParagraphs] = length.paragraphs ?? [2, Number.POSITIVE_INFINITY];

  type Draw = { text: string; kind: 'sentence' | 'quote' | 'report' };
  // Stock sentences: half the topic's own and a third of the general ones (as with frames, a
  // pool that every story drew from in full would be text that every two stories share).
  const part = (items: string[], share: number) =>
    random.shuffled(items).slice(0, Math.ceil(items.length * share));
  const third = (items: string[]) => part(items, 1 / 3);
  const pool: Draw[] = [
    ...part(topic.sentences, 1 / 2).map((text) => ({ text, kind: 'sentence' as const })),
    ...third(book.general).map((text) => ({ text, kind: 'sentence' as const })),
    ...part(topic.quotes, 1 / 2).map((text) => ({ text, kind: 'quote' as const })),
    ...third(book.quotes).map((text) => ({ text, kind: 'quote' as const })),
    ...third(book.claims).map((text) => ({ text, kind: 'report' as const })),
  ];
  let deck: Draw[] = [];
  const next = (): string => {
    // Most sentences are composed: stock sentences alone would make stories near-duplicates.
    if (random.chance(COMPOSED_SHARE)) return filler.compose();
    if (deck.length === 0) deck = random.shuffled(pool);
    const stock = deck.pop()!;
    if (stock.kind === 'quote') return filler.quote(stock.text);
    return stock.kind === 'report' ? filler.report(stock.text) : filler.fill(stock.text);
  };
  // A small vocabulary can produce the same sentence twice; a reporter would not write it twice.
  const used = new Set<string>();
  const draw = (): string => {
    let sentence = next();
    for (let tries = 0; used.has(sentence) && tries < 5; tries++) sentence = next();
    used.add(sentence);
    return sentence;
  };

  const paragraphs: string[][] = [[header.summary, draw()]];
  let words = wordsIn(paragraphs[0]!.join(' '));
  while ((words < target || paragraphs.length < minParagraphs) && paragraphs.length < maxParagraphs) {
    const size = random.int(1, 3);
    const paragraph: string[] = [];
    for (let i = 0; i < size && (words < target || paragraph.length === 0); i++) {
      const sentence = draw();
      paragraph.push(sentence);
      words += wordsIn(sentence);
    }
    paragraphs.push(paragraph);
  }
  const keywordSentence = filler.fill(random.pick(book.keyword), { keyword: header.keyword });
  const middle = paragraphs[random.int(1, Math.max(1, paragraphs.length - 2))]!;
  middle.splice(random.int(0, middle.length), 0, keywordSentence);
  words += wordsIn(keywordSentence);
  if (book.required) {
    const sentence = filler.fill(random.pick(book.required));
    paragraphs[random.int(1, paragraphs.length - 1)]!.push(sentence);
    words += wordsIn(sentence);
  }
  return { ...header, paragraphs: paragraphs.map((sentences) => sentences.join(' ')), words };
}

/** A headline for a teaser: any topic, a fresh cast. Used to fill related lists and state blobs. */
export function teaserHeadline(random: Random, language: Language): { title: string; section: string } {
  const book = bookOf(language).story;
  const topic = random.pick(book.topics);
  const cast = language === 'en' ? englishCast(random, topic) : koreanCast(random, topic);
  return {
    title: new Filler(random, book, language, cast).fill(random.pick(topic.titles)),
    section: topic.section,
  };
}
