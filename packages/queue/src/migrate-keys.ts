import { QueueName } from '@tidings/contracts';
import type { Redis } from 'ioredis';
import { queuePrefix } from './queue-prefix';

/** What {@link migrateQueueKeys} did, per queue. */
export interface QueueKeyMigration {
  queue: QueueName;
  /** Keys renamed to the hash-tagged layout. */
  renamed: number;
}

/** Both layouts hold keys of a queue: new services ran before the migration. */
export class QueueKeyConflictError extends Error {
  constructor(readonly queue: QueueName) {
    super(
      `queue ${queue} has keys in both the old (QUEUE_PREFIX:${queue}:…) and the new ({QUEUE_PREFIX:${queue}}:…) layout: services of this version ran before the migration; drain the old keys by hand or delete them`,
    );
    this.name = 'QueueKeyConflictError';
  }
}

/**
 * Move the queues of a single Redis from the layout before hash-tagged
 * prefixes (`tidings:articles:wait`, `tidings:dead-letters:{articles}:waiting`)
 * to the current one (`{tidings:articles}:articles:wait`,
 * `{tidings:articles}:dead-letters:waiting`), by RENAME, keeping waiting,
 * delayed and failed jobs, job schedulers and metrics. BullMQ keeps job ids,
 * not key names, inside its keys, so renamed keys work as they are. Run it
 * with every service stopped: a worker of either version writing meanwhile
 * would leave keys behind. Running it again does nothing.
 */
export async function migrateQueueKeys(redis: Redis, prefix: string): Promise<QueueKeyMigration[]> {
  const report: QueueKeyMigration[] = [];
  for (const queue of Object.values(QueueName)) {
    const tag = queuePrefix(prefix, queue);
    const moves = new Map<string, string>();
    for (const key of await scan(redis, `${globEscape(`${prefix}:${queue}`)}:*`))
      moves.set(key, `${tag}:${key.slice(prefix.length + 1)}`);
    const deadLetters = `${prefix}:dead-letters:{${queue}}:waiting`;
    for (const key of await scan(redis, `${globEscape(deadLetters)}*`))
      moves.set(key, `${tag}:dead-letters:waiting${key.slice(deadLetters.length)}`);
    if (moves.size > 0 && (await scan(redis, `${globEscape(tag)}:*`)).length > 0)
      throw new QueueKeyConflictError(queue);
    for (const [from, to] of moves) await redis.rename(from, to);
    report.push({ queue, renamed: moves.size });
  }
  return report;
}

async function scan(redis: Redis, pattern: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    cursor = next;
    keys.push(...batch);
  } while (cursor !== '0');
  return [...new Set(keys)];
}

// QUEUE_PREFIX may hold glob characters; SCAN MATCH must take them literally.
function globEscape(text: string): string {
  let out = '';
  for (const char of text) out += '*?[]\\'.includes(char) ? `\\${char}` : char;
  return out;
}
