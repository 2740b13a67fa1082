import { Alert } from '@tidings/contracts';
import type { RedisClient } from '@tidings/queue';
import type { Logger } from '@tidings/telemetry';
import { type SavedSearchKeys, savedSearchKeys } from './keys';

type Listener = (alert: Alert) => void;

/**
 * The alerts of saved searches as they are made, for an API process's live
 * streams: one Redis connection in subscriber mode per process, subscribed
 * to the channels of the searches that have a stream open here (the matcher
 * publishes each alert on its search's channel, from any indexer). Redis
 * pub/sub delivers to whoever listens at that moment: a stream reconnecting
 * catches up from the search's alert log instead (Last-Event-ID).
 */
export class AlertSubscriber {
  private readonly keys: SavedSearchKeys;
  private readonly listeners = new Map<string, { set: Set<Listener>; subscribed: Promise<unknown> }>();
  private connection: RedisClient | undefined;

  constructor(
    private readonly redis: RedisClient,
    prefix: string,
    private readonly logger?: Logger,
  ) {
    this.keys = savedSearchKeys(prefix);
  }

  /** Call `listener` with each new alert of the search until the returned function is called. */
  async subscribe(savedSearchId: string, listener: Listener): Promise<() => Promise<void>> {
    const channel = this.keys.channel(savedSearchId);
    let entry = this.listeners.get(channel);
    if (!entry) {
      entry = { set: new Set(), subscribed: this.subscriber().subscribe(channel) };
      this.listeners.set(channel, entry);
    }
    entry.set.add(listener);
    // Resolved once Redis confirmed the subscription: from then on no alert of the search is missed.
    await entry.subscribed;
    return async () => {
      const current = this.listeners.get(channel);
      if (!current?.set.delete(listener) || current.set.size > 0) return;
      this.listeners.delete(channel);
      await this.connection?.unsubscribe(channel).catch(() => undefined);
    };
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.connection?.disconnect();
    this.connection = undefined;
  }

  private subscriber(): RedisClient {
    if (this.connection) return this.connection;
    // A connection in subscriber mode can do nothing else: its own, made on first use.
    const connection = this.redis.duplicate();
    connection.on('message', (channel: string, message: string) => {
      const set = this.listeners.get(channel)?.set;
      if (!set) return;
      let alert: Alert;
      try {
        alert = Alert.parse(JSON.parse(message));
      } catch (err) {
        this.logger?.warn({ err: (err as Error).message, channel }, 'unreadable alert on a stream channel');
        return;
      }
      for (const listener of set) listener(alert);
    });
    connection.on('error', (err: Error) =>
      this.logger?.warn({ err: err.message }, 'alert subscriber connection error; reconnecting'),
    );
    this.connection = connection;
    return connection;
  }
}
