const NUMERIC_DATE =
  /^(\d{4})[-./](\d{1,2})[-./](\d{1,2})\.?(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?)?\s*(Z|UTC|GMT|[+-]\d{2}(?::?\d{2})?)?$/i;

// Date.parse accepts many textual formats but reads a string without a zone
// in the machine's local time; only zoned strings are left to it so that the
// same page gives the same instant on every machine.
const HAS_ZONE = /(?:\b(?:GMT|UTC|Z)\b|[+-]\d{2}:?\d{2}\b|\b[ECMP][SD]T\b)/;

/**
 * Normalises a date string from page metadata to UTC ISO-8601.
 *
 * Numeric dates ("2026-03-01T09:00:00+09:00", "2026.03.01 09:00") are parsed
 * here; a time without a zone is taken as UTC because the page gives nothing
 * better and local time would differ per machine. Other formats (RFC 2822,
 * "March 1, 2026 09:00 GMT") go to Date.parse only when they name a zone or
 * carry no time at all. Returns undefined for anything unparseable or outside
 * 1990..2200, which in metadata means a placeholder, not a date.
 */
export function toUtcIso(value: string | null | undefined): string | undefined {
  const input = value?.trim();
  if (!input) return undefined;
  const ms = parseNumeric(input) ?? parseTextual(input);
  if (ms === undefined || Number.isNaN(ms)) return undefined;
  const year = new Date(ms).getUTCFullYear();
  if (year < 1990 || year > 2200) return undefined;
  return new Date(ms).toISOString();
}

function parseNumeric(input: string): number | undefined {
  const m = NUMERIC_DATE.exec(input);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, frac, zone] = m;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h ?? 0);
  const minute = Number(mi ?? 0);
  const second = Number(s ?? 0);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60)
    return Number.NaN;
  const millis = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
  const utc = Date.UTC(Number(y), month - 1, day, hour, minute, second, millis);
  // Date.UTC rolls 31 February over into March; such a date is invalid input.
  if (new Date(utc).getUTCDate() !== day) return Number.NaN;
  return utc - zoneOffsetMinutes(zone) * 60_000;
}

function zoneOffsetMinutes(zone: string | undefined): number {
  if (!zone || /^(Z|UTC|GMT)$/i.test(zone)) return 0;
  const m = /^([+-])(\d{2}):?(\d{2})?$/.exec(zone);
  if (!m) return 0;
  const sign = m[1] === '-' ? -1 : 1;
  return sign * (Number(m[2]) * 60 + Number(m[3] ?? 0));
}

function parseTextual(input: string): number | undefined {
  const hasTime = /\d{1,2}:\d{2}/.test(input);
  if (hasTime && !HAS_ZONE.test(input)) return undefined;
  if (!hasTime) {
    // A bare calendar date: read it at UTC midnight rather than local midnight.
    const ms = Date.parse(`${input} 00:00 UTC`);
    return Number.isNaN(ms) ? undefined : ms;
  }
  const ms = Date.parse(input);
  return Number.isNaN(ms) ? undefined : ms;
}
