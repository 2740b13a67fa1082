/** Per item: undefined when it went through, else the error its `add` rejects with. */
export type FlushResult = ReadonlyArray<Error | undefined> | undefined;

export interface BatcherOptions<T> {
  maxSize: number;
  maxWaitMs: number;
  /** Bound on the sum of `sizeOf` over one batch; no bound without it. */
  maxBytes?: number;
  sizeOf?: (item: T) => number;
}

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
 * A batch also leaves once its items reach `maxBytes` (as measured by
 * `sizeOf`), and never holds more unless one item alone is larger: the
 * count bound says nothing about size, and 500 large articles would make one
 * request of hundreds of MB, over Meilisearch's payload limit (100 MB by
 * default) and all in the indexer's memory at once.
 *
 * Each `add` resolves when its batch was flushed, or rejects with the
 * batch's error, so the caller (a queue job) succeeds or retries with it.
 * `flushBatch` may instead resolve to one entry per item: undefined for an
 * item that went through, else the error that item's `add` rejects with
 * (the rest of its batch was fine).
 */
export class Batcher<T> {
  private pending: Array<{ item: T; bytes: number; resolve: () => void; reject: (err: unknown) => void }> =
    [];
  private pendingBytes = 0;
  /** When the oldest pending item arrived. */
  private oldestAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> | undefined;

  constructor(
    private readonly flushBatch: (items: T[]) => Promise<FlushResult> | Promise<void>,
    private readonly options: BatcherOptions<T>,
  ) {}

  add(item: T): Promise<void> {
    const bytes = this.options.sizeOf?.(item) ?? 0;
    return new Promise((resolve, reject) => {
      if (this.pending.length === 0) this.oldestAt = Date.now();
      this.pending.push({ item, bytes, resolve, reject });
      this.pendingBytes += bytes;
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
    if (
      this.pending.length >= this.options.maxSize ||
      this.pendingBytes >= (this.options.maxBytes ?? Number.POSITIVE_INFINITY) ||
      waited >= this.options.maxWaitMs
    ) {
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
    const batch = this.pending.splice(0, this.countThatFits());
    if (batch.length === 0) return;
    for (const p of batch) this.pendingBytes -= p.bytes;
    // Items left over from an oversized backlog are already due.
    this.oldestAt = this.pending.length > 0 ? 0 : Date.now();
    this.inFlight = this.flushBatch(batch.map((p) => p.item)).then(
      (results) => {
        batch.forEach((p, i) => {
          const err = results?.[i];
          if (err) p.reject(err);
          else p.resolve();
        });
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

  /** How many of the oldest pending items make the next batch: at most maxSize and maxBytes, at least one. */
  private countThatFits(): number {
    const maxBytes = this.options.maxBytes ?? Number.POSITIVE_INFINITY;
    let bytes = 0;
    let count = 0;
    for (const p of this.pending) {
      if (count >= this.options.maxSize || (count > 0 && bytes + p.bytes > maxBytes)) break;
      bytes += p.bytes;
      count++;
    }
    return count;
  }
}
