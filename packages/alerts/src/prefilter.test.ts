import { articleDocument } from '@tidings/testing';
import { describe, expect, it } from 'vitest';
import { articleFacts, couldMatch, fold, requiredPieces } from './prefilter';
import { StoredSavedSearch } from './saved-search';

const search = (q: string, filters: Record<string, unknown> = {}) =>
  StoredSavedSearch.parse({
    id: 'ss_0123456789abcdef',
    name: 'test',
    q,
    filters,
    channels: [],
    feedKey: 'k',
    createdAt: '2026-12-01T00:00:00.000Z',
    updatedAt: '2026-12-01T00:00:00.000Z',
  });

describe('the prefilter of saved-search matching', () => {
  it('folds a text as normalising it whole would, though only its runs outside ASCII and Hangul syllables are normalised', () => {
    const whole = (text: string) =>
      fold(
        text
          .normalize('NFKD')
          .replace(/\p{M}+/gu, '')
          .normalize('NFC'),
      );
    // Letters that compose, decompose or fold: marks after ASCII and after syllables, conjoining
    // jamo (leading, vowel, trailing) beside syllables, compatibility and circled forms, ligatures.
    const alphabet = [
      ...'aeiouAZ <>-1',
      'é',
      'Ü',
      'ß',
      'Æ',
      'ı',
      'İ',
      'ﬁ',
      'Ａ',
      '①',
      '≮',
      '\u0301',
      '\u0308',
      '\u0338',
      '\u0345',
      '\u3099',
      '가',
      '각',
      '한',
      '글',
      '\u1100',
      '\u1161',
      '\u11A8',
      '\u11AB',
      '㉠',
      '㉮',
      'ﾡ',
      'ㄱ',
      'カ',
      'ﾊﾟ',
      '한'.normalize('NFD'),
    ];
    // Every string of up to three of them: each neighbourhood a longer text can have.
    let texts = alphabet;
    for (let length = 1; length <= 3; length++) {
      for (const text of texts) expect(fold(text), JSON.stringify(text)).toBe(whole(text));
      if (length < 3) texts = texts.flatMap((text) => alphabet.map((next) => text + next));
    }
  });

  it('folds case, accents, compatibility forms and a few letters NFKD keeps whole', () => {
    expect(fold('Café ZÜRICH Straße Ærø ﬁne')).toBe('cafe zurich strasse aero fine');
    // Hangul in syllables, whether it came composed or as jamo.
    expect(fold('서울 지하철')).toBe('서울 지하철');
    expect(fold('서울'.normalize('NFD'))).toBe('서울');
  });

  it('takes the pieces of a leading phrase only, cut where Meilisearch may cut', () => {
    expect(requiredPieces('"Ada Park"')).toEqual(['ada', 'park']);
    expect(requiredPieces('  "Ada Park" strike')).toEqual(['ada', 'park']);
    expect(requiredPieces('"iPhone G20"')).toEqual(['i', 'phone', 'g', '20']);
    expect(requiredPieces('"반도체 수출"')).toEqual(['반', '도', '체', '수', '출']);
    // Typed as jamo, the same syllables.
    expect(requiredPieces(`"${'반도체'.normalize('NFD')}"`)).toEqual(['반', '도', '체']);
    // Nothing can be said: no phrase first, an open quote, an empty phrase.
    expect(requiredPieces('strike "Ada Park"')).toBeUndefined();
    expect(requiredPieces('"Ada Park')).toBeUndefined();
    expect(requiredPieces('"" strike')).toBeUndefined();
    expect(requiredPieces('')).toBeUndefined();
  });

  it('rules an article out by its filters or its missing phrase, never otherwise', () => {
    const facts = articleFacts(
      articleDocument({
        url: 'https://wire.example/a',
        title: 'Dock strike',
        text: 'Ada Park led the dock workers at Harbour City.',
        people: ['Ada Park'],
        places: ['Harbour City'],
        publishedAt: '2026-11-13T12:00:00.000Z',
      }),
    );
    const could = (q: string, filters?: Record<string, unknown>) => couldMatch(search(q, filters))(facts);
    expect(could('"ada park"')).toBe(true);
    expect(could('"ADA  PARK" zebra')).toBe(true);
    expect(could('"zebra" dock')).toBe(false);
    expect(could('zebra')).toBe(true); // unquoted: typos and prefixes are Meilisearch's to judge
    expect(could('', { person: ['ada park'], place: ['HARBOUR CITY'] })).toBe(true);
    expect(could('', { person: ['Ada Park', 'Lars Berg'] })).toBe(false);
    expect(could('', { source: ['wire.example'], language: ['en'] })).toBe(true);
    expect(could('', { source: ['other.example'] })).toBe(false);
    expect(could('', { from: '2026-11-13', to: '2026-11-13' })).toBe(true);
    expect(could('', { to: '2026-11-12' })).toBe(false);
    expect(could('', { from: '2026-11-13T12:00:01Z' })).toBe(true); // a second's grace either side
    expect(could('', { from: '2026-11-14' })).toBe(false);
    expect(couldMatch(search('"zebra"'))(undefined)).toBe(true);
  });

  it('keeps no text of a very long article, and then asks Meilisearch', () => {
    const long = articleFacts(articleDocument({ url: 'https://a.example/1', text: 'word '.repeat(20_000) }));
    expect(long.haystack).toBeUndefined();
    expect(couldMatch(search('"zebra"'))(long)).toBe(true);
  });
});
