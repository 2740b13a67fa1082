/**
 * @tidings/threads — CPU-bound work on untrusted bytes in worker threads,
 * each task with a deadline that starts when a thread takes it up.
 */
export { DeadlineError, DeadlinePool, type DeadlinePoolOptions, withDeadline } from './deadline-pool';
