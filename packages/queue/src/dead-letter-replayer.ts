import type { QueueName } from '@tidings/contracts';
import type { Logger, Metrics } from '@tidings/telemetry';
import { Counter } from 'prom-client';
import type { Queues } from './producer';
import { TransientDeadLetters } from './transient-dead-letters';

/** How a {@link DeadLetterReplayer} recognises its queue's dependencies and their recovery. */
export interface DeadLetterReplayerOptions {
  queues: Queues;
  queue: QueueName;
  /**
   * The `dependency` label of `tidings_dead_letters_replayed_total`: the kind of
   * dependency the queue waits on (`meilisearch`, `site`). Never the dependency
   * itself, which would make one series per site; logs name it.
   */
  kind: string;
  /**
   * The dependency a transient failure waited on (`meilisearch`, a site's
   * host), or undefined when it names none: such a dead letter is replayed
   * only by hand. Used by the worker given this replayer.
   */
  dependencyOf?: (err: unknown) => string | undefined;
  /** Asked about each dependency with dead letters every `refreshMs`; resolving means it is back. */
  probe?: (dependency: string) => Promise<void>;
  /** How often the dependencies with dead letters are read from Redis and probed. Default 30 s. */
  refreshMs?: number;
  logger: Logger;
  metrics: Metrics;
}

const REPLAYED_METRIC = 'tidings_dead_letters_replayed_total';

/**
 * Replays a queue's transient dead letters when the dependency they waited
 * on is seen healthy again: told by the service ({@link healthy}: a batch
 * indexed, a page or feed fetched from a host) or found by the probe.
 *
 * `healthy` costs nothing unless the dependency has dead letters: the
 * process keeps the list of such dependencies, read from Redis every
 * `refreshMs` and added to as its own worker records one. A replay takes the
 * dependency off the list until the next read, so one process replays a
 * dependency at most once per `refreshMs` (plus once per dead letter it
 * records itself), however many of its pages succeed. Several processes may
 * replay one dependency at once: {@link TransientDeadLetters.replay} retries
 * each job only once.
 */
export class DeadLetterReplayer {
  private readonly store: TransientDeadLetters;
  private readonly replayed: Counter<'queue' | 'dependency'>;
  private readonly logger: Logger;
  /** Dependencies with dead letters, as last read from Redis or recorded here. */
  private waiting = new Set<string>();
  private readonly replaying = new Map<string, Promise<void>>();
  private timer: NodeJS.Timeout | undefined;
  private refreshing: Promise<void> | undefined;

  constructor(private readonly options: DeadLetterReplayerOptions) {
    this.store = new TransientDeadLetters(options.queues, options.queue);
    this.logger = options.logger.child({ queue: options.queue });
    const { registry } = options.metrics;
    this.replayed =
      (registry.getSingleMetric(REPLAYED_METRIC) as Counter<'queue' | 'dependency'> | undefined) ??
      new Counter({
        name: REPLAYED_METRIC,
        help: 'Transient dead letters replayed automatically because the dependency they waited on was back, by queue and kind of dependency.',
        labelNames: ['queue', 'dependency'],
        registers: [registry],
      });
    // A zero series from the start, so dashboards see the counter before its first replay.
    this.replayed.inc({ queue: options.queue, dependency: options.kind }, 0);
  }

  /** Read the dependencies with dead letters now, then every `refreshMs`, probing them. */
  start(): this {
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.options.refreshMs ?? 30_000);
    this.timer.unref();
    return this;
  }

  /**
   * A job failed after its last attempt: record it under the dependency its
   * error waited on. Resolves to that dependency, or undefined when the
   * error names none (nothing is recorded).
   */
  async recordFailure(id: string, err: unknown): Promise<string | undefined> {
    const dependency = this.options.dependencyOf?.(err);
    if (dependency === undefined) return undefined;
    await this.store.record(dependency, id);
    this.waiting.add(dependency);
    return dependency;
  }

  /** The dependency answered: replay its dead letters, in the background, if it has any. */
  healthy(dependency: string): void {
    if (!this.waiting.has(dependency) || this.replaying.has(dependency)) return;
    this.waiting.delete(dependency);
    const run = this.replay(dependency).finally(() => this.replaying.delete(dependency));
    this.replaying.set(dependency, run);
  }

  /** Read which dependencies have dead letters, and probe them; one read at a time. */
  refresh(): Promise<void> {
    this.refreshing ??= this.readAndProbe().finally(() => {
      this.refreshing = undefined;
    });
    return this.refreshing;
  }

  /** Stop reading and probing, and wait for replays under way. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.refreshing;
    await Promise.all(this.replaying.values());
  }

  private async readAndProbe(): Promise<void> {
    try {
      this.waiting = new Set(await this.store.dependencies());
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'could not read the dependencies of dead letters');
      return;
    }
    const { probe } = this.options;
    if (!probe) return;
    for (const dependency of this.waiting) {
      const back = await probe(dependency).then(
        () => true,
        () => false,
      );
      if (back) this.healthy(dependency);
    }
  }

  private async replay(dependency: string): Promise<void> {
    try {
      const count = await this.store.replay(dependency);
      if (count === 0) return;
      this.replayed.inc({ queue: this.options.queue, dependency: this.options.kind }, count);
      this.logger.info(
        { dependency, replayed: count },
        `replaying ${count} dead letters of ${dependency}: it is back`,
      );
    } catch (err) {
      // The next read puts the dependency back on the list, so the next sign of health tries again.
      this.logger.warn({ err: (err as Error).message, dependency }, 'dead-letter replay failed');
    }
  }
}
