import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { BOILERPLATE } from '.';
import { ENGLISH, KOREAN } from './prose';
import { SHORT_LENGTH, storyHeader, withParticle, writeStory } from './story';

describe('withParticle', () => {
  it.each([
    ['위원장', '은', '위원장은'],
    ['교수', '은', '교수는'],
    ['중앙로', '을', '중앙로를'],
    ['강변북길', '을', '강변북길을'],
    ['35억 원', '은', '35억 원은'],
    ['서울', '으로', '서울로'],
    ['남강시', '으로', '남강시로'],
    ['새말동', '로', '새말동으로'],
    ['시장', '가', '시장이'],
    ['zorblax4821', '은', 'zorblax4821는'],
  ])('%s + %s → %s', (word, particle, expected) => {
    expect(withParticle(word, particle)).toBe(expected);
  });
});

describe('writeStory', () => {
  it.each(['en', 'ko'] as const)(
    'writes short %s stories of 4–8 paragraphs with the keyword once, after the lead',
    (language) => {
      for (let i = 0; i < 50; i++) {
        const header = storyHeader(11, i, language);
        const story = writeStory(header, SHORT_LENGTH);
        expect(story.paragraphs.length).toBeGreaterThanOrEqual(4);
        expect(story.paragraphs.length).toBeLessThanOrEqual(8);
        expect(story.paragraphs.join('\n').split(header.keyword)).toHaveLength(2);
        expect(story.paragraphs[0]).not.toContain(header.keyword);
        expect(story.paragraphs[0]!.startsWith(story.summary)).toBe(true);
        expect(`${story.title}\n${story.paragraphs.join('\n')}`).not.toMatch(/[{}]/);
        const required = language === 'ko' ? KOREAN.story.required! : [];
        if (required.length > 0)
          expect(required.some((sentence) => story.paragraphs.join(' ').includes(sentence))).toBe(true);
      }
    },
  );

  it('writes full stories of 400 words and more for publishers’ pages', () => {
    const story = writeStory(storyHeader(3, 7, 'en'));
    expect(story.words).toBeGreaterThanOrEqual(400);
    expect(story.paragraphs.length).toBeGreaterThan(8);
  });

  it('repeats itself for the same seed and index, and not for another', () => {
    const write = (seed: number) => writeStory(storyHeader(seed, 2, 'ko'), SHORT_LENGTH);
    expect(write(5)).toEqual(write(5));
    expect(write(6).paragraphs).not.toEqual(write(5).paragraphs);
  });
});

describe('the prose books', () => {
  const strings = (value: unknown): string[] =>
    typeof value === 'string'
      ? [value]
      : Array.isArray(value)
        ? value.flatMap(strings)
        : value && typeof value === 'object'
          ? Object.values(value).flatMap(strings)
          : [];

  it('hold only text CP949 can encode in what Korean pages show, so EUC-KR pages never carry "?"', () => {
    const onPages = [KOREAN.story, KOREAN.publishers, KOREAN.classicSites];
    for (const text of strings(onPages))
      expect(iconv.decode(iconv.encode(text, 'euc-kr'), 'euc-kr')).toBe(text);
  });

  it('never use a classic boilerplate phrase in story material', () => {
    for (const [book, phrases] of [
      [ENGLISH.story, BOILERPLATE.en],
      [KOREAN.story, BOILERPLATE.ko],
    ] as const) {
      const text = strings(book).join('\n');
      for (const phrase of phrases) expect(text, phrase).not.toContain(phrase);
    }
  });
});
