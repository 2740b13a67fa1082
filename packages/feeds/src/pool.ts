import { DeadlineError, DeadlinePool } from '@tidings/threads';
import { FeedListError, FeedParseError } from './errors';
import type { FeedTask, OpmlTask, TaskResult } from './pool-worker';
import type { FeedSource, ParsedFeed, ParseFeedOptions } from './types';

/**
 * {@link parseFeed} and {@link parseOpml} in worker threads, each task with a
 * deadline. Parsing is synchronous CPU work: on the main thread one hostile
 * feed (or OPML upload) stalls the event loop, so a poller cannot renew its
 * BullMQ locks, the job is taken for stalled and hangs the next poller too,
 * and the API stops answering. In a pool (@tidings/threads) it occupies one
 * thread, and a parse that runs past its deadline, counted from when a thread
 * takes it up, has its thread terminated.
 */
export class FeedPool {
  private readonly pool: DeadlinePool<FeedTask | OpmlTask, TaskResult<ParsedFeed | FeedSource[]>>;

  constructor(options: { threads: number; timeoutMs: number }) {
    this.pool = new DeadlinePool({
      worker: new URL('./pool-worker', import.meta.url),
      callerUrl: import.meta.url,
      threads: options.threads,
      timeoutMs: options.timeoutMs,
    });
  }

  /** Threads in the pool. */
  get threads(): number {
    return this.pool.threads;
  }

  /** How long one parse may run once a thread has taken it up. */
  get timeoutMs(): number {
    return this.pool.timeoutMs;
  }

  /**
   * Parse one fetched feed. Rejects with {@link FeedParseError} when nothing
   * usable is in it, and with {@link FeedTimeoutError} past the deadline.
   */
  async parseFeed(body: Uint8Array, options: ParseFeedOptions = {}): Promise<ParsedFeed> {
    const result = (await this.run({ kind: 'feed', body, options }, options.url)) as TaskResult<ParsedFeed>;
    if (!result.ok) throw new FeedParseError(result.reason);
    return result.value;
  }

  /**
   * Read the feeds of an OPML document. Rejects with {@link FeedListError}
   * when it is not OPML, and with {@link FeedTimeoutError} past the deadline.
   */
  async parseOpml(xml: string): Promise<FeedSource[]> {
    const result = (await this.run({ kind: 'opml', xml })) as TaskResult<FeedSource[]>;
    if (!result.ok) throw new FeedListError(result.reason);
    return result.value;
  }

  /** Stops the threads; tasks still running are rejected. */
  close(): Promise<void> {
    return this.pool.close();
  }

  private async run(task: FeedTask | OpmlTask, url?: string): Promise<TaskResult<ParsedFeed | FeedSource[]>> {
    try {
      return await this.pool.run(task);
    } catch (err) {
      if (err instanceof DeadlineError) throw new FeedTimeoutError(task.kind, err.timeoutMs, url);
      throw err;
    }
  }
}

/**
 * A feed or OPML document whose parse ran past the deadline. It would again
 * (the same bytes take the same time), so callers treat it as permanent.
 */
export class FeedTimeoutError extends Error {
  readonly document: 'feed' | 'opml';
  /** Where the feed was fetched from, when the caller said. */
  readonly url: string | undefined;
  readonly timeoutMs: number;

  constructor(document: 'feed' | 'opml', timeoutMs: number, url?: string) {
    super(`the ${document === 'feed' ? 'feed' : 'OPML document'} took longer than ${timeoutMs} ms to parse`);
    this.name = 'FeedTimeoutError';
    this.document = document;
    this.url = url;
    this.timeoutMs = timeoutMs;
  }
}
