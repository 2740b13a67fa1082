import { describe, expect, it } from 'vitest';
import { capitalisedSpans } from './english-spans';

const words = (text: string) => capitalisedSpans(text).map((s) => s.words.join(' '));

describe('capitalisedSpans', () => {
  it('joins names across connectors, not across "and" or commas', () => {
    expect(words('The Bank of England and the Ministry of Transport met Johnson & Johnson, Acme.')).toEqual([
      'The Bank of England',
      'Ministry of Transport',
      'Johnson & Johnson',
      'Acme',
    ]);
  });

  it('keeps initials and abbreviations inside a name and ends it at a possessive', () => {
    expect(words('Sen. J. K. Rowling spoke in the U.S., and Britain’s minister left.')).toEqual([
      'Sen. J. K. Rowling',
      'U.S.',
      'Britain',
    ]);
  });

  it('knows what stood around a span and whether it opened a sentence', () => {
    const [first, second] = capitalisedSpans(
      'Officials said. Later, Ana Ruiz said in Denver that prices rose.',
    ).filter((s) => s.words[0] !== 'Later');
    expect(first).toMatchObject({ words: ['Officials'], sentenceStart: true, after: 'said' });
    expect(second).toMatchObject({
      words: ['Ana', 'Ruiz'],
      sentenceStart: false,
      before: ',',
      after: 'said',
    });
    expect(capitalisedSpans('prices rose in Denver.').at(-1)).toMatchObject({
      words: ['Denver'],
      before: 'in',
    });
  });
});
