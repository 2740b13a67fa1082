import { describe, expect, it } from 'vitest';
import { detectLanguage, primarySubtag } from './language';

const KOREAN =
  '서울시가 2028년까지 한강공원에 수상정원을 조성한다고 2일 밝혔다. AI 기반 관리 시스템도 도입한다.';
const JAPANESE =
  '東京都は2日、新しい公園の整備計画を発表した。完成は2028年の予定で、市民の意見を募集している。';
const CHINESE = '北京市政府周二宣布，将在未来三年内新建二十个城市公园，以改善居民的生活环境和空气质量。';
const ENGLISH =
  'The city council voted nine to four shortly before midnight to turn the freight yard into a park.';
const GERMAN =
  'Der Stadtrat hat am Montag beschlossen, den alten Güterbahnhof in einen öffentlichen Park umzuwandeln.';
const FRENCH =
  'Le conseil municipal a voté lundi la transformation de l’ancienne gare de marchandises en parc public.';
const UKRAINIAN =
  'Міська рада в понеділок проголосувала за створення нового парку на місці старої вантажної станції.';
const SERBIAN_LATIN =
  'Gradsko veće je u ponedeljak izglasalo pretvaranje stare teretne stanice u javni park za sve građane.';
const RUSSIAN =
  'Городской совет в понедельник проголосовал за создание нового парка на месте старой станции.';

describe('detectLanguage', () => {
  it.each([
    { name: 'Hangul text', text: KOREAN, declared: [], want: 'ko' },
    { name: 'Hangul beats a template lang="en"', text: KOREAN, declared: ['en'], want: 'ko' },
    { name: 'kana means Japanese', text: JAPANESE, declared: [], want: 'ja' },
    { name: 'Japanese declared as zh stays Japanese', text: JAPANESE, declared: ['zh-CN'], want: 'ja' },
    { name: 'Han without kana means Chinese', text: CHINESE, declared: [], want: 'zh' },
    { name: 'English from the text alone', text: ENGLISH, declared: [], want: 'en' },
    { name: 'German from the text alone', text: GERMAN, declared: [], want: 'de' },
    { name: 'the text beats a wrong template declaration', text: ENGLISH, declared: ['de'], want: 'en' },
    { name: 'French from the text alone', text: FRENCH, declared: [], want: 'fr' },
    { name: 'Latin text agreeing with its declaration', text: GERMAN, declared: ['de-DE'], want: 'de' },
    { name: 'og:locale style declaration', text: GERMAN, declared: ['de_AT'], want: 'de' },
    {
      name: 'a contradicting CJK declaration is ignored for Latin text',
      text: ENGLISH,
      declared: ['ko-KR'],
      want: 'en',
    },
    { name: 'Russian from the text alone', text: RUSSIAN, declared: [], want: 'ru' },
    { name: 'Ukrainian from the text alone', text: UKRAINIAN, declared: [], want: 'uk' },
    { name: 'Cyrillic ignores a Latin declaration', text: RUSSIAN, declared: ['en'], want: 'ru' },
    { name: 'a close relative follows the declaration', text: SERBIAN_LATIN, declared: ['hr'], want: 'hr' },
    {
      name: 'Greek script',
      text: 'Το δημοτικό συμβούλιο ψήφισε τη δημιουργία νέου πάρκου στην πόλη.',
      declared: [],
      want: 'el',
    },
    { name: 'too little text uses the declaration', text: 'OK 123', declared: ['fr'], want: 'fr' },
    { name: 'too little text and no declaration', text: 'OK', declared: [], want: undefined },
  ])('$name', ({ text, declared, want }) => {
    expect(detectLanguage(text, declared)).toBe(want);
  });
});

describe('primarySubtag', () => {
  it.each([
    ['en-US', 'en'],
    ['ko_KR', 'ko'],
    [' ZH-Hant-TW ', 'zh'],
    ['fil', 'fil'],
    ['und', undefined],
    ['english', undefined],
    ['', undefined],
    [undefined, undefined],
  ])('%s → %s', (tag, want) => {
    expect(primarySubtag(tag)).toBe(want);
  });
});
