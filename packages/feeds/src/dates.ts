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

const TRAILING_ZONE = /\s*\(?\b([A-Z]{2,5})\)?$/;
const HAS_ZONE = /(?:Z|\bGMT|\bUTC?|[+-]\d{2}:?\d{2}|\b[A-Z]{3,4})\)?$/i;
const HAS_TIME = /\d{1,2}:\d{2}/;

/**
 * Parses a feed date (RFC 822, ISO 8601 and their common malformations) to UTC ISO-8601.
 * A date without a zone is read as UTC so the result never depends on the server's time zone.
 * Returns undefined for anything unreadable: a bad date drops the date, never the item.
 */
export function toIsoDate(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  let text = value.trim().replace(/\s+/g, ' ');
  if (text === '') return undefined;

  const zone = text.match(TRAILING_ZONE)?.[1];
  const offset = zone ? ZONE_OFFSETS[zone.toUpperCase()] : undefined;
  if (offset) text = text.replace(TRAILING_ZONE, ` ${offset}`);

  const isoLocal = text.match(/^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)$/);
  if (isoLocal) text = `${isoLocal[1]}T${isoLocal[2]}Z`;
  else if (HAS_TIME.test(text) && !HAS_ZONE.test(text)) text = `${text} +0000`;

  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return undefined;
  const iso = date.toISOString();
  // Years outside 0000-9999 serialise as "+010000-…", which nothing downstream expects.
  return /^\d{4}-/.test(iso) ? iso : undefined;
}
