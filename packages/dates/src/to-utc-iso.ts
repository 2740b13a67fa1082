// Zone abbreviations that V8's Date does not know but feeds use, mostly Korean and Japanese outlets.
const ZONE_OFFSETS: Record<string, string> = {
  KST: '+0900',
  JST: '+0900',
  HKT: '+0800',
  SGT: '+0800',
  AWST: '+0800',
  IST: '+0530',
  CET: '+0100',
  CEST: '+0200',
  MEZ: '+0100',
  MESZ: '+0200',
  EET: '+0200',
  EEST: '+0300',
  WET: '+0000',
  WEST: '+0100',
  BST: '+0100',
  MSK: '+0300',
  AEST: '+1000',
  AEDT: '+1100',
  ACST: '+0930',
  NZST: '+1200',
  NZDT: '+1300',
};

// redos-safe: parse() drops dates longer than MAX_DATE_LENGTH (100) before any regex runs
const TRAILING_ZONE = /\s*\(?\b([A-Z]{2,5})\)?$/;
const HAS_ZONE = /(?:Z|\bGMT|\bUTC?|[+-]\d{2}:?\d{2}|\b[A-Z]{3,4})\)?$/i;
const HAS_TIME = /\d{1,2}:\d{2}/;
const ISO_DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const MAX_DATE_LENGTH = 100;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/**
 * How far ahead of the clock a publication date is still believed: a
 * publisher's clock or zone a few hours off, an embargo lifting tomorrow
 * morning. Further out it is a mistake or a trick: a date in 2200 would pin
 * an article to the top of `sort=recent` and keep it from ever ageing out.
 */
export const FUTURE_TOLERANCE_MS = 24 * 60 * 60 * 1000;

/** The latest instant (ms since the epoch) a publication date read at `now` may name: now + 1 day. */
export function trustedUntil(now: number = Date.now()): number {
  return now + FUTURE_TOLERANCE_MS;
}

/** Options of {@link toUtcIso}. */
export interface DateOptions {
  /**
   * Years outside this window are no dates (default 0..9999). Page metadata
   * narrows it: there a year like 1970 or 2999 is a CMS placeholder.
   */
  years?: { min: number; max: number };
  /**
   * A date later than this instant (ms since the epoch) is no date. Callers
   * reading publication dates pass {@link trustedUntil}(), so a date from the
   * future falls through to their next candidate.
   */
  notAfter?: number;
}

/**
 * Reads a date as feeds and pages write it (RFC 822/1123 with named zones,
 * ISO 8601, dotted and slashed numeric dates, English month names with
 * ordinals, Korean `2026년 11월 27일 오후 3:30`, Unix time) and returns it as
 * UTC ISO-8601. A date without a zone is read as UTC, so the result never
 * depends on the machine's time zone. Returns undefined for anything
 * unreadable or impossible: a bad date drops the date, never the item.
 */
export function toUtcIso(value: string | null | undefined, options: DateOptions = {}): string | undefined {
  const iso = parse(value);
  if (iso === undefined) return undefined;
  const year = Number(iso.slice(0, 4));
  const { min, max } = options.years ?? { min: 0, max: 9999 };
  if (year < min || year > max) return undefined;
  if (options.notAfter !== undefined && Date.parse(iso) > options.notAfter) return undefined;
  return iso;
}

function parse(value: string | null | undefined): string | undefined {
  if (value === undefined || value === null) return undefined;
  let text = value.trim().replace(/\s+/g, ' ');
  // Longer than any date: not worth a regex pass.
  if (text === '' || text.length > MAX_DATE_LENGTH) return undefined;
  const epoch = fromEpoch(text);
  if (epoch !== undefined) return epoch;

  text = repairShape(fromKorean(text));
  const zone = text.match(TRAILING_ZONE)?.[1];
  const offset = zone ? ZONE_OFFSETS[zone.toUpperCase()] : undefined;
  if (offset) text = text.replace(TRAILING_ZONE, ` ${offset}`);

  const isoLocal = text.match(/^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/);
  if (isoLocal) text = `${isoLocal[1]}T${isoLocal[2]}Z`;
  else if (!HAS_ZONE.test(text) && !ISO_DATE_ONLY.test(text))
    // V8 reads zoneless non-ISO dates in local time; pin them to UTC (midnight for a bare date).
    text = HAS_TIME.test(text) ? `${text} +0000` : `${text} 00:00 +0000`;

  if (hasImpossibleDay(text)) return undefined;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return undefined;
  const iso = date.toISOString();
  // Years outside 0000-9999 serialise as "+010000-…", which nothing downstream expects.
  return /^\d{4}-/.test(iso) ? iso : undefined;
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

// "2026년 11월 27일 (금) 오후 3:30", as Korean CMSs write dates; 오전/오후 are a.m./p.m.
function fromKorean(text: string): string {
  const match = text.match(
    // redos-safe: parse() drops dates longer than MAX_DATE_LENGTH (100) before any regex runs
    /^(\d{4})\s*년\s*(\d{1,2})\s*월\s*(\d{1,2})\s*일(?:\s*\(.\))?(?:\s*(오전|오후)?\s*(\d{1,2}):(\d{2})(?::(\d{2}))?)?$/,
  );
  if (!match) return text;
  const [, year, month, day, half, hour = '0', minute = '00', second = '00'] = match;
  let hours = Number(hour) % (half ? 12 : 24);
  if (half === '오후') hours += 12;
  const pad = (n: string | number) => String(n).padStart(2, '0');
  return `${year}-${pad(month!)}-${pad(day!)}T${pad(hours)}:${minute}:${second}`;
}

// Unix time, which some feeds put in date elements: 10 digits of seconds or 13 of milliseconds.
function fromEpoch(text: string): string | undefined {
  if (!/^\d{10}(?:\d{3})?$/.test(text)) return undefined;
  const millis = text.length === 13 ? Number(text) : Number(text) * 1000;
  return new Date(millis).toISOString();
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
