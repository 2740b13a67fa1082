import { type ReadDateOptions, readDate } from './read-date';

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

/** Options of {@link toUtcIso}: those of {@link readDate}. */
export type DateOptions = ReadDateOptions;

/**
 * {@link readDate}'s instant alone, as UTC ISO-8601: for callers that do not need to know
 * whether the date stated its zone. A zoneless date is read in `options.zone`, else UTC.
 */
export function toUtcIso(value: string | null | undefined, options: DateOptions = {}): string | undefined {
  return readDate(value, options)?.iso;
}
