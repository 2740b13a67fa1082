/** Names, numbers and dates in the reader's own language (the browser's). */

const numbers = new Intl.NumberFormat();
const day = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const moment = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const month = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', timeZone: 'UTC' });
let languages: Intl.DisplayNames | undefined;
try {
  languages = new Intl.DisplayNames(undefined, { type: 'language' });
} catch {
  // An old browser: codes it is.
}

export const formatCount = (n: number) => numbers.format(n);

/** `en` → "English", `ko` → "Korean"; an unknown code as it is. */
export function languageName(code: string): string {
  try {
    return languages?.of(code) ?? code;
  } catch {
    return code;
  }
}

/** An ISO date-time as the reader's local date and time. */
export function formatMoment(iso: string): string {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? iso : moment.format(ms);
}

/** A `YYYY-MM-DD` day as written in the reader's language (the day itself, whatever the time zone). */
export function formatDay(yyyyMmDd: string): string {
  const ms = Date.parse(`${yyyyMmDd}T00:00:00Z`);
  return Number.isNaN(ms) ? yyyyMmDd : day.format(ms);
}

export function formatMonth(yyyyMmDd: string): string {
  const ms = Date.parse(`${yyyyMmDd}T00:00:00Z`);
  return Number.isNaN(ms) ? yyyyMmDd : month.format(ms);
}

/** "3 stories", "1 story". */
export const plural = (n: number, one: string, many: string) => `${formatCount(n)} ${n === 1 ? one : many}`;
