import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { PageResult, PageTask } from './extract-page';

/**
 * {@link extractPage} in worker threads. A huge page can take a long,
 * uninterruptible stretch of CPU; on the main thread it would stall the
 * event loop, so BullMQ could not renew the locks of the other jobs in
 * flight and they would be taken for stalled. In a pool it only occupies
 * one thread, and a runaway page is cut off by its deadline.
 */
export class ExtractPool {
  private readonly pool: Piscina;
  private readonly timeoutMs: number;

  constructor(options: { threads: number; timeoutMs: number }) {
    // From the TypeScript sources (tests, development) the worker needs tsx
    // and the workspace's "source" export condition; built code needs neither.
    const fromSource = import.meta.url.endsWith('.ts');
    // One per core by default: the parser's own thread mostly waits on I/O, and
    // extraction is the CPU a parser is for (measured by pnpm bench).
    const threads = options.threads || availableParallelism();
    this.pool = new Piscina({
      filename: new URL(fromSource ? './pool-worker.ts' : './pool-worker.js', import.meta.url).href,
      minThreads: threads,
      maxThreads: threads,
      execArgv: fromSource ? ['--import', 'tsx', '--conditions=source'] : [],
    });
    this.timeoutMs = options.timeoutMs;
  }

  /** Threads in the pool. */
  get threads(): number {
    return this.pool.threads.length;
  }

  /** Extract one page; rejects with a timeout error when it takes longer than the deadline. */
  async run(task: PageTask): Promise<PageResult> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      return await this.pool.run(task, { signal });
    } catch (err) {
      if (signal.aborted) throw new ExtractTimeoutError(task.url, this.timeoutMs);
      throw err;
    }
  }

  /** Stops the threads; tasks still running are rejected. */
  close(): Promise<void> {
    return this.pool.destroy();
  }
}

/** A page whose extraction ran past the deadline: it would again, so it is not retried. */
export class ExtractTimeoutError extends Error {
  constructor(url: string, timeoutMs: number) {
    super(`extracting ${url} took longer than ${timeoutMs} ms`);
    this.name = 'ExtractTimeoutError';
  }
}
