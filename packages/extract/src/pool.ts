import { availableParallelism } from 'node:os';
import { DeadlineError, DeadlinePool } from '@tidings/threads';
import type { PageResult, PageTask } from './extract-page';
import type { FeedContentResult, FeedContentTask } from './feed-content';

/** What a pool thread is given: a page, or a feed item's content. */
export type ExtractTask = { kind: 'page'; page: PageTask } | { kind: 'feed'; feed: FeedContentTask };

/**
 * {@link extractPage} and {@link extractFeedContent} in worker threads. A huge page can take a long,
 * uninterruptible stretch of CPU; on the main thread it would stall the
 * event loop, so BullMQ could not renew the locks of the other jobs in
 * flight and they would be taken for stalled. In a pool it only occupies
 * one thread, and a runaway page is cut off by its deadline, which runs from
 * when a thread takes the page up, not while it waits its turn.
 */
export class ExtractPool {
  private readonly pool: DeadlinePool<ExtractTask, PageResult | FeedContentResult>;

  constructor(options: { threads: number; timeoutMs: number }) {
    this.pool = new DeadlinePool({
      worker: new URL('./pool-worker', import.meta.url),
      callerUrl: import.meta.url,
      // One per core by default: the parser's own thread mostly waits on I/O, and
      // extraction is the CPU a parser is for (measured by pnpm bench).
      threads: options.threads || availableParallelism(),
      timeoutMs: options.timeoutMs,
    });
  }

  /** Threads in the pool. */
  get threads(): number {
    return this.pool.threads;
  }

  /** Extract one page; rejects with {@link ExtractTimeoutError} when it runs past the deadline. */
  async run(task: PageTask): Promise<PageResult> {
    return (await this.deadline({ kind: 'page', page: task }, task.url)) as PageResult;
  }

  /**
   * Read a feed item's content as the article, with the same deadline as a
   * page; rejects with {@link ExtractTimeoutError} when it runs past it.
   */
  async runFeed(task: FeedContentTask): Promise<FeedContentResult> {
    return (await this.deadline(
      { kind: 'feed', feed: task },
      `the feed content for ${task.baseUrl}`,
    )) as FeedContentResult;
  }

  private async deadline(task: ExtractTask, what: string): Promise<PageResult | FeedContentResult> {
    try {
      return await this.pool.run(task);
    } catch (err) {
      if (err instanceof DeadlineError) throw new ExtractTimeoutError(what, err.timeoutMs);
      throw err;
    }
  }

  /** Stops the threads; tasks still running are rejected. */
  close(): Promise<void> {
    return this.pool.close();
  }
}

/** A page whose extraction ran past the deadline: it would again, so it is not retried. */
export class ExtractTimeoutError extends Error {
  constructor(url: string, timeoutMs: number) {
    super(`extracting ${url} took longer than ${timeoutMs} ms`);
    this.name = 'ExtractTimeoutError';
  }
}
