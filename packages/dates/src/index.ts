export { type DateOptions, toUtcIso } from './to-utc-iso';
