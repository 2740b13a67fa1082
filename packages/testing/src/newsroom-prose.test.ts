import { describe, expect, it } from 'vitest';
import { inventKeyword, withParticle, writeStory } from './newsroom-prose';
import { ENGLISH_PROSE } from './newsroom-prose-en';
import { KOREAN_PROSE } from './newsroom-prose-ko';
import { createRandom } from './newsroom-random';

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
  it.each([
    ['English', ENGLISH_PROSE],
    ['Korean', KOREAN_PROSE],
  ])('writes %s stories of 4–8 paragraphs with the keyword once, after the lead', (_name, book) => {
    const random = createRandom(11);
    for (let i = 0; i < 50; i++) {
      const keyword = inventKeyword(random);
      const story = writeStory(random, book, keyword, i);
      expect(story.paragraphs.length).toBeGreaterThanOrEqual(4);
      expect(story.paragraphs.length).toBeLessThanOrEqual(8);
      expect(story.paragraphs.join('\n').split(keyword)).toHaveLength(2);
      expect(story.paragraphs[0]).not.toContain(keyword);
      expect(story.paragraphs[0]!.startsWith(story.summary)).toBe(true);
      expect(story.summary).not.toMatch(/[{}]/);
      expect(`${story.title}\n${story.paragraphs.join('\n')}`).not.toMatch(/[{}]/);
      if (book.required)
        expect(book.required.some((sentence) => story.paragraphs.join(' ').includes(sentence))).toBe(true);
    }
  });

  it('repeats itself for the same seed', () => {
    const write = () => writeStory(createRandom(5), KOREAN_PROSE, 'quanix1234', 2);
    expect(write()).toEqual(write());
  });
});
