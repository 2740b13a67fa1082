import { readDate } from './read-date';
import { formatOffset } from './zones';

/** What a page or feed tells about its site's zone. */
export interface SiteZoneHints {
  /** Dates as written elsewhere on the same page or feed (others' stated offsets are the evidence). */
  dates?: readonly (string | null | undefined)[];
  /** Declared languages or locales, most trusted first: `ko`, `ko_KR`, `en-GB`, `zh-Hant-TW`. */
  languages?: readonly (string | null | undefined)[];
  /**
   * Titles or other short text of the page or feed, the last hint: Hangul is written only for
   * Korean and kana only for Japanese, so a Korean page whose template declares `lang="en"` (or
   * nothing) still dates in Seoul time. Han characters alone name nothing (Chinese of several
   * zones, or Japanese). Only the first {@link MAX_TEXT_CHARS} characters of each are looked at.
   */
  text?: readonly (string | null | undefined)[];
}

const MAX_TEXT_CHARS = 200;
const MAX_TEXTS = 20;
const HANGUL = /[\uAC00-\uD7A3]/;
const KANA = /[\u3040-\u30FF]/;

// Enough of a page's or feed's dates to see its habit; a hostile feed may hold thousands.
const MAX_DATES = 200;
const MAX_LANGUAGE_LENGTH = 35;

// Countries (ISO 3166 region subtags) whose whole territory keeps one zone. Countries that span
// zones (US, CA, RU, BR, AU, MX, ID, KZ, ES with the Canaries, PT with the Azores, CL, NZ with
// the Chathams…) are left out on purpose: their language tags say nothing about the hour.
const REGION_ZONES: Record<string, string> = {
  KR: 'Asia/Seoul',
  KP: 'Asia/Pyongyang',
  JP: 'Asia/Tokyo',
  CN: 'Asia/Shanghai',
  TW: 'Asia/Taipei',
  HK: 'Asia/Hong_Kong',
  MO: 'Asia/Macau',
  SG: 'Asia/Singapore',
  MY: 'Asia/Kuala_Lumpur',
  TH: 'Asia/Bangkok',
  VN: 'Asia/Ho_Chi_Minh',
  PH: 'Asia/Manila',
  IN: 'Asia/Kolkata',
  PK: 'Asia/Karachi',
  BD: 'Asia/Dhaka',
  IL: 'Asia/Jerusalem',
  TR: 'Europe/Istanbul',
  GB: 'Europe/London',
  IE: 'Europe/Dublin',
  DE: 'Europe/Berlin',
  FR: 'Europe/Paris',
  IT: 'Europe/Rome',
  NL: 'Europe/Amsterdam',
  BE: 'Europe/Brussels',
  AT: 'Europe/Vienna',
  CH: 'Europe/Zurich',
  SE: 'Europe/Stockholm',
  NO: 'Europe/Oslo',
  DK: 'Europe/Copenhagen',
  FI: 'Europe/Helsinki',
  PL: 'Europe/Warsaw',
  CZ: 'Europe/Prague',
  HU: 'Europe/Budapest',
  GR: 'Europe/Athens',
  RO: 'Europe/Bucharest',
  ZA: 'Africa/Johannesburg',
  EG: 'Africa/Cairo',
  NG: 'Africa/Lagos',
  KE: 'Africa/Nairobi',
};

// Languages spoken (for news) in one zone only, for tags without a region.
const LANGUAGE_ZONES: Record<string, string> = {
  ko: 'Asia/Seoul',
  ja: 'Asia/Tokyo',
};

// Chinese scripts: simplified is the mainland's; traditional is Taiwan's and Hong Kong's (no zone).
const SCRIPT_ZONES: Record<string, string> = { 'zh-hans': 'Asia/Shanghai' };

/**
 * Infers the zone of a site for reading its zoneless dates: (a) the non-zero offset its other
 * dates state most often (`+09:00`); else (b) the zone of the first declared language or locale
 * whose region keeps a single zone (`ko`, `ko-KR` → `Asia/Seoul`; `ja` → `Asia/Tokyo`;
 * `zh-CN`, `zh-Hans` → `Asia/Shanghai`; `zh-TW` → `Asia/Taipei`; `en-GB` → `Europe/London`;
 * not `en`, `en-US`, `ru`, `pt-BR`, which span zones); else (c) the zone the script of its
 * titles names (Hangul → `Asia/Seoul`, kana → `Asia/Tokyo`); else undefined, and the caller reads
 * zoneless dates as UTC. A stated `Z`, `GMT` or `+00:00` is not counted: CMSs convert to UTC
 * when they write machine dates, which says nothing about where the site is.
 */
export function siteZone(hints: SiteZoneHints): string | undefined {
  return (
    commonOffset(hints.dates ?? []) ?? languageZone(hints.languages ?? []) ?? scriptZone(hints.text ?? [])
  );
}

function commonOffset(dates: readonly (string | null | undefined)[]): string | undefined {
  const counts = new Map<number, number>();
  for (const date of dates.slice(0, MAX_DATES)) {
    const offset = readDate(date)?.offsetMinutes;
    if (offset !== undefined && offset !== 0) counts.set(offset, (counts.get(offset) ?? 0) + 1);
  }
  let best: [number, number] | undefined;
  for (const entry of counts) if (best === undefined || entry[1] > best[1]) best = entry;
  return best === undefined ? undefined : formatOffset(best[0]);
}

function languageZone(languages: readonly (string | null | undefined)[]): string | undefined {
  for (const language of languages) {
    const zone = zoneOfTag(language?.trim() ?? '');
    if (zone !== undefined) return zone;
  }
  return undefined;
}

/** The zone a language tag or locale (`ko_KR`, `zh-Hant-TW`, `en-GB`) pins, if it pins one. */
function zoneOfTag(tag: string): string | undefined {
  if (tag === '' || tag.length > MAX_LANGUAGE_LENGTH) return undefined;
  const [language = '', ...rest] = tag.toLowerCase().split(/[-_]/);
  const region = rest.find((part) => /^[a-z]{2}$/.test(part));
  if (region !== undefined) return REGION_ZONES[region.toUpperCase()];
  const script = rest.find((part) => /^[a-z]{4}$/.test(part));
  if (script !== undefined) return SCRIPT_ZONES[`${language}-${script}`];
  return LANGUAGE_ZONES[language];
}

// The zone a Korean-only or Japanese-only script names; Han characters and Latin name none.
function scriptZone(texts: readonly (string | null | undefined)[]): string | undefined {
  for (const text of texts.slice(0, MAX_TEXTS)) {
    const sample = text?.slice(0, MAX_TEXT_CHARS) ?? '';
    if (HANGUL.test(sample)) return LANGUAGE_ZONES.ko;
    if (KANA.test(sample)) return LANGUAGE_ZONES.ja;
  }
  return undefined;
}
