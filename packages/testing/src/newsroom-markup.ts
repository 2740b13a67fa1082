/** Escapes text content for HTML or XML; quotes stay as they are so phrases remain findable verbatim. */
export function escapeText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes an attribute value written between double quotes. */
export function escapeAttribute(text: string): string {
  return escapeText(text).replace(/"/g, '&quot;');
}

/** Serialises JSON for an inline `<script>`, where a literal `</script>` would end the element. */
export function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
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

const pad = (value: number): string => String(value).padStart(2, '0');

/** The wall-clock fields of `date` in a zone `offsetMinutes` east of UTC. */
function wallClock(date: Date, offsetMinutes: number) {
  const shifted = new Date(date.getTime() + offsetMinutes * 60_000);
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

/** RFC 822 date as RSS uses it, e.g. `Thu, 15 Jan 2026 18:00:00 +0900`. */
export function rfc822(date: Date, offsetMinutes = 0): string {
  const t = wallClock(date, offsetMinutes);
  const zone = offsetMinutes === 0 ? 'GMT' : offsetSuffix(offsetMinutes, '');
  return `${WEEKDAYS[t.weekday]}, ${pad(t.day)} ${MONTHS[t.month]} ${t.year} ${pad(t.hours)}:${pad(t.minutes)}:${pad(t.seconds)} ${zone}`;
}

/** ISO-8601 with an explicit offset, e.g. `2026-01-15T18:00:00+09:00`. */
export function isoWithOffset(date: Date, offsetMinutes: number): string {
  const t = wallClock(date, offsetMinutes);
  return `${t.year}-${pad(t.month + 1)}-${pad(t.day)}T${pad(t.hours)}:${pad(t.minutes)}:${pad(t.seconds)}${offsetSuffix(offsetMinutes, ':')}`;
}

/** An English dateline, e.g. `January 15, 2026, 9:05 AM UTC`. */
export function englishDateline(date: Date): string {
  const t = wallClock(date, 0);
  const hour12 = t.hours % 12 === 0 ? 12 : t.hours % 12;
  const meridiem = t.hours < 12 ? 'AM' : 'PM';
  return `${LONG_MONTHS[t.month]} ${t.day}, ${t.year}, ${hour12}:${pad(t.minutes)} ${meridiem} UTC`;
}

/** A Korean dateline in KST, e.g. `2026.01.15 18:00`. */
export function koreanDateline(date: Date): string {
  const t = wallClock(date, 9 * 60);
  return `${t.year}.${pad(t.month + 1)}.${pad(t.day)} ${pad(t.hours)}:${pad(t.minutes)}`;
}

/** Lower-case words joined by hyphens, for URL paths. */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}
