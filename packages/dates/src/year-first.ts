import type { Reading } from './reading';
import { statedOffset } from './zones';

// Each piece of a year-first date, matched where the previous one ended (sticky): linear, and
// every piece small. The caller has already capped the text at 100 characters.

// 2026년 11월 27일, 2026年11月27日, 2026年11月27号, 令和8年11月27日 (Japanese eras: 令和 from 2019, 平成 1989–2019).
const CJK_DATE =
  /(?:(令和|平成)\s*(元|\d{1,2})|(\d{4}))\s*[年년]\s*(\d{1,2})\s*[月월]\s*(\d{1,2})\s*[日일号號]/y;
// 2026-11-27, 2026/11/27, 2026.11.27, 2026. 11. 27. (Korean CMSs put dots and spaces).
const NUMERIC_DATE = /(\d{4})\s?[-./]\s?(\d{1,2})\s?[-./]\s?(\d{1,2})\.?/y;
// (금), (金), （五）, (Fri), 星期五, 周五, 金曜日: a weekday says nothing the date does not.
const WEEKDAY =
  /\s*(?:[(（]\s*(?:[월화수목금토일](?:요일)?|[月火水木金土日](?:曜日?)?|(?:星期|周|週)?[一二三四五六日天]|Mon|Tue|Wed|Thu|Fri|Sat|Sun)\s*[)）]|(?:星期|礼拜|禮拜|周|週)[一二三四五六日天]|[月火水木金土日]曜日)/y;
// Morning/afternoon words before the time: Korean, Japanese, Chinese.
const HALF_DAY = /\s*(오전|오후|午前|午後|上午|下午|中午|晚上|凌晨|早上)\s*/y;
// After a space or ISO's "T": V8 refuses an ISO date with a space before its offset (`2026-11-18T09:00:00 +0900`).
const CLOCK = /(?:T|\s*)(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?/y;
// 15時30分, 15时30分20秒, 3시 30분, 3点30分, 15時.
const CLOCK_WORDS = /\s*(\d{1,2})\s*[時时시点點](?:\s*(\d{1,2})\s*[分분](?:\s*(\d{1,2})\s*[秒초])?)?/y;
const AM_PM = /\s*([AaPp])\.?[Mm]\.?/y;

const PM = new Set(['오후', '午後', '下午', '晚上', 'p', 'P']);
const NOON = '中午';

/**
 * Reads a year-first date: CJK dates (`2026년 11월 27일 오후 3:30`, `2026年11月27日(金) 15時30分`,
 * `2026年11月27日 下午3:30`, `令和8年11月27日`) and numeric ones (`2026.11.27 15:30`,
 * `2026/11/27 15:30 JST`, `2026-11-27 오후 3:30`, `2026-11-27 15:30 (北京时间)`), each with an
 * optional weekday, time and zone. Undefined when the text is not wholly such a date (the
 * caller then tries the other forms); `invalid` when it is one but names a day or time that
 * does not exist.
 */
export function readYearFirst(text: string): Reading | 'invalid' | undefined {
  let at = 0;
  const take = (pattern: RegExp) => {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (match) at = pattern.lastIndex;
    return match ?? undefined;
  };

  const cjk = take(CJK_DATE);
  const numeric = cjk ? undefined : take(NUMERIC_DATE);
  if (!cjk && !numeric) return undefined;
  const year = cjk ? (eraYear(cjk[1], cjk[2]) ?? Number(cjk[3])) : Number(numeric?.[1]);
  const month = Number(cjk ? cjk[4] : numeric?.[2]);
  const day = Number(cjk ? cjk[5] : numeric?.[3]);

  take(WEEKDAY);
  const half = take(HALF_DAY)?.[1];
  const clock = take(CLOCK) ?? take(CLOCK_WORDS);
  if (half && !clock) return undefined;
  const amPm = clock && !half ? take(AM_PM)?.[1] : undefined;

  const rest = text.slice(at).trim();
  const offsetMinutes = rest === '' ? undefined : statedOffset(rest);
  // A numeric date followed by something else (ISO's "T", words) is left to the other readers.
  if (rest !== '' && offsetMinutes === undefined) return undefined;

  const hour = to24(Number(clock?.[1] ?? '0'), half ?? amPm);
  const minute = Number(clock?.[2] ?? '0');
  const second = Number(clock?.[3] ?? '0');
  const millis = Number((clock?.[4] ?? '').padEnd(3, '0').slice(0, 3));
  const wall = wallClock(year, month, day, hour, minute, second, millis);
  if (wall === undefined) return 'invalid';
  return offsetMinutes === undefined
    ? { ms: wall, zoned: false }
    : { ms: wall - offsetMinutes * 60_000, zoned: true, offsetMinutes };
}

// Japanese era years: 令和 1 is 2019, 平成 1 is 1989; 元 is the first year of an era.
function eraYear(era: string | undefined, year: string | undefined): number | undefined {
  if (era === undefined || year === undefined) return undefined;
  const n = year === '元' ? 1 : Number(year);
  return (era === '令和' ? 2018 : 1988) + n;
}

// A 12-hour clock with its morning/afternoon word to 24 hours; an hour past 12 is already 24-hour.
function to24(hour: number, half: string | undefined): number {
  if (half === undefined || hour > 12) return hour;
  if (half === NOON) return hour < 11 ? hour + 12 : hour;
  if (PM.has(half)) return hour === 12 ? 12 : hour + 12;
  return hour === 12 ? 0 : hour;
}

/** The wall-clock time as if it were UTC, or undefined for a day or time that does not exist. */
export function wallClock(
  year: number,
  month: number,
  day: number,
  hour = 0,
  minute = 0,
  second = 0,
  millis = 0,
): number | undefined {
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  if (date.getUTCDate() !== day) return undefined; // 31 February rolled into March
  date.setUTCHours(hour, minute, second, millis);
  return date.getTime();
}
