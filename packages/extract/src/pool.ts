import { availableParallelism } from 'node:os';
import { DeadlineError, DeadlinePool } from '@tidings/threads';
import type { PageResult, PageTask } from './extract-page';

/**
 * {@link extractPage} in worker threads. A huge page can take a long,
 * uninterruptible stretch of CPU; on the main thread it would stall the
 * event loop, so BullMQ could not renew the locks of the other jobs in
 * flight and they would be taken for stalled. In a pool it only occupies
 * one thread, and a runaway page is cut off by its deadline, which runs from
 * when a thread takes the page up, not while it waits its turn.
 */
export class ExtractPool {
  private readonly pool: DeadlinePool<PageTask, PageResult>;

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
    try {
      return await this.pool.run(task);
    } catch (err) {
      if (err instanceof DeadlineError) throw new ExtractTimeoutError(task.url, err.timeoutMs);
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
