import type { Reading } from './reading';
import { abbreviationOffset, formatOffset } from './zones';

// redos-safe: readDate() drops dates longer than MAX_DATE_LENGTH (100) before any regex runs
const TRAILING_ZONE = /\s*\(?\b([A-Z]{2,5})\)?$/;
const HAS_ZONE = /(?:Z|\bGMT|\bUTC?|[+-]\d{2}:?\d{2}|\b[A-Z]{3,4})\)?$/i;
const TRAILING_OFFSET = /([+-])(\d{2}):?(\d{2})\)?$/;
const HAS_TIME = /\d{1,2}:\d{2}/;
const ISO_DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * Reads the forms V8's `Date` knows once the shapes it rejects are repaired: RFC 822/1123
 * and 850 (with named zones V8 does not know), ISO 8601, English month names with ordinals
 * and 12-hour clocks. A zoneless date is read as its wall-clock time (`zoned: false`), never
 * in the machine's zone.
 */
export function readWestern(value: string): Reading | undefined {
  // V8 makes a date of a lone year ("hello 2026" is 1 January): a date names at least a day.
  if ((value.match(/\d+/g) ?? []).length < 2) return undefined;
  let text = repairShape(value);
  const zone = text.match(TRAILING_ZONE)?.[1];
  const offset = zone === undefined ? undefined : abbreviationOffset(zone);
  if (offset !== undefined) text = text.replace(TRAILING_ZONE, ` ${formatOffset(offset)}`);

  let zoned = true;
  const isoLocal = text.match(/^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/);
  if (isoLocal) {
    text = `${isoLocal[1]}T${isoLocal[2]}Z`;
    zoned = false;
  } else if (ISO_DATE_ONLY.test(text)) {
    zoned = false; // V8 reads a bare ISO date as UTC midnight
  } else if (!HAS_ZONE.test(text)) {
    // V8 reads zoneless non-ISO dates in local time; pin them to UTC (midnight for a bare date).
    text = HAS_TIME.test(text) ? `${text} +0000` : `${text} 00:00 +0000`;
    zoned = false;
  }

  if (hasImpossibleDay(text)) return undefined;
  const ms = new Date(text).getTime();
  if (Number.isNaN(ms)) return undefined;
  if (!zoned) return { ms, zoned };
  const stated = TRAILING_OFFSET.exec(text);
  const offsetMinutes = stated
    ? (stated[1] === '-' ? -1 : 1) * (Number(stated[2]) * 60 + Number(stated[3]))
    : 0; // Z, GMT, UTC
  return { ms, zoned, offsetMinutes };
}

// Fixes shapes that V8 rejects or misreads: ordinals ("27th"), a zone name before an offset
// ("KST+0900"), an hour-only offset ("+09") and a three-digit offset ("+900").
function repairShape(text: string): string {
  return text
    .replace(/\b(\d{1,2})(?:st|nd|rd|th)\b/gi, '$1')
    .replace(/\b[A-Z]{2,5}([+-]\d{2}:?\d{2})$/, '$1')
    .replace(/(\d:\d{2}(?::\d{2}(?:\.\d+)?)?)([+-]\d{2})$/, '$1$2:00')
    .replace(/(\s[+-])(\d)(\d{2})$/, '$10$2$3');
}

// V8 rolls "31 Feb" over into March; a date that does not exist is a bad date.
function hasImpossibleDay(text: string): boolean {
  const parts = dateParts(text);
  if (parts === undefined) return false;
  const [year, month, day] = parts;
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return day < 1 || day > daysInMonth;
}

// Year, month (1-12) and day of an ISO or RFC 822 date, when they can be read without V8.
function dateParts(text: string): [number, number, number] | undefined {
  const iso = text.match(/^(\d{4})-(\d{2})-(\d{2})/);
  if (iso) return [Number(iso[1]), Number(iso[2]), Number(iso[3])];
  const rfc = text.match(/\b(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})\b/);
  const month = MONTHS.indexOf(rfc?.[2]?.toLowerCase() ?? '') + 1;
  if (rfc && month > 0) return [Number(rfc[3]), month, Number(rfc[1])];
  return undefined;
}
