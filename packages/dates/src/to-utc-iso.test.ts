import { describe, expect, it } from 'vitest';
import { FUTURE_TOLERANCE_MS, toUtcIso, trustedUntil } from './to-utc-iso';

describe('toUtcIso', () => {
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
    ['dotted date and time is UTC', '2026.03.02 09:30', '2026-03-02T09:30:00.000Z'],
    ['slashed date without leading zeros', '2026/3/2', '2026-03-02T00:00:00.000Z'],
    ['month name, date only', 'March 2, 2026', '2026-03-02T00:00:00.000Z'],
    ['month name with a 12-hour clock is UTC', 'March 2, 2026 9:30 AM', '2026-03-02T09:30:00.000Z'],
    ['ISO with milliseconds', '2026-03-02T09:30:00.123Z', '2026-03-02T09:30:00.123Z'],
    ['ISO west of Greenwich, next day in UTC', '2026-03-02T21:15:00-05:00', '2026-03-03T02:15:00.000Z'],
    ['impossible month at the start of a year', '2026-13-01T00:00:00Z', undefined],
    ['longer than any date', `2026-03-02 ${'x'.repeat(200)}`, undefined],
    ['garbage', 'the day before yesterday', undefined],
    ['impossible month', '2024-13-45T00:00:00Z', undefined],
    ['zero date', '0000-00-00 00:00:00', undefined],
    ['empty', '', undefined],
    ['missing', undefined, undefined],
  ])('%s', (_name, input, expected) => {
    expect(toUtcIso(input)).toBe(expected);
  });

  it("drops years outside the caller's window (page metadata: placeholders such as 1970)", () => {
    const years = { min: 1990, max: 2200 };
    expect(toUtcIso('1970-01-01T00:00:00Z')).toBe('1970-01-01T00:00:00.000Z');
    expect(toUtcIso('1970-01-01T00:00:00Z', { years })).toBeUndefined();
    expect(toUtcIso('2999-01-01', { years })).toBeUndefined();
    expect(toUtcIso('2026-03-02T09:30:00+09:00', { years })).toBe('2026-03-02T00:30:00.000Z');
  });

  it('drops a date later than notAfter: publication dates more than a day ahead (trustedUntil)', () => {
    const now = Date.parse('2026-12-02T12:00:00Z');
    const notAfter = trustedUntil(now);
    expect(notAfter - now).toBe(FUTURE_TOLERANCE_MS);
    expect(FUTURE_TOLERANCE_MS).toBe(86_400_000);
    expect(toUtcIso('2026-12-03T11:59:59Z', { notAfter })).toBe('2026-12-03T11:59:59.000Z');
    expect(toUtcIso('2026-12-03T12:00:00Z', { notAfter })).toBe('2026-12-03T12:00:00.000Z');
    expect(toUtcIso('2026-12-03T12:00:00.001Z', { notAfter })).toBeUndefined();
    // Within the plausible years of page metadata, yet no date: the year-2200 article.
    expect(toUtcIso('2200-01-01T00:00:00Z', { years: { min: 1990, max: 2200 }, notAfter })).toBeUndefined();
    expect(toUtcIso('Fri, 04 Dec 2026 09:00:00 KST', { notAfter })).toBeUndefined();
    expect(toUtcIso('1796302800', { notAfter })).toBeUndefined(); // Unix seconds: 2026-12-03T13:00Z
    expect(toUtcIso('2026-11-27T09:30:00Z', { notAfter })).toBe('2026-11-27T09:30:00.000Z');
    expect(toUtcIso('2200-01-01T00:00:00Z')).toBe('2200-01-01T00:00:00.000Z'); // no notAfter, no limit
  });

  it('does not depend on the process time zone', () => {
    const before = process.env.TZ;
    try {
      process.env.TZ = 'Asia/Seoul';
      expect(toUtcIso('2024-05-07 08:00:00')).toBe('2024-05-07T08:00:00.000Z');
      expect(toUtcIso('2024/05/07')).toBe('2024-05-07T00:00:00.000Z');
      expect(toUtcIso('May 7th, 2024')).toBe('2024-05-07T00:00:00.000Z');
    } finally {
      process.env.TZ = before;
    }
  });
});
