/**
 * The BullMQ key prefix of one queue: `{QUEUE_PREFIX:queue}`. BullMQ's
 * scripts touch many keys of a queue at once, so on a Redis Cluster they must
 * share a slot; the braces are the hash tag that makes them. One tag per
 * queue (not one for the whole stack) lets the queues land on different
 * masters, as BullMQ's cluster guide advises. A single Redis uses the same
 * names: one layout, whichever Redis runs below. A queue's keys are then
 * `{tidings:articles}:articles:wait`, `…:failed`, `…:<job id>` and so on.
 */
export function queuePrefix(prefix: string, queue: string): string {
  return `{${prefix}:${queue}}`;
}
