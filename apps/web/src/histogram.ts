/**
 * The `day` facet (stories per publication day, `YYYY-MM-DD`) as bars to
 * click. A long span is drawn by week or by month instead, so there are at
 * most {@link MAX_BARS} or so bars; a click narrows the search to the bar's
 * days, and the next histogram shows those days finer.
 */

export type Unit = 'day' | 'week' | 'month';

export interface Bucket {
  /** First day, `YYYY-MM-DD`. */
  from: string;
  /** Last day, `YYYY-MM-DD`, inclusive. */
  to: string;
  count: number;
  unit: Unit;
}

/** More bars than this and a bar gets too thin to click on a phone. */
export const MAX_BARS = 62;

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const msOf = (day: string) => Date.parse(`${day}T00:00:00Z`);

/** Start of the bucket holding `ms`: the day, the Monday of its ISO week, or the 1st of its month (UTC). */
function startOf(ms: number, unit: Unit): number {
  if (unit === 'day') return ms;
  const date = new Date(ms);
  if (unit === 'month') return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  return ms - ((date.getUTCDay() + 6) % 7) * DAY_MS;
}

function next(ms: number, unit: Unit): number {
  if (unit === 'day') return ms + DAY_MS;
  if (unit === 'week') return ms + 7 * DAY_MS;
  const date = new Date(ms);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}

/** Buckets from the first day with stories to the last, empty ones included, ascending. */
export function buckets(days: Record<string, number>): Bucket[] {
  const entries = Object.entries(days)
    .filter(([day, count]) => count > 0 && !Number.isNaN(msOf(day)))
    .sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return [];
  const first = msOf(entries[0]![0]);
  const last = msOf(entries[entries.length - 1]![0]);
  const span = (last - first) / DAY_MS + 1;
  const unit: Unit = span <= MAX_BARS ? 'day' : span <= MAX_BARS * 7 ? 'week' : 'month';
  const out: Bucket[] = [];
  for (let at = startOf(first, unit); at <= last; at = next(at, unit))
    out.push({ from: dayOf(at), to: dayOf(next(at, unit) - DAY_MS), count: 0, unit });
  let i = 0;
  for (const [day, count] of entries) {
    while (out[i]!.to < day) i++;
    out[i]!.count += count;
  }
  return out;
}
