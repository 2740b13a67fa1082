import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readDate } from './read-date';

// The fetch time relative forms count back from.
const NOW = Date.parse('2026-11-27T12:00:00Z');

type Case = [name: string, input: string, zone: string | undefined, iso: string | undefined, readIn?: string];

// [name, input, site zone, expected instant, zone reported ('stated' unless given)]
const CASES: Case[] = [
  // Japanese
  [
    'ja: words with 時 and 分',
    '2026年11月27日 15時30分',
    'Asia/Tokyo',
    '2026-11-27T06:30:00.000Z',
    'Asia/Tokyo',
  ],
  [
    'ja: weekday in parentheses',
    '2026年11月27日(金) 15:30',
    'Asia/Tokyo',
    '2026-11-27T06:30:00.000Z',
    'Asia/Tokyo',
  ],
  ['ja: slashes with JST', '2026/11/27 15:30 JST', undefined, '2026-11-27T06:30:00.000Z'],
  [
    'ja: 午後 with 時 and 分',
    '2026年11月27日 午後3時30分',
    'Asia/Tokyo',
    '2026-11-27T06:30:00.000Z',
    'Asia/Tokyo',
  ],
  ['ja: 午前 12 is midnight', '2026年11月27日 午前12:10', '+09:00', '2026-11-26T15:10:00.000Z', '+09:00'],
  ['ja: 曜日 weekday', '2026年11月27日 金曜日 15:30', 'Asia/Tokyo', '2026-11-27T06:30:00.000Z', 'Asia/Tokyo'],
  ['ja: 令和 era year', '令和8年11月27日', 'Asia/Tokyo', '2026-11-26T15:00:00.000Z', 'Asia/Tokyo'],
  ['ja: 平成元年, its first year', '平成元年1月8日', 'Asia/Tokyo', '1989-01-07T15:00:00.000Z', 'Asia/Tokyo'],
  [
    'ja: 日本時間 in full-width parentheses',
    '2026年11月27日 15:30（日本時間）',
    undefined,
    '2026-11-27T06:30:00.000Z',
  ],
  // Chinese
  ['zh: 下午', '2026年11月27日 下午3:30', 'Asia/Shanghai', '2026-11-27T07:30:00.000Z', 'Asia/Shanghai'],
  ['zh: 上午', '2026年11月27日 上午9:05', 'Asia/Shanghai', '2026-11-27T01:05:00.000Z', 'Asia/Shanghai'],
  ['zh: 晚上', '2026年11月27日 晚上8:00', 'Asia/Shanghai', '2026-11-27T12:00:00.000Z', 'Asia/Shanghai'],
  ['zh: 凌晨', '2026年11月27日 凌晨2:05', 'Asia/Shanghai', '2026-11-26T18:05:00.000Z', 'Asia/Shanghai'],
  [
    'zh: 中午 12 is noon',
    '2026年11月27日 中午12:30',
    'Asia/Shanghai',
    '2026-11-27T04:30:00.000Z',
    'Asia/Shanghai',
  ],
  ['ISO with a space before its offset', '2026-11-18T09:00:00 +0900', 'UTC', '2026-11-18T00:00:00.000Z'],
  [
    'ISO with a T and no zone takes the site zone',
    '2026-11-18T09:00',
    'Asia/Seoul',
    '2026-11-18T00:00:00.000Z',
    'Asia/Seoul',
  ],
  ['zh: 北京时间 in parentheses', '2026-11-27 15:30 (北京时间)', 'Asia/Seoul', '2026-11-27T07:30:00.000Z'],
  ['zh: 24-hour clock', '2026年11月27日 15:30', 'Asia/Shanghai', '2026-11-27T07:30:00.000Z', 'Asia/Shanghai'],
  [
    'zh: 星期 weekday and 点/分',
    '2026年11月27日 星期五 15点30分',
    '+08:00',
    '2026-11-27T07:30:00.000Z',
    '+08:00',
  ],
  ['zh: 号 for the day', '2026年11月27号', 'Asia/Shanghai', '2026-11-26T16:00:00.000Z', 'Asia/Shanghai'],
  // Korean
  [
    'ko: words with 오후',
    '2026년 11월 27일 오후 3:30',
    'Asia/Seoul',
    '2026-11-27T06:30:00.000Z',
    'Asia/Seoul',
  ],
  [
    'ko: words with weekday and 오전',
    '2026년 11월 27일 (금) 오전 9:30',
    'Asia/Seoul',
    '2026-11-27T00:30:00.000Z',
    'Asia/Seoul',
  ],
  ['ko: 시 and 분', '2026년 11월 27일 오후 3시 30분', 'Asia/Seoul', '2026-11-27T06:30:00.000Z', 'Asia/Seoul'],
  ['ko: dotted date and time', '2026.11.27 15:30', 'Asia/Seoul', '2026-11-27T06:30:00.000Z', 'Asia/Seoul'],
  [
    'ko: dotted with spaces and seconds',
    '2026. 11. 27. 오후 3:30:12',
    'Asia/Seoul',
    '2026-11-27T06:30:12.000Z',
    'Asia/Seoul',
  ],
  ['ko: ISO date with 오후', '2026-11-27 오후 3:30', 'Asia/Seoul', '2026-11-27T06:30:00.000Z', 'Asia/Seoul'],
  [
    'ko: weekday after a dotted date',
    '2026.11.27(금) 15:30',
    'Asia/Seoul',
    '2026-11-27T06:30:00.000Z',
    'Asia/Seoul',
  ],
  ['ko: KST', '2026.11.27 15:30 KST', undefined, '2026-11-27T06:30:00.000Z'],
  // Labels in front
  ['label 입력', '입력 2026.11.27 15:30', 'Asia/Seoul', '2026-11-27T06:30:00.000Z', 'Asia/Seoul'],
  ['label 수정', '수정 2026-11-27 오후 3:30', 'Asia/Seoul', '2026-11-27T06:30:00.000Z', 'Asia/Seoul'],
  [
    'label 기사입력 with a colon',
    '기사입력 : 2026.11.27 15:30',
    'Asia/Seoul',
    '2026-11-27T06:30:00.000Z',
    'Asia/Seoul',
  ],
  ['label 등록', '등록 2026-11-27 15:30:00', 'Asia/Seoul', '2026-11-27T06:30:00.000Z', 'Asia/Seoul'],
  ['label Published', 'Published 2026-11-27T15:30:00+09:00', undefined, '2026-11-27T06:30:00.000Z'],
  ['label Updated:', 'Updated: Fri, 27 Nov 2026 06:30:00 GMT', undefined, '2026-11-27T06:30:00.000Z'],
  [
    'label Posted on',
    'Posted on November 27, 2026',
    'Europe/London',
    '2026-11-27T00:00:00.000Z',
    'Europe/London',
  ],
  ['label 公開日', '公開日：2026年11月27日 15:30', 'Asia/Tokyo', '2026-11-27T06:30:00.000Z', 'Asia/Tokyo'],
  [
    'label 发布时间',
    '发布时间：2026-11-27 15:30',
    'Asia/Shanghai',
    '2026-11-27T07:30:00.000Z',
    'Asia/Shanghai',
  ],
  // Zoneless without a site zone: UTC, and said so
  ['ko words, no site zone', '2026년 11월 27일 오후 3:30', undefined, '2026-11-27T15:30:00.000Z', 'UTC'],
  ['ISO local, no site zone', '2026-11-27T15:30:00', undefined, '2026-11-27T15:30:00.000Z', 'UTC'],
  [
    'RFC 822 without zone, no site zone',
    'Fri, 27 Nov 2026 15:30:00',
    undefined,
    '2026-11-27T15:30:00.000Z',
    'UTC',
  ],
  // Zoneless with a site zone (IANA or offset); a stated zone wins over the site's
  ['ISO local in Asia/Seoul', '2026-11-27T15:30:00', 'Asia/Seoul', '2026-11-27T06:30:00.000Z', 'Asia/Seoul'],
  [
    'ISO date only: midnight in the site zone',
    '2026-11-27',
    'Asia/Seoul',
    '2026-11-26T15:00:00.000Z',
    'Asia/Seoul',
  ],
  [
    'RFC 822 without zone at an offset',
    'Fri, 27 Nov 2026 15:30:00',
    '+09:00',
    '2026-11-27T06:30:00.000Z',
    '+09:00',
  ],
  [
    'English 12-hour clock in New York',
    'March 2, 2026 9:30 AM',
    'America/New_York',
    '2026-03-02T14:30:00.000Z',
    'America/New_York',
  ],
  [
    'stated offset ignores the site zone',
    '2026-11-27T15:30:00+01:00',
    'Asia/Seoul',
    '2026-11-27T14:30:00.000Z',
  ],
  [
    'stated GMT ignores the site zone',
    'Fri, 27 Nov 2026 15:30:00 GMT',
    'Asia/Seoul',
    '2026-11-27T15:30:00.000Z',
  ],
  ['Unix time ignores the site zone', '1795771800', 'Asia/Seoul', '2026-11-27T09:30:00.000Z'],
  // DST: the site zone's offset on that day
  [
    'London in summer (BST)',
    '2026-07-01 12:00',
    'Europe/London',
    '2026-07-01T11:00:00.000Z',
    'Europe/London',
  ],
  [
    'London in winter (GMT)',
    '2026-01-15 12:00',
    'Europe/London',
    '2026-01-15T12:00:00.000Z',
    'Europe/London',
  ],
  [
    'London, the morning after clocks go forward',
    '2026-03-29 09:00',
    'Europe/London',
    '2026-03-29T08:00:00.000Z',
    'Europe/London',
  ],
  [
    'London, the evening before clocks go forward',
    '2026-03-28 21:00',
    'Europe/London',
    '2026-03-28T21:00:00.000Z',
    'Europe/London',
  ],
  // Relative forms against NOW
  ['en: just now', 'just now', undefined, '2026-11-27T12:00:00.000Z'],
  ['en: minutes ago', '5 minutes ago', undefined, '2026-11-27T11:55:00.000Z'],
  ['en: an hour ago', 'an hour ago', undefined, '2026-11-27T11:00:00.000Z'],
  ['en: hours ago', '3 hours ago', undefined, '2026-11-27T09:00:00.000Z'],
  ['en: days ago', '2 days ago', undefined, '2026-11-25T12:00:00.000Z'],
  ['en: yesterday', 'Yesterday', undefined, '2026-11-26T12:00:00.000Z'],
  ['en: label and relative', 'Updated 3 hours ago', 'Asia/Seoul', '2026-11-27T09:00:00.000Z'],
  ['ko: 방금', '방금', undefined, '2026-11-27T12:00:00.000Z'],
  ['ko: 분 전', '5분 전', undefined, '2026-11-27T11:55:00.000Z'],
  ['ko: 시간 전', '3시간 전', undefined, '2026-11-27T09:00:00.000Z'],
  ['ko: 일 전', '2일 전', undefined, '2026-11-25T12:00:00.000Z'],
  ['ko: 어제', '어제', undefined, '2026-11-26T12:00:00.000Z'],
  ['ja: 分前', '5分前', undefined, '2026-11-27T11:55:00.000Z'],
  ['ja: 時間前', '3時間前', undefined, '2026-11-27T09:00:00.000Z'],
  ['ja: 日前', '2日前', undefined, '2026-11-25T12:00:00.000Z'],
  ['ja: 昨日', '昨日', undefined, '2026-11-26T12:00:00.000Z'],
  ['zh: 刚刚', '刚刚', undefined, '2026-11-27T12:00:00.000Z'],
  ['zh: 分钟前', '5分钟前', undefined, '2026-11-27T11:55:00.000Z'],
  ['zh: 小时前', '3小时前', undefined, '2026-11-27T09:00:00.000Z'],
  ['zh: 天前', '2天前', undefined, '2026-11-25T12:00:00.000Z'],
  ['zh: 昨天', '昨天', undefined, '2026-11-26T12:00:00.000Z'],
  ['relative to the future is no date', 'in 5 minutes', undefined, undefined],
  ['months ago is too coarse', '3 months ago', undefined, undefined],
  // Junk and impossible dates
  ['ja: 30 February', '2026年2月30日', 'Asia/Tokyo', undefined],
  ['ko: hour 25', '2026.11.27 25:00', 'Asia/Seoul', undefined],
  ['ko: minute 60', '2026년 11월 27일 오후 3:60', 'Asia/Seoul', undefined],
  ['month 13', '2026/13/01 10:00', 'Asia/Seoul', undefined],
  ['a lone year after a word', 'hello 2026', undefined, undefined],
  ['a label alone', '입력', undefined, undefined],
  ['CJK date with trailing words', '2026年11月27日 15:30 東京', 'Asia/Tokyo', undefined],
  ['two dates in one string', '입력 2026.11.27 15:30 수정 2026.11.28 09:00', 'Asia/Seoul', undefined],
  ['longer than any date', `2026-11-27 ${'x'.repeat(200)}`, undefined, undefined],
  ['junk', 'lorem ipsum', undefined, undefined],
];

