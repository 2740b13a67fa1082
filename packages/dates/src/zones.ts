/**
 * Zone abbreviations and the offsets they stand for, in minutes east of UTC. V8 knows only the
 * US ones (and reads them the same); the rest are what Korean, Japanese, European and
 * Australian outlets write. All are replaced by their offset before V8 sees a date, so every
 * stated zone ends up as a number the site zone can be inferred from.
 */
const ZONE_ABBREVIATIONS: Record<string, number> = {
  UT: 0,
  UTC: 0,
  GMT: 0,
  Z: 0,
  KST: 540,
  JST: 540,
  HKT: 480,
  SGT: 480,
  AWST: 480,
  IST: 330,
  CET: 60,
  CEST: 120,
  MEZ: 60,
  MESZ: 120,
  EET: 120,
  EEST: 180,
  WET: 0,
  WEST: 60,
  BST: 60,
  MSK: 180,
  AEST: 600,
  AEDT: 660,
  ACST: 570,
  NZST: 720,
  NZDT: 780,
  EST: -300,
  EDT: -240,
  CST: -360,
  CDT: -300,
  MST: -420,
  MDT: -360,
  PST: -480,
  PDT: -420,
};

// How Chinese, Japanese and Korean pages name their zone after a date, often in parentheses.
const CJK_ZONE_NAMES: Record<string, number> = {
  北京时间: 480,
  北京時間: 480,
  台北時間: 480,
  台北时间: 480,
  香港時間: 480,
  香港时间: 480,
  日本時間: 540,
  日本时间: 540,
  한국시간: 540,
  한국시: 540,
};

/** The offset (minutes east of UTC) a zone abbreviation stands for: `KST`, `CEST`, `EST`. */
export function abbreviationOffset(name: string): number | undefined {
  return ZONE_ABBREVIATIONS[name.toUpperCase()];
}

/**
 * The offset (minutes east of UTC) of a zone as written after a date: an abbreviation
 * (`JST`, `GMT`), a CJK zone name (`北京时间`), a numeric offset (`+0900`, `+09:00`, `+09`,
 * `GMT+9`), each optionally in parentheses. Undefined for anything else.
 */
export function statedOffset(written: string): number | undefined {
  let name = written.trim();
  if (name.startsWith('(') || name.startsWith('（')) name = name.slice(1);
  if (name.endsWith(')') || name.endsWith('）')) name = name.slice(0, -1);
  name = name.trim();
  const known = abbreviationOffset(name) ?? CJK_ZONE_NAMES[name];
  if (known !== undefined) return known;
  const numeric = /^(?:GMT|UTC)?([+-])(\d{1,2})(?::?(\d{2}))?$/i.exec(name);
  if (!numeric) return undefined;
  const hours = Number(numeric[2]);
  const minutes = Number(numeric[3] ?? '0');
  if (hours > 14 || minutes > 59) return undefined;
  return (numeric[1] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/** An offset in minutes, as `+09:00` / `-05:30`. */
export function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/**
 * The instant (ms since the epoch) at which clocks in `zone` showed `wall` (a wall-clock time
 * encoded as if it were UTC). `zone` is an IANA name (`Asia/Seoul`, DST-correct through Intl)
 * or a fixed offset (`+09:00`, `UTC`).
 *
 * @throws RangeError when `zone` is neither an offset nor a zone Intl knows.
 */
export function wallToInstant(wall: number, zone: string): number {
  const fixed = statedOffset(zone);
  if (fixed !== undefined) return wall - fixed * 60_000;
  // The zone's offset at the wall time read as UTC is off by at most one transition; a second
  // look at the corrected instant settles it (a wall time skipped by a DST jump lands after it).
  const guess = wall - offsetAt(zone, wall) * 60_000;
  return wall - offsetAt(zone, guess) * 60_000;
}

// Formatters are costly to build; one per zone, and few zones are ever used.
const MAX_FORMATTERS = 100;
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(zone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(zone);
  if (formatter === undefined) {
    if (formatters.size >= MAX_FORMATTERS) formatters.clear();
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, formatter);
  }
  return formatter;
}

/** Minutes east of UTC of an IANA zone at an instant. */
function offsetAt(zone: string, instant: number): number {
  const parts: Record<string, number> = {};
  for (const part of formatterFor(zone).formatToParts(instant)) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const wall = new Date(0);
  wall.setUTCFullYear(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1);
  wall.setUTCHours(parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0, 0);
  const whole = instant - (((instant % 1000) + 1000) % 1000);
  return Math.round((wall.getTime() - whole) / 60_000);
}
