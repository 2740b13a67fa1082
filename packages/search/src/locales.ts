import type { Locale } from 'meilisearch';

/** The languages the index is tuned for, as Meilisearch locales. */
export const INDEX_LOCALES: Locale[] = ['kor', 'eng', 'jpn', 'cmn'];

/**
 * The locales a query is written in, from its scripts: Hangul → Korean,
 * kana → Japanese, Han without kana → Chinese, Latin → English. Meilisearch
 * then segments the query as it segmented the documents in those languages,
 * so a Korean query finds Korean articles, an English one English articles,
 * and a mixed query both. Undefined (let Meilisearch detect) for anything else.
 */
export function queryLocales(q: string): Locale[] | undefined {
  const locales = new Set<Locale>();
  if (/\p{Script=Hangul}/u.test(q)) locales.add('kor');
  if (/[\p{Script=Hiragana}\p{Script=Katakana}]/u.test(q)) locales.add('jpn');
  else if (/\p{Script=Han}/u.test(q)) locales.add('cmn');
  if (/\p{Script=Latin}/u.test(q)) locales.add('eng');
  return locales.size > 0 ? [...locales] : undefined;
}
