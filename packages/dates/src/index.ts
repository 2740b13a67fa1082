export { type DateReading, MAX_DATE_LENGTH, type ReadDateOptions, readDate } from './read-date';
export { type SiteZoneHints, siteZone } from './site-zone';
export { type DateOptions, FUTURE_TOLERANCE_MS, toUtcIso, trustedUntil } from './to-utc-iso';
