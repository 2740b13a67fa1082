import type { Random } from './newsroom-random';

/** Story material for one language: fill-in slots, topics and sentence pools. */
export interface ProseBook {
  /** Each slot gets one value per article, reused wherever the slot occurs. */
  slots: Record<string, string[]>;
  /** The first sentence of each topic is its lead: it opens every story on that topic. */
  topics: Array<{ titles: string[]; sentences: string[] }>;
  /** Sentences that fit any topic. */
  general: string[];
  /** Sentences carrying the article's `{keyword}`; exactly one is used. */
  keyword: string[];
  /** Sentences of which exactly one must appear in every article. */
  required?: string[];
}

/** A generated story. */
export interface Story {
  title: string;
  paragraphs: string[];
  /** The first sentence, which feeds use as the item description. */
  summary: string;
}

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

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)(?::([^}]+))?\}/g, (_match, name: string, particle?: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value for slot {${name}} in "${template}"`);
    return particle ? withParticle(value, particle) : value;
  });
}

/**
 * Writes a 4–8 paragraph story on topic number `topicIndex` (modulo the
 * number of topics) from `book`. The keyword sentence lands in a middle
 * paragraph, never in the first (which feeds use as the summary), so
 * searching for the keyword finds the article by its body.
 */
export function writeStory(random: Random, book: ProseBook, keyword: string, topicIndex: number): Story {
  const values: Record<string, string> = { keyword };
  for (const [slot, options] of Object.entries(book.slots)) values[slot] = random.pick(options);
  const topic = book.topics[topicIndex % book.topics.length]!;
  const title = fill(random.pick(topic.titles), values);

  const paragraphCount = random.int(4, 8);
  const sizes = Array.from({ length: paragraphCount }, () => random.int(2, 3));
  const needed = sizes.reduce((sum, size) => sum + size, 0);
  const [opening, ...others] = topic.sentences;
  const topical = random.sample(others, others.length);
  const general = random.sample(book.general, book.general.length);
  // Open with the topic's lead and one more fact, so the story reads like news rather than reaction.
  const lead = [opening!, ...topical.splice(0, 1)];
  const rest = random.sample([...topical, ...general], needed - lead.length);
  const pool = [...lead, ...rest];
  if (pool.length < needed) throw new Error('prose book too small for the longest story');

  const paragraphs = sizes.map((size) => pool.splice(0, size));
  const middle = paragraphs[random.int(1, paragraphCount - 2)]!;
  middle.splice(random.int(1, middle.length), 0, random.pick(book.keyword));
  if (book.required) {
    const other = paragraphs[random.int(1, paragraphCount - 1)]!;
    other.push(random.pick(book.required));
  }
  return {
    title,
    paragraphs: paragraphs.map((sentences) => fill(sentences.join(' '), values)),
    summary: fill(lead[0]!, values),
  };
}

const ONSETS = ['b', 'd', 'f', 'g', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'z', 'qu', 'x', 'br', 'gl'];
const VOWELS = ['a', 'e', 'i', 'o', 'u'];
const CODAS = ['', '', 'x', 'n', 'r', 'l', 'nk'];

/**
 * A made-up word plus four digits, e.g. `zorblax4821`: one token to a search
 * engine, in English and Korean text alike, and in no dictionary.
 */
export function inventKeyword(random: Random): string {
  let word = '';
  for (let i = 0; i < 3; i++) word += random.pick(ONSETS) + random.pick(VOWELS) + random.pick(CODAS);
  return word + String(random.int(1000, 9999));
}
