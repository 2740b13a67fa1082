import { classifyWord, stems } from './korean-patterns';
import { COMPOUND_SURNAMES, NOT_NAMES, SURNAMES, TITLE_MODIFIERS, TITLES } from './korean-words';
import { EntityTally } from './tally';
import type { Entities } from './types';

const HANGUL = /^\p{Script=Hangul}+$/u;

/**
 * Titles that are never also common nouns: after these a two-syllable name
 * ("김구 선생") is believed. "시장" (market), "대표" (representative) and
 * the like need the usual three syllables.
 */
const STRONG_TITLES = new Set([
  '기자',
  '대통령',
  '장관',
  '의원',
  '교수',
  '씨',
  '회장',
  '감독',
  '선수',
  '위원장',
  '총리',
]);

/** Titles that are also everyday nouns (시장 "market", 이사 "moving", 검사 "test"): titles only when glued to a place or company ("서울시장"). */
const GLUED_ONLY = new Set(['시장', '이사', '검사']);

/**
 * Final syllables of institutions ("이사회") and particles ("공사는"): a name
 * right before its title carries no particle, and given names practically
 * never end in these.
 */
const NOT_NAME_ENDINGS = /[회청당처팀단는를을에의와과로서]$/u;

/**
 * People, places and organisations in Korean text, without a tagger: a
 * gazetteer, suffix rules, and names recognised by the title after them
 * (see README "Korean").
 */
export function koreanEntities(text: string, title?: string): Entities {
  const words = tokenize(title ? `${title}\n${text}` : text);
  const tally = new EntityTally();
  const bySurname: string[] = [];

  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const titled = titleOf(word);
    if (titled !== undefined) {
      if (titled.prefix) {
        // "서울시장", "삼성전자회장": the place or company before the title counts too.
        const owner = classifyWord(titled.prefix);
        if (owner && owner.kind !== 'people') tally.add(owner.kind, owner.name);
        else if (titled.title === '씨' && isName(titled.prefix, titled.title)) {
          tally.add('people', titled.prefix);
          continue;
        }
      }
      const name = nameBefore(words, i, titled.title);
      if (name?.length === 1) bySurname.push(name);
      else if (name) tally.add('people', name);
      if (name || titled.prefix) continue;
    }
    const hit = classifyWord(word);
    if (hit) tally.add(hit.kind, hit.name);
  }

  // "윤 대통령" is the 윤석열 named earlier, when the article names only one 윤.
  const found = tally.result().people;
  for (const surname of bySurname) {
    const matches = found.filter((n) => n.startsWith(surname) && n.length >= 2);
    if (matches.length === 1) tally.add('people', matches[0]!);
  }
  return tally.result();
}

/** Words as written between spaces; parenthesised ages and notes ("김모(45)씨") and list dots split. */
function tokenize(text: string): string[] {
  return text
    .replace(/\([^()]{0,30}\)/g, ' ')
    .split(/[^\p{L}\p{N}&]+/u)
    .filter(Boolean);
}

/** The title a word is or ends in ("대통령은" → 대통령; "서울시장" → 시장 after "서울"). */
function titleOf(word: string): { title: string; prefix: string } | undefined {
  for (const stem of stems(word)) {
    for (const title of TITLES) {
      if (stem === title) {
        if (GLUED_ONLY.has(title)) return undefined;
        return { title, prefix: '' };
      }
      if (stem.endsWith(title) && stem.length > title.length && title.length >= 2) {
        const prefix = stem.slice(0, -title.length);
        // One syllable before a title is a word ("출국장"), not an owner.
        if ((HANGUL.test(prefix) && prefix.length >= 2) || /^[A-Z]/.test(prefix)) return { title, prefix };
      }
      if (title === '씨' && stem.endsWith('씨') && stem.length >= 3)
        return { title, prefix: stem.slice(0, -1) };
    }
  }
  return undefined;
}

/**
 * The name written before the title at `i`, skipping "전"/"신임" and one
 * company or place ("이재용 삼성전자 회장"). A lone surname ("윤 대통령")
 * comes back as one syllable for the caller to resolve.
 */
function nameBefore(words: string[], i: number, title: string): string | undefined {
  let j = i - 1;
  while (j >= 0 && TITLE_MODIFIERS.has(words[j]!)) j--;
  if (j < 0) return undefined;
  if (isName(words[j]!, title)) return words[j];
  if (words[j]!.length === 1 && SURNAMES.has(words[j]!)) return words[j];
  const between = classifyWord(words[j]!);
  if (!between || between.kind === 'people') return undefined;
  j--;
  while (j >= 0 && TITLE_MODIFIERS.has(words[j]!)) j--;
  return j >= 0 && isName(words[j]!, title) ? words[j] : undefined;
}

/** A Korean personal name: a common surname, then one or two syllables (two or three after a two-syllable surname). */
export function isName(word: string, title: string): boolean {
  if (!HANGUL.test(word) || NOT_NAMES.has(word) || NOT_NAME_ENDINGS.test(word)) return false;
  if (classifyWord(word)) return false;
  const compound = COMPOUND_SURNAMES.some((s) => word.startsWith(s));
  if (compound) return word.length === 3 || word.length === 4;
  if (!SURNAMES.has(word[0]!)) return false;
  if (word.length === 3) return true;
  return word.length === 2 && STRONG_TITLES.has(title);
}
