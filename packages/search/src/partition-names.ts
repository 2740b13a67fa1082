/**
 * The names of the archive's partitions and the time each covers, in UTC:
 * `<base>-YYYY` (a year), `<base>-YYYY-MM` (a month) and `<base>-YYYY-Www`
 * (an ISO 8601 week, Monday to Sunday, numbered in the year its Thursday
 * falls in, so `2026-W53` ends on 3 January 2027). Times are Unix seconds.
 */

export type PartitionKind = 'year' | 'month' | 'week';

/** What a partition's name says: its kind and the seconds it covers, both ends inclusive. */
export interface PartitionSpan {
  kind: PartitionKind;
  from: number;
  to: number;
}

const DAY = 86_400;
// Fixed widths, nothing to backtrack on.
const SUFFIX = /^(\d{4})(?:-(\d{2})|-W(\d{2}))?$/;

/** The partition `uid` names in the archive `base`; undefined for anything else (the base index itself too). */
export function parsePartition(base: string, uid: string): PartitionSpan | undefined {
  if (!uid.startsWith(`${base}-`)) return undefined;
  const suffix = uid.slice(base.length + 1);
  const match = SUFFIX.exec(suffix);
  if (!match) return undefined;
  const year = Number(match[1]);
  if (match[2] !== undefined) {
    const month = Number(match[2]);
    if (month < 1 || month > 12) return undefined;
    return {
      kind: 'month',
      from: Date.UTC(year, month - 1, 1) / 1000,
      to: Date.UTC(year, month, 1) / 1000 - 1,
    };
  }
  if (match[3] !== undefined) {
    const from = isoWeekOne(year) + (Number(match[3]) - 1) * 7 * DAY;
    // Week 00, or a week 53 the year does not have, names another week: not ours.
    if (weekSuffix(from) !== suffix) return undefined;
    return { kind: 'week', from, to: from + 7 * DAY - 1 };
  }
  return { kind: 'year', from: Date.UTC(year, 0, 1) / 1000, to: Date.UTC(year + 1, 0, 1) / 1000 - 1 };
}

/** The name of the partition of `kind` that holds the second `at`. */
export function partitionName(base: string, kind: PartitionKind, at: number): string {
  const iso = new Date(at * 1000).toISOString();
  if (kind === 'year') return `${base}-${iso.slice(0, 4)}`;
  if (kind === 'month') return `${base}-${iso.slice(0, 7)}`;
  return `${base}-${weekSuffix(at)}`;
}

/** Midnight (UTC) of the Monday that starts the ISO week holding `at`. */
export function weekStart(at: number): number {
  const midnight = Math.floor(at / DAY) * DAY;
  const weekday = (new Date(midnight * 1000).getUTCDay() + 6) % 7; // Monday 0 … Sunday 6
  return midnight - weekday * DAY;
}

/** `YYYY-Www` of the ISO week holding `at`. */
function weekSuffix(at: number): string {
  const monday = weekStart(at);
  const year = new Date((monday + 3 * DAY) * 1000).getUTCFullYear(); // the week's Thursday
  const week = Math.floor((monday - isoWeekOne(year)) / (7 * DAY)) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/** Monday of ISO week 1 of `year`: the week that holds 4 January. */
function isoWeekOne(year: number): number {
  return weekStart(Date.UTC(year, 0, 4) / 1000);
}
