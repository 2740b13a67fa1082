// Scripts whose language is (nearly) unambiguous from the letters alone.
const SCRIPT_LANGUAGE: [RegExp, string][] = [
  [/\p{Script=Thai}/gu, 'th'],
  [/\p{Script=Greek}/gu, 'el'],
  [/\p{Script=Hebrew}/gu, 'he'],
  [/\p{Script=Armenian}/gu, 'hy'],
  [/\p{Script=Georgian}/gu, 'ka'],
];
// Languages written in Latin letters cannot come from a Latin-letter check;
// these are the declared languages that contradict Latin text.
const NON_LATIN_LANGUAGES = new Set([
  'ko',
  'ja',
  'zh',
  'ru',
  'uk',
  'bg',
  'sr',
  'mk',
  'be',
  'kk',
  'ar',
  'fa',
  'ur',
  'he',
  'el',
  'th',
  'hi',
  'bn',
  'ta',
]);
const CYRILLIC_LANGUAGES = new Set(['ru', 'uk', 'bg', 'sr', 'mk', 'be', 'kk', 'ky', 'mn', 'tg']);
const ARABIC_LANGUAGES = new Set(['ar', 'fa', 'ur', 'ps', 'ku']);

const MIN_LETTERS = 20;

/**
 * The article's language as a BCP-47 primary subtag ("ko", "en"), decided
 * by the letters of its text first and by what the page declares second:
 * Korean sites often keep a template's `<html lang="en">`, so the
 * declaration only settles what the script cannot (which Latin or Cyrillic
 * language), and only when it does not contradict the script.
 *
 * Hangul → ko; any kana → ja; Han without kana → zh. Latin text takes a
 * compatible declared language, else "en". Other scripts take a compatible
 * declaration or, for single-language scripts (Thai, Greek...), that language. Returns
 * undefined when neither text nor declaration says anything usable.
 */
export function detectLanguage(text: string, declared: string[] = []): string | undefined {
  const hints = declared.map(primarySubtag).filter((h): h is string => Boolean(h));
  const count = (re: RegExp) => text.match(re)?.length ?? 0;
  const letters = count(/\p{L}/gu);
  if (letters < MIN_LETTERS) return hints[0];

  const hangul = count(/\p{Script=Hangul}/gu);
  const kana = count(/[\p{Script=Hiragana}\p{Script=Katakana}]/gu);
  const han = count(/\p{Script=Han}/gu);
  const latin = count(/\p{Script=Latin}/gu);
  const cyrillic = count(/\p{Script=Cyrillic}/gu);
  const arabic = count(/\p{Script=Arabic}/gu);

  // Korean prose mixes in Latin acronyms and the odd Hanja; a fifth of the
  // letters in Hangul is already far beyond what any other language shows.
  if (hangul / letters >= 0.2) return 'ko';
  const cjk = kana + han;
  if (cjk / letters >= 0.2) {
    // Japanese prose is rarely under a tenth kana and Chinese has none; the
    // margin leaves room for a Japanese quote in a Chinese article.
    if (kana / cjk >= 0.05) return 'ja';
    return 'zh';
  }
  if (cyrillic / letters >= 0.5) return hints.find((h) => CYRILLIC_LANGUAGES.has(h));
  if (arabic / letters >= 0.5) return hints.find((h) => ARABIC_LANGUAGES.has(h));
  for (const [re, lang] of SCRIPT_LANGUAGE) {
    if (count(re) / letters >= 0.5) return lang;
  }
  if (latin / letters >= 0.5) return hints.find((h) => !NON_LATIN_LANGUAGES.has(h)) ?? 'en';
  return hints[0];
}

/** "en-US" → "en", "ko_KR" → "ko"; undefined for anything that is not a language tag. */
export function primarySubtag(tag: string | undefined): string | undefined {
  const m = /^\s*([a-z]{2,3})(?:[-_][a-z0-9]+)*\s*$/i.exec(tag ?? '');
  const subtag = m?.[1]?.toLowerCase();
  // "und", "mul" and "zxx" are valid tags that name no language.
  return subtag && !['und', 'mul', 'zxx'].includes(subtag) ? subtag : undefined;
}
