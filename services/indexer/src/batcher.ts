/**
 * Collects items and flushes them together, one batch at a time: a batch
 * leaves when `maxSize` items are waiting, or `maxWaitMs` after its first
 * item arrived, but never while the previous batch is still in flight.
 * Items that arrive meanwhile wait and leave together as soon as it is done.
 *
 * Why one at a time: every Meilisearch task has a fixed cost on top of its
 * documents, and each task rewrites the posting lists of every word it
 * touches, so many small tasks cost far more than a few large ones (pnpm
 * bench, docs/performance.md). Waiting for the batch in flight makes batches
 * grow with the load on their own: small and fast when little arrives, up to
 * `maxSize` when Meilisearch is the bottleneck.
 *
 * Each `add` resolves when its batch was flushed, or rejects with the
 * batch's error, so the caller (a queue job) succeeds or retries with it.
 */
export class Batcher<T> {
  private pending: Array<{ item: T; resolve: () => void; reject: (err: unknown) => void }> = [];
  /** When the oldest pending item arrived. */
  private oldestAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly flushBatch: (items: T[]) => Promise<void>,
    private readonly options: { maxSize: number; maxWaitMs: number },
  ) {}

  add(item: T): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.pending.length === 0) this.oldestAt = Date.now();
      this.pending.push({ item, resolve, reject });
      this.schedule();
    });
  }

  /** Flush everything waiting now, without waiting for `maxWaitMs`, and wait until every batch is done. */
  async drain(): Promise<void> {
    while (this.inFlight || this.pending.length > 0) {
      if (this.inFlight) await this.inFlight;
      else this.flush();
    }
  }

  /** Flush now if allowed, else make sure a timer will. */
  private schedule(): void {
    if (this.inFlight || this.pending.length === 0) return;
    const waited = Date.now() - this.oldestAt;
    if (this.pending.length >= this.options.maxSize || waited >= this.options.maxWaitMs) {
      this.flush();
      return;
    }
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.schedule();
    }, this.options.maxWaitMs - waited);
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.pending.splice(0, this.options.maxSize);
    if (batch.length === 0) return;
    // Items left over from an oversized backlog are already due.
    this.oldestAt = this.pending.length > 0 ? 0 : Date.now();
    this.inFlight = this.flushBatch(batch.map((p) => p.item)).then(
      () => {
        for (const p of batch) p.resolve();
      },
      (err) => {
        for (const p of batch) p.reject(err);
      },
    );
    void this.inFlight.finally(() => {
      this.inFlight = undefined;
      this.schedule();
    });
  }
}
