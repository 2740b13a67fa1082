/** What {@link Latest.run} gives back: the task's value, or word that a newer run replaced it. */
export type Outcome<T> = { stale: false; value: T } | { stale: true };

/**
 * Only the newest request counts. Each run aborts the one before it (its
 * fetch stops) and, should that one still settle, its value or error is
 * reported as stale, so results of an older query are never shown after a
 * newer one's, whatever order the answers arrive in.
 */
export class Latest {
  private generation = 0;
  private controller: AbortController | undefined;

  /** Start `task`, aborting the task started before it. */
  async run<T>(task: (signal: AbortSignal) => Promise<T>): Promise<Outcome<T>> {
    this.controller?.abort();
    const controller = new AbortController();
    this.controller = controller;
    const generation = ++this.generation;
    const current = () => generation === this.generation;
    try {
      const value = await task(controller.signal);
      return current() ? { stale: false, value } : { stale: true };
    } catch (error) {
      // An aborted or replaced task's failure (AbortError included) is no one's business.
      if (!current()) return { stale: true };
      throw error;
    } finally {
      if (this.controller === controller) this.controller = undefined;
    }
  }

  /** Abort whatever runs and make it stale (the component showing it went away). */
  cancel(): void {
    this.controller?.abort();
    this.controller = undefined;
    this.generation++;
  }
}

/**
 * A call of `fn` held back until a timer fires: the newest arguments wait,
 * `fire` makes the call with them (if any), `cancel` forgets them.
 */
function heldCall<A extends unknown[]>(fn: (...args: A) => void, onFire: () => void = () => {}) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: A | undefined;
  const held = {
    hold(args: A) {
      pending = args;
    },
    get waiting() {
      return timer !== undefined;
    },
    after(ms: number) {
      if (timer !== undefined) clearTimeout(timer);
      timer = setTimeout(held.fire, ms);
    },
    fire() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      const args = pending;
      pending = undefined;
      if (!args) return;
      onFire();
      fn(...args);
    },
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      pending = undefined;
    },
  };
  return held;
}

/**
 * Calls `fn` once `ms` have passed without another call; `flush` calls it at
 * once with the last arguments, `cancel` forgets them.
 */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, ms: number) {
  const held = heldCall(fn);
  return {
    call(...args: A) {
      held.hold(args);
      held.after(ms);
    },
    flush: held.fire,
    cancel: held.cancel,
  };
}

/**
 * Calls `fn` at once, then at most once every `ms`: a call within `ms` of
 * the last one waits for the rest of the interval, and only the newest
 * arguments of those that waited are used. `cancel` forgets a waiting call.
 */
export function throttle<A extends unknown[]>(fn: (...args: A) => void, ms: number) {
  let last = Number.NEGATIVE_INFINITY;
  const held = heldCall(fn, () => {
    last = Date.now();
  });
  return {
    call(...args: A) {
      held.hold(args);
      if (held.waiting) return;
      const wait = last + ms - Date.now();
      if (wait <= 0) held.fire();
      else held.after(wait);
    },
    cancel: held.cancel,
  };
}
