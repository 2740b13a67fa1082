/**
 * Markup helpers the newsroom's templates share: escaping (the `entities`
 * package, as the feed reader uses, rather than a hand-written escaper),
 * inline JSON, URL slugs and the date formats feeds and pages write.
 */
export { escapeAttribute as attr, escapeText as esc } from 'entities';

/**
 * JSON for an inline `<script>`, all ASCII: `</script>` cannot end the
 * element early, and a blob's byte size is its length in any charset, which
 * lets pages be padded to an exact size without encoding them twice.
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<\u007f-\uffff]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** Longest slug; a longer one keeps its start and its end. */
const MAX_SLUG = 72;
/** How much of a long slug's end is kept: enough for "-update-123". */
const SLUG_TAIL = 16;

/**
 * Lower-case ASCII words joined by hyphens, for URL paths; empty for Korean
 * text. A long slug is cut in the middle rather than at the end, because the
 * end is what tells two versions of one headline apart ("…-update-2"): cut
 * there, they would share a path and the catalog could never find a free one.
 */
export function slugify(text: string): string {
  const slug = text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= MAX_SLUG) return slug;
  const head = slug.slice(0, MAX_SLUG - SLUG_TAIL - 1).replace(/-+$/, '');
  const tail = slug.slice(-SLUG_TAIL).replace(/^-+/, '');
  return `${head}-${tail}`;
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const LONG_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** Korea's offset: Korean sites date everything in KST. */
export const KST = 9 * 60;

const pad = (value: number): string => String(value).padStart(2, '0');

/** The wall-clock fields of `ms` in a zone `offsetMinutes` east of UTC. */
function wallClock(ms: number, offsetMinutes: number) {
  const shifted = new Date(ms + offsetMinutes * 60_000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth(),
    day: shifted.getUTCDate(),
    weekday: shifted.getUTCDay(),
    hours: shifted.getUTCHours(),
    minutes: shifted.getUTCMinutes(),
    seconds: shifted.getUTCSeconds(),
  };
}

function offsetSuffix(offsetMinutes: number, separator: string): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `${sign}${pad(Math.floor(abs / 60))}${separator}${pad(abs % 60)}`;
}

/** RFC 822 as RSS writes it: `Thu, 15 Jan 2026 18:00:00 +0900`, or `GMT` in UTC. */
export function rfc822(ms: number, offsetMinutes = 0): string {
  const t = wallClock(ms, offsetMinutes);
  const zone = offsetMinutes === 0 ? 'GMT' : offsetSuffix(offsetMinutes, '');
  return `${WEEKDAYS[t.weekday]}, ${pad(t.day)} ${MONTHS[t.month]} ${t.year} ${pad(t.hours)}:${pad(t.minutes)}:${pad(t.seconds)} ${zone}`;
}

/** ISO-8601 with an explicit offset, `2026-01-15T18:00:00+09:00`; UTC as `Z`, as most CMSs write it. */
export function iso(ms: number, offsetMinutes = 0): string {
  if (offsetMinutes === 0) return `${new Date(ms).toISOString().slice(0, 19)}Z`;
  const t = wallClock(ms, offsetMinutes);
  return `${t.year}-${pad(t.month + 1)}-${pad(t.day)}T${pad(t.hours)}:${pad(t.minutes)}:${pad(t.seconds)}${offsetSuffix(offsetMinutes, ':')}`;
}

/** An English dateline, e.g. `January 15, 2026, 9:05 AM UTC`. */
export function englishDateline(ms: number): string {
  const t = wallClock(ms, 0);
  const hour12 = t.hours % 12 === 0 ? 12 : t.hours % 12;
  const meridiem = t.hours < 12 ? 'AM' : 'PM';
  return `${LONG_MONTHS[t.month]} ${t.day}, ${t.year}, ${hour12}:${pad(t.minutes)} ${meridiem} UTC`;
}

/** A Korean dateline in KST, e.g. `2026.01.15 18:00`. */
export function koreanDateline(ms: number): string {
  const t = wallClock(ms, KST);
  return `${t.year}.${pad(t.month + 1)}.${pad(t.day)} ${pad(t.hours)}:${pad(t.minutes)}`;
}

/** `Nov 27` as a wire dateline writes it. */
export function shortDate(ms: number): string {
  const t = wallClock(ms, 0);
  return `${MONTHS[t.month]} ${t.day}`;
}

/** Date path parts in UTC (English sites) or KST (Korean ones): `['2026', '11', '27']`. */
export function datePath(ms: number, offsetMinutes: number): [string, string, string] {
  const t = wallClock(ms, offsetMinutes);
  return [String(t.year), pad(t.month + 1), pad(t.day)];
}
