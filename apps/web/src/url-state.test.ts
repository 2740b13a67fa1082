import { describe, expect, it } from 'vitest';
import {
  type AppState,
  decodeState,
  encodeState,
  initialState,
  MAX_PAGE,
  searchKey,
  toggleFilter,
  withRange,
} from './url-state';

const STORY = 'a'.repeat(32);
const ARTICLE = '0123456789abcdef0123456789abcdef';

const full: AppState = {
  q: '반도체 수출 & "chips"',
  filters: {
    source: ['news.example', 'yna.co.kr'],
    language: ['ko'],
    person: ['이서연'],
    place: ['Seoul'],
    org: ['Samsung Electronics, Co.'],
  },
  from: '2026-01-05',
  to: '2026-01-11',
  sort: 'recent',
  page: 3,
  expanded: [STORY],
  article: ARTICLE,
  saved: true,
};

describe('the state in the URL', () => {
  it('reads back every part it writes, Korean, punctuation and commas included', () => {
    expect(decodeState(encodeState(full))).toEqual(full);
  });

  it('writes nothing for the initial state, and leaves out defaults', () => {
    expect(encodeState(initialState())).toBe('');
    expect(encodeState({ ...initialState(), q: 'harbour' })).toBe('?q=harbour');
  });

  it('keeps several values of one filter as repeated parameters', () => {
    const url = encodeState({
      ...initialState(),
      filters: { ...initialState().filters, source: ['a', 'b'] },
    });
    expect(url).toBe('?source=a&source=b');
  });

  it('reads a query string with or without its question mark', () => {
    expect(decodeState('q=storm').q).toBe('storm');
    expect(decodeState('?q=storm').q).toBe('storm');
  });

  it('drops what it cannot mean instead of failing', () => {
    const state = decodeState(
      '?sort=random&page=-4&from=2026-13-45&to=yesterday&article=../../etc&story=x&story=' +
        STORY +
        '&source=&source=%20ok%20&panel=other',
    );
    expect(state).toEqual({
      ...initialState(),
      filters: { ...initialState().filters, source: ['ok'] },
      expanded: [STORY],
    });
  });

  it('keeps the page within what the API can page to', () => {
    expect(decodeState('?page=2.5').page).toBe(1);
    expect(decodeState('?page=99999').page).toBe(MAX_PAGE);
  });

  it('keeps only the start of a range written the wrong way round', () => {
    const state = decodeState('?from=2026-02-01&to=2026-01-01');
    expect([state.from, state.to]).toEqual(['2026-02-01', undefined]);
  });

  it('caps the query at the 512 characters the API takes, and repeated values', () => {
    expect(decodeState(`?q=${'x'.repeat(600)}`).q).toHaveLength(512);
    expect(decodeState('?language=en&language=en').filters.language).toEqual(['en']);
  });

  it('never carries the read token: there is no place for it', () => {
    expect(decodeState('?token=secret&authorization=Bearer%20x')).toEqual(initialState());
  });
});

describe('the search key', () => {
  it('changes with what is searched, not with what is shown', () => {
    const key = searchKey(full);
    const shown: AppState = { ...full, article: undefined, expanded: [], saved: false };
    expect(searchKey(shown)).toBe(key);
    expect(searchKey({ ...full, q: 'other' })).not.toBe(key);
    expect(searchKey({ ...full, page: 4 })).not.toBe(key);
  });
});

describe('filter changes', () => {
  it('toggle a value on and off and go back to the first page', () => {
    const on = toggleFilter({ ...initialState(), page: 4 }, 'place', 'Busan');
    expect(on.filters.place).toEqual(['Busan']);
    expect(on.page).toBe(1);
    expect(toggleFilter(on, 'place', 'Busan').filters.place).toEqual([]);
  });

  it('set and clear a date range', () => {
    const narrowed = withRange({ ...initialState(), page: 2 }, '2026-01-01', '2026-01-07');
    expect([narrowed.from, narrowed.to, narrowed.page]).toEqual(['2026-01-01', '2026-01-07', 1]);
    const cleared = withRange(narrowed);
    expect('from' in cleared || 'to' in cleared).toBe(false);
  });
});
