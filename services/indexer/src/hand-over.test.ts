import { randomUUID } from 'node:crypto';
import { createRedis, Queues } from '@tidings/queue';
import { createLogger, createMetrics } from '@tidings/telemetry';
import { useTestRedis } from '@tidings/testing';
import { describe, expect, it } from 'vitest';
import { matchHandOver } from './hand-over';

const { redis, url } = useTestRedis();
const ID = 'a'.repeat(32);

describe('handing searchable batches to the matcher', () => {
  it('queues one match-batch job a batch, with ids, indexes and the time it became searchable', async () => {
    const queues = new Queues(redis(), `t-${randomUUID()}`);
    const handOver = matchHandOver({
      queues,
      logger: createLogger('test', 'silent'),
      metrics: createMetrics('indexer'),
    });
    const at = Date.parse('2026-12-03T10:00:00.000Z');
    handOver.searchable([{ id: ID, index: 'articles-2026-w49' }], at);
    handOver.searchable([], at); // nothing searchable: no job
    await handOver.drain();
    const jobs = await queues.queue('matches').getJobs(['waiting']);
    expect(jobs.map((j) => [j.name, j.id, j.data])).toEqual([
      [
        'match-batch',
        `${at}-${ID}`,
        { articles: [{ id: ID, index: 'articles-2026-w49' }], searchableAt: '2026-12-03T10:00:00.000Z' },
      ],
    ]);
    await queues.close();
  });

  it('counts and logs a batch it could not queue, and never throws', async () => {
    const connection = createRedis({ url: url() }, 'test', createLogger('test', 'silent'));
    const queues = new Queues(connection, `t-${randomUUID()}`);
    const metrics = createMetrics('indexer');
    const handOver = matchHandOver({ queues, logger: createLogger('test', 'silent'), metrics });
    // A payload its contract refuses stands for any failure to queue.
    expect(() => handOver.searchable([{ id: 'not-an-id', index: 'articles' }], Date.now())).not.toThrow();
    await handOver.drain();
    expect(
      await metrics.registry.getSingleMetricAsString('tidings_index_match_handover_failures_total'),
    ).toMatch(/ 1$/m);
    await queues.close();
    connection.disconnect();
  });
});