describe.each(['UTC', 'Asia/Seoul', 'America/Los_Angeles'])('readDate, process TZ=%s', (processZone) => {
  let before: string | undefined;
  beforeEach(() => {
    before = process.env.TZ;
    process.env.TZ = processZone;
  });
  afterEach(() => {
    process.env.TZ = before;
  });

  it.each(CASES)('%s', (_name, input, zone, iso, readIn = 'stated') => {
    const reading = readDate(input, { zone, now: NOW });
    expect(reading && { iso: reading.iso, zone: reading.zone }).toEqual(iso && { iso, zone: readIn });
  });
});

describe('readDate: relative forms', () => {
  it.each(['just now', '3 hours ago', '5분 전', '3時間前', '昨天'])('%s is no date without now', (input) => {
    expect(readDate(input)).toBeUndefined();
    expect(readDate(input, { zone: 'Asia/Seoul' })).toBeUndefined();
  });

  it.each(['just now', '1 second ago', '0 minutes ago', '방금', '刚刚', 'yesterday', '2日前'])(
    '%s is never after now',
    (input) => {
      const reading = readDate(input, { now: NOW });
      expect(reading).toBeDefined();
      expect(Date.parse(reading?.iso ?? '')).toBeLessThanOrEqual(NOW);
    },
  );
});

