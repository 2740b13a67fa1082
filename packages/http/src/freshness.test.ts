import { describe, expect, it } from 'vitest';
import { freshnessSeconds } from './freshness';

describe('freshnessSeconds', () => {
  it.each([
    ['max-age', { cacheControl: 'public, max-age=1800' }, 1800],
    ['s-maxage wins', { cacheControl: 'max-age=60, s-maxage=600' }, 600],
    ['quoted', { cacheControl: 'max-age="300"' }, 300],
    ['no-cache', { cacheControl: 'no-cache, max-age=600' }, undefined],
    ['max-age=0', { cacheControl: 'max-age=0' }, undefined],
    [
      'expires from date',
      { expires: 'Fri, 27 Nov 2026 12:10:00 GMT', date: 'Fri, 27 Nov 2026 12:00:00 GMT' },
      600,
    ],
    [
      'expires in the past',
      { expires: 'Fri, 27 Nov 2026 11:00:00 GMT', date: 'Fri, 27 Nov 2026 12:00:00 GMT' },
      undefined,
    ],
    [
      'max-age beats expires',
      {
        cacheControl: 'max-age=5',
        expires: 'Fri, 27 Nov 2026 13:00:00 GMT',
        date: 'Fri, 27 Nov 2026 12:00:00 GMT',
      },
      5,
    ],
    ['nothing', {}, undefined],
    ['garbage', { cacheControl: 'max-age=soon', expires: 'never' }, undefined],
  ])('%s', (_name, headers, expected) => {
    expect(freshnessSeconds(headers)).toBe(expected);
  });
});
