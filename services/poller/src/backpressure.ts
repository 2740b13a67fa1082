/**
 * Stops the poller from queueing when the parsers fall behind: above the
 * high-water mark of waiting article jobs polls are deferred, and they
 * resume only once the queue has drained below the low-water mark, so the
 * poller does not flap around one threshold. The depth is read at most once
 * a second, however many polls run.
 */
export class Backpressure {
  private holding = false;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private depth = 0;

  constructor(
    private readonly waitingArticles: () => Promise<number>,
    private readonly options: { highWater: number; lowWater: number; cacheMs?: number },
  ) {
    if (options.lowWater > options.highWater)
      throw new RangeError('the low-water mark must not be above the high-water mark');
  }

  /** True while polls should wait; `depth` is the last queue depth read. */
  async shouldHold(now = Date.now()): Promise<boolean> {
    if (now - this.checkedAt >= (this.options.cacheMs ?? 1000)) {
      this.checkedAt = now;
      this.depth = await this.waitingArticles();
      if (this.depth >= this.options.highWater) this.holding = true;
      else if (this.depth <= this.options.lowWater) this.holding = false;
    }
    return this.holding;
  }

  get lastDepth(): number {
    return this.depth;
  }
}
