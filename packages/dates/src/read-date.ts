import type { Reading } from './reading';
import { readRelative } from './relative';
import { readWestern } from './western';
import { readYearFirst } from './year-first';
import { wallToInstant } from './zones';

/** Longer than any date: such a string is not read at all (and no regex runs over it). */
export const MAX_DATE_LENGTH = 100;

/** Options of {@link readDate}. */
export interface ReadDateOptions {
  /**
   * The zone a date without one is read in: an IANA name (`Asia/Seoul`) or an offset
   * (`+09:00`), usually from {@link siteZone}. Default `UTC`.
   */
  zone?: string;
  /**
   * The fetch time (ms since the epoch) that relative forms ("3 hours ago", `어제`) count back
   * from. Without it a relative form is no date.
   */
  now?: number;
  /**
   * Years outside this window are no dates (default 0..9999). Page metadata narrows it: there
   * a year like 1970 or 2999 is a CMS placeholder.
   */
  years?: { min: number; max: number };
  /**
   * A date later than this instant (ms since the epoch) is no date. Callers reading
   * publication dates pass `trustedUntil()`, so a date from the future falls through to their
   * next candidate.
   */
  notAfter?: number;
}

/** A date read by {@link readDate}. */
export interface DateReading {
  /** The instant, UTC ISO-8601 (`2026-11-27T06:30:00.000Z`). */
  iso: string;
  /**
   * `stated` when the text fixed the instant (a zone or offset, Unix time, a relative form);
   * otherwise the zone its wall-clock time was read in: the `zone` option, or `UTC`.
   */
  zone: string;
  /** The offset the text stated, minutes east of UTC; absent for zoneless, Unix and relative dates. */
  offsetMinutes?: number;
}

// A word before the date saying which date it is: Korean, English, Japanese and Chinese
// datelines ("입력 2026.11.27 15:30", "Updated: …", "公開日 …", "发布时间：…").
const LABEL =
  /^(?:기사\s?입력|최종\s?수정|입력|수정|등록|승인|송고|발행|업데이트|published(?: on)?|updated(?: on)?|posted(?: on)?|last updated|last modified|modified|公開日?時?|更新日?時?|配信日?時?|掲載日?|投稿日?|最終更新日?|发布时间|發布時間|发布于|發佈於|發布於|发表于|發表於|更新时间|更新時間|发布|發布)\s?[:：]?\s?/i;

/**
 * Reads a date as feeds and pages write it and returns its instant with the zone it was read
 * in. Forms: RFC 822/1123 with named zones, ISO 8601 and W3C-DTF, English month names,
 * year-first CJK and numeric dates (`2026년 11월 27일 오후 3:30`, `2026年11月27日(金) 15時30分`,
 * `2026年11月27日 下午3:30`, `2026.11.27 15:30`, `2026/11/27 15:30 JST`, `令和8年11月27日`),
 * Unix time, and with `now` relative forms ("3 hours ago", `5분 전`, `昨日`, `刚刚`). A label
 * in front (`입력`, `Updated`, `Posted on`, `公開日`, `发布时间`) is skipped.
 *
 * A date without a zone is read in `options.zone`, else UTC, and says which; the result never
 * depends on the machine's zone. Undefined for anything unreadable, impossible (31 February),
 * ambiguous (`27/11/2026`), outside `years`, after `notAfter`, or longer than 100 characters.
 *
 * @throws RangeError when `options.zone` is neither an offset nor an IANA zone.
 */
export function readDate(
  value: string | null | undefined,
  options: ReadDateOptions = {},
): DateReading | undefined {
  const reading = read(value, options.now);
  if (reading === undefined) return undefined;
  const zone = reading.zoned ? 'stated' : (options.zone ?? 'UTC');
  const ms = reading.zoned ? reading.ms : wallToInstant(reading.ms, zone);
  const iso = Number.isNaN(ms) ? '' : new Date(ms).toISOString();
  // Years outside 0000-9999 serialise as "+010000-…", which nothing downstream expects.
  if (!/^\d{4}-/.test(iso)) return undefined;
  const year = Number(iso.slice(0, 4));
  const { min, max } = options.years ?? { min: 0, max: 9999 };
  if (year < min || year > max) return undefined;
  if (options.notAfter !== undefined && ms > options.notAfter) return undefined;
  return reading.offsetMinutes === undefined
    ? { iso, zone }
    : { iso, zone, offsetMinutes: reading.offsetMinutes };
}

function read(value: string | null | undefined, now: number | undefined): Reading | undefined {
  if (value === undefined || value === null) return undefined;
  // Longer than any date even with generous whitespace: not worth a regex pass.
  if (value.length > MAX_DATE_LENGTH * 4) return undefined;
  const collapsed = value.trim().replace(/\s+/g, ' ');
  if (collapsed === '' || collapsed.length > MAX_DATE_LENGTH) return undefined;
  const epoch = fromEpoch(collapsed);
  if (epoch !== undefined) return epoch;

  const text = collapsed.replace(LABEL, '');
  if (now !== undefined) {
    const relative = readRelative(text, now);
    if (relative !== undefined) return { ms: relative, zoned: true };
  }
  const yearFirst = readYearFirst(text);
  if (yearFirst === 'invalid') return undefined;
  return yearFirst ?? readWestern(text);
}

// Unix time, which some feeds put in date elements: 10 digits of seconds or 13 of milliseconds.
function fromEpoch(text: string): Reading | undefined {
  if (!/^\d{10}(?:\d{3})?$/.test(text)) return undefined;
  return { ms: text.length === 13 ? Number(text) : Number(text) * 1000, zoned: true };
}
