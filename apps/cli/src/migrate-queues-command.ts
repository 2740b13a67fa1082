import { loadConfigOrExit } from '@tidings/config';
import { createRedis, migrateQueueKeys } from '@tidings/queue';
import type { Command } from 'commander';

/**
 * `tidings migrate-queues`: the one-off upgrade of a single Redis to the
 * hash-tagged queue layout (see docs/operations.md), with every service stopped.
 */
export function addMigrateQueuesCommand(program: Command): void {
  program
    .command('migrate-queues')
    .description(
      'move the queues of the Redis at REDIS_URL to the hash-tagged key layout (once, with every service stopped)',
    )
    .action(async () => {
      const config = loadConfigOrExit();
      if (config.REDIS_CLUSTER_NODES)
        throw new Error('a Redis Cluster never held the old layout: there is nothing to migrate');
      const redis = createRedis(config.REDIS_URL, 'tidings-migrate');
      try {
        const report = await migrateQueueKeys(redis, config.QUEUE_PREFIX);
        process.stdout.write(`${JSON.stringify(report)}\n`);
      } finally {
        redis.disconnect();
      }
    });
}
