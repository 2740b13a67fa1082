import { Piscina } from 'piscina';
import { FeedListError, FeedParseError } from './errors';
import { type FeedTask, type OpmlTask, TASK_STARTED, type TaskResult } from './pool-worker';
import type { FeedSource, ParsedFeed, ParseFeedOptions } from './types';

/**
 * {@link parseFeed} and {@link parseOpml} in worker threads, each task with a
 * deadline. Parsing is synchronous CPU work: on the main thread one hostile
 * feed (or OPML upload) stalls the event loop, so a poller cannot renew its
 * BullMQ locks, the job is taken for stalled and hangs the next poller too,
 * and the API stops answering. In a pool it occupies one thread, and a parse
 * that runs past its deadline has its thread terminated.
 *
 * The deadline runs from the moment a thread takes the task up, not from the
 * call: a poller runs many polls on few threads, and a feed that waited its
 * turn behind others must not be failed for the wait.
 */
export class FeedPool {
  private readonly pool: Piscina;
  readonly timeoutMs: number;
  private nextId = 0;
  /** Tasks handed to the pool and not settled yet: their abort controller and, once started, their deadline timer. */
  private readonly pending = new Map<number, { controller: AbortController; timer?: NodeJS.Timeout }>();

  constructor(options: { threads: number; timeoutMs: number }) {
    // From the TypeScript sources (tests, development) the worker needs tsx
    // and the workspace's "source" export condition; built code needs neither.
    const fromSource = import.meta.url.endsWith('.ts');
    this.pool = new Piscina({
      filename: new URL(fromSource ? './pool-worker.ts' : './pool-worker.js', import.meta.url).href,
      minThreads: options.threads,
      maxThreads: options.threads,
      execArgv: fromSource ? ['--import', 'tsx', '--conditions=source'] : [],
    });
    this.timeoutMs = options.timeoutMs;
    this.pool.on('message', (message: unknown) => {
      if (typeof message !== 'object' || message === null || !(TASK_STARTED in message)) return;
      const task = this.pending.get((message as Record<typeof TASK_STARTED, number>)[TASK_STARTED]);
      // Unknown: the result already arrived (the two travel on different ports).
      if (task === undefined || task.timer !== undefined) return;
      task.timer = setTimeout(() => task.controller.abort(), this.timeoutMs);
    });
  }

  /** Threads in the pool. */
  get threads(): number {
    return this.pool.threads.length;
  }

  /**
   * Parse one fetched feed. Rejects with {@link FeedParseError} when nothing
   * usable is in it, and with {@link FeedTimeoutError} past the deadline.
   */
  async parseFeed(body: Uint8Array, options: ParseFeedOptions = {}): Promise<ParsedFeed> {
    const result = await this.run<ParsedFeed>(
      { kind: 'feed', id: this.nextId++, body, options },
      options.url,
    );
    if (!result.ok) throw new FeedParseError(result.reason);
    return result.value;
  }

  /**
   * Read the feeds of an OPML document. Rejects with {@link FeedListError}
   * when it is not OPML, and with {@link FeedTimeoutError} past the deadline.
   */
  async parseOpml(xml: string): Promise<FeedSource[]> {
    const result = await this.run<FeedSource[]>({ kind: 'opml', id: this.nextId++, xml });
    if (!result.ok) throw new FeedListError(result.reason);
    return result.value;
  }

  /** Stops the threads; tasks still running are rejected. */
  async close(): Promise<void> {
    for (const task of this.pending.values()) clearTimeout(task.timer);
    await this.pool.destroy();
  }

  private async run<R>(task: FeedTask | OpmlTask, url?: string): Promise<TaskResult<R>> {
    const controller = new AbortController();
    const entry: { controller: AbortController; timer?: NodeJS.Timeout } = { controller };
    this.pending.set(task.id, entry);
    try {
      return await this.pool.run(task, { signal: controller.signal });
    } catch (err) {
      if (controller.signal.aborted) throw new FeedTimeoutError(task.kind, this.timeoutMs, url);
      throw err;
    } finally {
      clearTimeout(entry.timer);
      this.pending.delete(task.id);
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
