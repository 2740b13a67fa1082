/**
 * The newsroom's words, loaded from the JSON books in `packages/testing/prose/`
 * (one per language, plus the page furniture that is not language at all).
 * They are data, not code: editing a sentence should not mean editing
 * TypeScript, and 130 KB of string arrays do not belong in a type checker.
 *
 * Read relative to this module, two levels up: `src/newsroom/` under vitest
 * and tsx, `dist/` (one level, see `proseUrl`) in a build.
 */
import { readFileSync } from 'node:fs';
import type { ClassicChrome } from './classic-pages';
import type { StoryPairTopic } from './story-pairs';

export type Language = 'en' | 'ko';

/** One topic's sentences; slots in braces are filled per use (see story.ts). */
export interface Topic {
  section: string;
  /** The ministry and the agency that a story on this topic quotes. */
  gov: string;
  agency: string;
  /** Headlines; the first `leads.length` go with the lead of the same index, the rest only head teasers. */
  titles: string[];
  decks: string[];
  /** Opening sentences: the feed's description and the body's first sentence. */
  leads: string[];
  sentences: string[];
  /** Quote texts, put in a speaker's mouth by one of the quote frames. */
  quotes: string[];
}

/** What both languages' story books hold. */
export interface Book {
  givenNames: string[];
  companyPrefixes: string[];
  companySuffixes: string[];
  institutes: string[];
  unions: string[];
  when: string[];
  months: string[];
  topics: Topic[];
  general: string[];
  quotes: string[];
  quoteFrames: string[];
  /** Reported speech, "{speaker} {verb} that {claim}": many combinations from few lines. */
  speakers: string[];
  reportVerbs: string[];
  claims: string[];
  /** Sentences carrying the article's `{kw}`; exactly one goes into every story. */
  keyword: string[];
  /** Sentences of which exactly one goes into every story (Korean: syllables only CP949 has). */
  required?: string[];
}

/**
 * Sentence frames over a per-story vocabulary. Most of a body is written
 * from these rather than from whole stock sentences: each story draws its own
 * handful of things it is about ("the revised rail subsidy scheme"), groups
 * and verbs, so two stories share few word (or, in Korean, character)
 * n-grams, as two real stories do, and story clustering keeps them apart.
 */
export interface Grammar {
  frames: string[];
  subjects: string[];
  sources: string[];
  adjuncts: string[];
  groups: string[];
  modifiers: string[];
  heads: string[];
  verbsPast: string[];
}

export interface EnglishGrammar extends Grammar {
  modals: string[];
  adjectives: string[];
  verbsBare: string[];
}

export interface KoreanGrammar extends Grammar {
  nouns: string[];
  passives: string[];
  effects: string[];
}

export interface EnglishBook extends Book {
  grammar: EnglishGrammar;
  familyNames: string[];
  places: Array<[city: string, country: string]>;
  officialRoles: string[];
  executiveRoles: string[];
  expertRoles: string[];
  voiceRoles: string[];
  currencies: string[];
}

export interface KoreanBook extends Book {
  grammar: KoreanGrammar;
  givenFirst: string[];
  givenSecond: string[];
  surnames: string[];
  places: Array<[city: string, district: string]>;
  countries: string[];
  officialTitles: string[];
  executiveTitles: string[];
  expertTitles: string[];
}

/** Words the generated publishers' pages use around the story; all of it is boilerplate. */
export interface PublisherWords {
  /** Sections and their sub-sections, for navigation bars and mega menus. */
  menu: Array<[section: string, subsections: string[]]>;
  captions: string[];
  photoCredits: string[];
  /** English: comment lines and commenters' handles (the magazine template's thread). */
  comments?: string[];
  commenters?: string[];
  /** English mastheads are "The {town} {paper}"; Korean ones "{name}일보" and the like. */
  papers?: string[];
  towns?: string[];
  names?: string[];
}

/** One language's book: the story material, the publishers' chrome, the classic sites' chrome, story-pair topics. */
export interface LanguageBook<B extends Book> {
  story: B;
  publishers: PublisherWords;
  classicSites: Record<string, ClassicChrome>;
  storyPairs: {
    topics: StoryPairTopic[];
    outlets: StoryPairOutlet[];
    synonyms: Array<[pattern: string, replacement: string]>;
  };
}

/** An outlet that carries wire copy: its dateline (`{PLACE}` is the story's place, upper case), captions, teasers, credits. */
export interface StoryPairOutlet {
  dateline: string;
  caption: string[];
  teasers: string[];
  outro: string[];
}

/** Markup vocabulary: CSS selector parts and declarations, consent-manager vendor names. */
export interface PageFurniture {
  css: { blocks: string[]; elements: string[]; modifiers: string[]; declarations: string[] };
  vendors: { words: string[]; names: string[] };
}

/**
 * Where the books live. This module is `src/newsroom/prose.ts` when run from
 * source and bundled into `dist/index.js` when built, so the directory is two
 * levels up from the former and one from the latter.
 */
function proseUrl(name: string): URL {
  const depth = import.meta.url.includes('/src/newsroom/') ? '../../prose/' : '../prose/';
  return new URL(depth + name, import.meta.url);
}

function load<T>(name: string): T {
  return JSON.parse(readFileSync(proseUrl(name), 'utf8')) as T;
}

export const ENGLISH: LanguageBook<EnglishBook> = load('en.json');
export const KOREAN: LanguageBook<KoreanBook> = load('ko.json');
export const FURNITURE: PageFurniture = load('page-furniture.json');

/** The book for `language`. */
export const bookOf = (language: Language): LanguageBook<EnglishBook> | LanguageBook<KoreanBook> =>
  language === 'en' ? ENGLISH : KOREAN;
