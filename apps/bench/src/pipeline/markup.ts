import {
  englishDateline as englishDatelineOf,
  isoWithOffset,
  koreanDateline as koreanDatelineOf,
  rfc822 as rfc822Of,
} from '@tidings/testing';

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

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** Korea's offset: Korean sites date everything in KST. */
export const KST = 9 * 60;

/** RFC 822 as RSS writes it: `Fri, 27 Nov 2026 23:00:00 +0900`, or `GMT` in UTC. */
export const rfc822 = (ms: number, offsetMinutes = 0): string => rfc822Of(new Date(ms), offsetMinutes);

/** ISO-8601 with an explicit offset: `2026-11-27T23:00:00+09:00` (`Z` in UTC). */
export function iso(ms: number, offsetMinutes = 0): string {
  // The testing helper writes UTC as `+00:00`; these sites write `Z`, as most CMSs do.
  if (offsetMinutes === 0) return `${new Date(ms).toISOString().slice(0, 19)}Z`;
  return isoWithOffset(new Date(ms), offsetMinutes);
}

/** `November 27, 2026, 11:00 PM UTC`. */
export const englishDateline = (ms: number): string => englishDatelineOf(new Date(ms));

/** `Nov 27` as a wire dateline writes it. */
export function shortDate(ms: number): string {
  const date = new Date(ms);
  return `${MONTHS[date.getUTCMonth()]} ${date.getUTCDate()}`;
}

/** `2026.11.28 08:00` in KST. */
export const koreanDateline = (ms: number): string => koreanDatelineOf(new Date(ms));

/** Date path parts in UTC (English sites) or KST (Korean ones): `['2026', '11', '27']`. */
export function datePath(ms: number, offsetMinutes: number): [string, string, string] {
  const [year, month, day] = iso(ms, offsetMinutes).slice(0, 10).split('-');
  return [year!, month!, day!];
}
