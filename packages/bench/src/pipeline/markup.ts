/** Escapes text for HTML or XML element content; quotes stay, so phrases stay findable verbatim. */
export function esc(text: string): string {
  // Most text has nothing to escape; testing first saves three passes over it.
  if (!/[&<>]/.test(text)) return text;
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Escapes a value written between double quotes. */
export function attr(text: string): string {
  return /"/.test(text) ? esc(text).replace(/"/g, '&quot;') : esc(text);
}

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

/** Lower-case ASCII words joined by hyphens, for URL paths; empty for Korean text. */
export function slugify(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 72)
    .replace(/-+$/, '');
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
const pad = (n: number): string => String(n).padStart(2, '0');

/** Korea's offset: Korean sites date everything in KST. */
export const KST = 9 * 60;

/** Wall-clock fields of `ms` in a zone `offsetMinutes` east of UTC. */
function wall(ms: number, offsetMinutes: number) {
  const d = new Date(ms + offsetMinutes * 60_000);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth(),
    day: d.getUTCDate(),
    weekday: d.getUTCDay(),
    hours: d.getUTCHours(),
    minutes: d.getUTCMinutes(),
    seconds: d.getUTCSeconds(),
  };
}

const zone = (offsetMinutes: number, separator: string): string => {
  const abs = Math.abs(offsetMinutes);
  return `${offsetMinutes < 0 ? '-' : '+'}${pad(Math.floor(abs / 60))}${separator}${pad(abs % 60)}`;
};

/** RFC 822 as RSS writes it: `Fri, 27 Nov 2026 23:00:00 +0900`, or `GMT` in UTC. */
export function rfc822(ms: number, offsetMinutes = 0): string {
  const t = wall(ms, offsetMinutes);
  const suffix = offsetMinutes === 0 ? 'GMT' : zone(offsetMinutes, '');
  return `${WEEKDAYS[t.weekday]}, ${pad(t.day)} ${MONTHS[t.month]} ${t.year} ${pad(t.hours)}:${pad(t.minutes)}:${pad(t.seconds)} ${suffix}`;
}

/** ISO-8601 with an explicit offset: `2026-11-27T23:00:00+09:00` (`Z` in UTC). */
export function iso(ms: number, offsetMinutes = 0): string {
  const t = wall(ms, offsetMinutes);
  const suffix = offsetMinutes === 0 ? 'Z' : zone(offsetMinutes, ':');
  return `${t.year}-${pad(t.month + 1)}-${pad(t.day)}T${pad(t.hours)}:${pad(t.minutes)}:${pad(t.seconds)}${suffix}`;
}

/** `November 27, 2026, 11:00 PM UTC`. */
export function englishDateline(ms: number): string {
  const t = wall(ms, 0);
  const hour = t.hours % 12 === 0 ? 12 : t.hours % 12;
  return `${LONG_MONTHS[t.month]} ${t.day}, ${t.year}, ${hour}:${pad(t.minutes)} ${t.hours < 12 ? 'AM' : 'PM'} UTC`;
}

/** `Nov 27` as a wire dateline writes it. */
export function shortDate(ms: number): string {
  const t = wall(ms, 0);
  return `${MONTHS[t.month]} ${t.day}`;
}

/** `2026.11.28 08:00` in KST. */
export function koreanDateline(ms: number): string {
  const t = wall(ms, KST);
  return `${t.year}.${pad(t.month + 1)}.${pad(t.day)} ${pad(t.hours)}:${pad(t.minutes)}`;
}

/** Date path parts in UTC (English sites) or KST (Korean ones): `['2026', '11', '27']`. */
export function datePath(ms: number, offsetMinutes: number): [string, string, string] {
  const t = wall(ms, offsetMinutes);
  return [String(t.year), pad(t.month + 1), pad(t.day)];
}
