import { parentPort } from 'node:worker_threads';
import { Piscina } from 'piscina';

/** Posted by a thread when it takes a task up: the deadline runs from here. */
const TASK_STARTED = 'tidings.threads.task-started';

/** A task as it crosses to a thread: the caller's task and the id its "started" message names. */
interface Envelope<T> {
  id: number;
  task: T;
}

/**
 * Wraps a worker module's task function for a {@link DeadlinePool}: the
 * module's default export must be `withDeadline(fn)`. Tells the pool when the
 * task starts, so the time it waited for a free thread never counts.
 */
export function withDeadline<T, R>(
  run: (task: T) => R | Promise<R>,
): (envelope: Envelope<T>) => R | Promise<R> {
  return (envelope) => {
    parentPort?.postMessage({ [TASK_STARTED]: envelope.id });
    return run(envelope.task);
  };
}

/** What a {@link DeadlinePool} runs and how. */
export interface DeadlinePoolOptions {
  /**
   * The worker module, without its extension, relative to the caller:
   * `new URL('./pool-worker', import.meta.url)`. Its default export is
   * `withDeadline(fn)`.
   */
  worker: URL;
  /** The caller's `import.meta.url`: a `.ts` caller runs from sources, so its threads load TypeScript through tsx. */
  callerUrl: string;
  threads: number;
  /** How long one task may run once a thread has taken it up. */
  timeoutMs: number;
}

/** A task that ran past its deadline; its thread was terminated. */
export class DeadlineError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`the task ran longer than ${timeoutMs} ms`);
    this.name = 'DeadlineError';
  }
}

/**
 * CPU-bound work on untrusted bytes (parsing a feed, extracting a page) in
 * worker threads, each task with a deadline. On the main thread one hostile
 * input stalls the event loop: BullMQ cannot renew its locks, the job is
 * taken for stalled and hangs the next worker too, and an API stops
 * answering. In the pool it occupies one thread, and a task past its deadline
 * has its thread terminated.
 *
 * The deadline runs from the moment a thread takes the task up, not from the
 * call: a service runs many jobs on few threads, and a task that waited its
 * turn behind others must not fail for the wait.
 */
export class DeadlinePool<T, R> {
  private readonly pool: Piscina;
  readonly timeoutMs: number;
  private nextId = 0;
  /** Tasks handed to the pool and not settled yet: their abort controller and, once started, their deadline timer. */
  private readonly pending = new Map<number, { controller: AbortController; timer?: NodeJS.Timeout }>();

  constructor(options: DeadlinePoolOptions) {
    // From the TypeScript sources (tests, development) the threads need tsx
    // and the workspace's "source" export condition; built code needs neither.
    const fromSource = options.callerUrl.endsWith('.ts');
    this.pool = new Piscina({
      filename: `${options.worker.href}${fromSource ? '.ts' : '.js'}`,
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

  /** Runs one task; rejects with {@link DeadlineError} when it runs past the deadline. */
  async run(task: T): Promise<R> {
    const id = this.nextId++;
    const controller = new AbortController();
    const entry: { controller: AbortController; timer?: NodeJS.Timeout } = { controller };
    this.pending.set(id, entry);
    try {
      return await this.pool.run({ id, task } satisfies Envelope<T>, { signal: controller.signal });
    } catch (err) {
      if (controller.signal.aborted) throw new DeadlineError(this.timeoutMs);
      throw err;
    } finally {
      clearTimeout(entry.timer);
      this.pending.delete(id);
    }
  }

  /** Stops the threads; tasks still running are rejected. */
  async close(): Promise<void> {
    for (const task of this.pending.values()) clearTimeout(task.timer);
    await this.pool.destroy();
  }
}
