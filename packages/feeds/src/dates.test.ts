import { describe, expect, it } from 'vitest';
import { toIsoDate } from './dates';

describe('toIsoDate', () => {
  it.each([
    ['RFC 822 with offset', 'Tue, 07 May 2024 08:15:00 +0200', '2024-05-07T06:15:00.000Z'],
    ['RFC 822 GMT', 'Mon, 06 May 2024 22:00:00 GMT', '2024-05-06T22:00:00.000Z'],
    ['RFC 822 US zone', 'Wed, 02 Oct 2002 08:00:00 EST', '2002-10-02T13:00:00.000Z'],
    ['RFC 822 KST', 'Sun, 05 May 2024 10:00:00 KST', '2024-05-05T01:00:00.000Z'],
    ['RFC 822 JST in parentheses', 'Sun, 05 May 2024 10:00:00 (JST)', '2024-05-05T01:00:00.000Z'],
    ['RFC 822 CEST', 'Sun, 05 May 2024 10:00:00 CEST', '2024-05-05T08:00:00.000Z'],
    ['RFC 822 without weekday or seconds', '06 May 2024 22:00 +0000', '2024-05-06T22:00:00.000Z'],
    ['RFC 822 two-digit year', 'Mon, 06 May 24 22:00:00 GMT', '2024-05-06T22:00:00.000Z'],
    ['RFC 822 without zone is UTC', 'Mon, 06 May 2024 22:00:00', '2024-05-06T22:00:00.000Z'],
    ['RFC 822 colon in offset', 'Mon, 06 May 2024 22:00:00 +09:00', '2024-05-06T13:00:00.000Z'],
    ['RFC 850 style', 'Monday, 06-May-24 22:00:00 GMT', '2024-05-06T22:00:00.000Z'],
    ['ISO 8601 Z', '2024-05-07T08:00:00Z', '2024-05-07T08:00:00.000Z'],
    ['ISO 8601 offset', '2024-05-07T08:00:00+09:00', '2024-05-06T23:00:00.000Z'],
    ['ISO 8601 offset without colon', '2024-05-07T08:00:00+0900', '2024-05-06T23:00:00.000Z'],
    ['ISO 8601 fractional seconds', '2024-05-07T08:00:00.123456Z', '2024-05-07T08:00:00.123Z'],
    ['ISO without zone is UTC', '2024-05-07T08:00:00', '2024-05-07T08:00:00.000Z'],
    ['ISO with space, without zone, is UTC', '2024-05-07 08:00:00', '2024-05-07T08:00:00.000Z'],
    ['ISO with space and offset', '2024-05-07 08:00:00 +0900', '2024-05-06T23:00:00.000Z'],
    ['date only', '2024-05-07', '2024-05-07T00:00:00.000Z'],
    ['slashes without zone is UTC', '2024/05/07 08:00:00', '2024-05-07T08:00:00.000Z'],
    ['surrounding whitespace', '  2024-05-07T08:00:00Z\n', '2024-05-07T08:00:00.000Z'],
    ['ordinal day', 'November 27th, 2026', '2026-11-27T00:00:00.000Z'],
    ['ordinal day with 12-hour clock', 'Tuesday, December 1st, 2026 4:15 PM', '2026-12-01T16:15:00.000Z'],
    ['Korean words', '2026년 11월 27일 09:30', '2026-11-27T09:30:00.000Z'],
    ['Korean words with weekday and 오후', '2026년 11월 27일 (금) 오후 3:30', '2026-11-27T15:30:00.000Z'],
    ['Korean words, date only', '2026년 11월 27일', '2026-11-27T00:00:00.000Z'],
    ['dotted date is UTC', '2026.11.27', '2026-11-27T00:00:00.000Z'],
    ['zone name glued to its offset', 'Fri, 27 Nov 2026 09:30:00 KST+0900', '2026-11-27T00:30:00.000Z'],
    ['three-digit offset', 'Fri, 27 Nov 2026 09:30:00 +900', '2026-11-27T00:30:00.000Z'],
    ['hour-only offset', '2026-11-27T09:30:00+09', '2026-11-27T00:30:00.000Z'],
    ['Unix seconds', '1795771800', '2026-11-27T09:30:00.000Z'],
    ['Unix milliseconds', '1795771800000', '2026-11-27T09:30:00.000Z'],
    ['31 February (RFC 822) is not 3 March', 'Tue, 31 Feb 2026 10:00:00 GMT', undefined],
    ['30 February (ISO) is not 2 March', '2026-02-30T10:00:00Z', undefined],
    ['29 February of a leap year', '2028-02-29T10:00:00Z', '2028-02-29T10:00:00.000Z'],
    ['ambiguous day/month order', '27/11/2026 09:30', undefined],
    ['garbage', 'the day before yesterday', undefined],
    ['impossible month', '2024-13-45T00:00:00Z', undefined],
    ['zero date', '0000-00-00 00:00:00', undefined],
    ['empty', '', undefined],
    ['missing', undefined, undefined],
  ])('%s', (_name, input, expected) => {
    expect(toIsoDate(input)).toBe(expected);
  });

  it('does not depend on the process time zone', () => {
    const before = process.env.TZ;
    try {
      process.env.TZ = 'Asia/Seoul';
      expect(toIsoDate('2024-05-07 08:00:00')).toBe('2024-05-07T08:00:00.000Z');
      expect(toIsoDate('2024/05/07')).toBe('2024-05-07T00:00:00.000Z');
      expect(toIsoDate('May 7th, 2024')).toBe('2024-05-07T00:00:00.000Z');
    } finally {
      process.env.TZ = before;
    }
  });
});
