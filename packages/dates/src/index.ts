export { type DateOptions, FUTURE_TOLERANCE_MS, toUtcIso, trustedUntil } from './to-utc-iso';