describe('readDate: what it reports', () => {
  it('gives the offset a date stated, for inferring the site zone', () => {
    expect(readDate('2026-11-27T15:30:00+09:00')?.offsetMinutes).toBe(540);
    expect(readDate('Fri, 27 Nov 2026 15:30:00 EST')?.offsetMinutes).toBe(-300);
    expect(readDate('2026-11-27 15:30 (北京时间)')?.offsetMinutes).toBe(480);
    expect(readDate('2026-11-27T15:30:00Z')?.offsetMinutes).toBe(0);
    expect(readDate('2026-11-27T15:30:00')?.offsetMinutes).toBeUndefined();
    expect(readDate('3 hours ago', { now: NOW })?.offsetMinutes).toBeUndefined();
  });

  it('applies years and notAfter to the instant read in the site zone', () => {
    // 2026-11-28 08:00 in Seoul is 2026-11-27T23:00Z: after a notAfter of 22:00Z, before one of 23:00Z.
    const input = '2026.11.28 08:00';
    expect(
      readDate(input, { zone: 'Asia/Seoul', notAfter: Date.parse('2026-11-27T22:00:00Z') }),
    ).toBeUndefined();
    expect(readDate(input, { zone: 'Asia/Seoul', notAfter: Date.parse('2026-11-27T23:00:00Z') })?.iso).toBe(
      '2026-11-27T23:00:00.000Z',
    );
    expect(readDate('1970-01-01', { years: { min: 1990, max: 2200 } })).toBeUndefined();
  });

  it('rejects a zone that is neither an offset nor an IANA name', () => {
    expect(() => readDate('2026-11-27 15:30', { zone: 'Mars/Olympus' })).toThrow(RangeError);
  });
});
