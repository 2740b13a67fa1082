import { afterEach, describe, expect, it, vi } from 'vitest';
import { debounce, Latest, throttle } from './latest';

/** A request whose answer the test releases when it likes, seeing whether it was aborted. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  let signal!: AbortSignal;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return {
    task: (s: AbortSignal) => {
      signal = s;
      return promise;
    },
    resolve,
    reject,
    aborted: () => signal.aborted,
  };
}

describe('Latest: only the newest request counts', () => {
  it('shows the answer of a request nobody replaced', async () => {
    const latest = new Latest();
    const a = deferred<string>();
    const outcome = latest.run(a.task);
    a.resolve('harbour');
    expect(await outcome).toEqual({ stale: false, value: 'harbour' });
  });

  it('aborts the older request when a newer one starts', () => {
    const latest = new Latest();
    const older = deferred<string>();
    const newer = deferred<string>();
    void latest.run(older.task);
    void latest.run(newer.task);
    expect(older.aborted()).toBe(true);
    expect(newer.aborted()).toBe(false);
  });

  it('drops an older answer that arrives after the newer one (out of order)', async () => {
    const latest = new Latest();
    const older = deferred<string>();
    const newer = deferred<string>();
    const shown: string[] = [];
    const show = (o: { stale: boolean; value?: string }) => void (o.stale || shown.push(o.value!));
    const first = latest.run(older.task).then(show);
    const second = latest.run(newer.task).then(show);
    newer.resolve('반도체');
    await second;
    // The server ignored the abort and answered anyway, late.
    older.resolve('반');
    await first;
    expect(shown).toEqual(['반도체']);
  });

  it('drops an older answer that arrives before the newer one', async () => {
    const latest = new Latest();
    const older = deferred<string>();
    const newer = deferred<string>();
    const first = latest.run(older.task);
    const second = latest.run(newer.task);
    older.resolve('har');
    expect(await first).toEqual({ stale: true });
    newer.resolve('harbour');
    expect(await second).toEqual({ stale: false, value: 'harbour' });
  });

  it("reports a replaced request's failure (its AbortError) as stale, a current one's as an error", async () => {
    const latest = new Latest();
    const older = deferred<string>();
    const newer = deferred<string>();
    const first = latest.run(older.task);
    const second = latest.run(newer.task);
    older.reject(new DOMException('aborted', 'AbortError'));
    expect(await first).toEqual({ stale: true });
    newer.reject(new Error('503 Service Unavailable'));
    await expect(second).rejects.toThrow('503');
  });

  it('makes the running request stale on cancel, and aborts it', async () => {
    const latest = new Latest();
    const a = deferred<string>();
    const outcome = latest.run(a.task);
    latest.cancel();
    expect(a.aborted()).toBe(true);
    a.resolve('late');
    expect(await outcome).toEqual({ stale: true });
  });

  it('keeps order over many overlapping requests answered in random order', async () => {
    const latest = new Latest();
    const requests = Array.from({ length: 20 }, () => deferred<number>());
    const shown: number[] = [];
    const outcomes = requests.map((r, i) =>
      latest.run(r.task).then((o) => {
        if (!o.stale) shown.push(i);
      }),
    );
    for (const i of [7, 19, 3, 0, 12, 18, 1, 2, 4, 5, 6, 8, 9, 10, 11, 13, 14, 15, 16, 17])
      requests[i]!.resolve(i);
    await Promise.all(outcomes);
    expect(shown).toEqual([19]);
  });
});

describe('debounce', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('calls once, with the last arguments, after the calls stop', () => {
    vi.useFakeTimers();
    const calls: string[] = [];
    const typed = debounce((q: string) => calls.push(q), 60);
    typed.call('h');
    vi.advanceTimersByTime(40);
    typed.call('ha');
    vi.advanceTimersByTime(40);
    typed.call('har');
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(60);
    expect(calls).toEqual(['har']);
  });

  it('flushes at once and forgets on cancel', () => {
    vi.useFakeTimers();
    const calls: string[] = [];
    const typed = debounce((q: string) => calls.push(q), 60);
    typed.call('a');
    typed.flush();
    expect(calls).toEqual(['a']);
    typed.call('b');
    typed.cancel();
    vi.advanceTimersByTime(100);
    expect(calls).toEqual(['a']);
  });
});

describe('throttle', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('calls at once when the last call is older than the interval', () => {
    vi.useFakeTimers();
    const calls: string[] = [];
    const typed = throttle((q: string) => calls.push(q), 100);
    typed.call('h');
    expect(calls).toEqual(['h']);
    vi.advanceTimersByTime(120);
    typed.call('ha');
    expect(calls).toEqual(['h', 'ha']);
  });

  it('holds calls inside the interval and then makes the newest one', () => {
    vi.useFakeTimers();
    const calls: string[] = [];
    const typed = throttle((q: string) => calls.push(q), 100);
    typed.call('h');
    vi.advanceTimersByTime(30);
    typed.call('ha');
    vi.advanceTimersByTime(30);
    typed.call('har');
    expect(calls).toEqual(['h']);
    vi.advanceTimersByTime(39);
    expect(calls).toEqual(['h']);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual(['h', 'har']);
    // The interval starts again from the held call.
    typed.call('harb');
    expect(calls).toEqual(['h', 'har']);
    vi.advanceTimersByTime(100);
    expect(calls).toEqual(['h', 'har', 'harb']);
  });

  it('forgets a held call on cancel', () => {
    vi.useFakeTimers();
    const calls: string[] = [];
    const typed = throttle((q: string) => calls.push(q), 100);
    typed.call('a');
    typed.call('b');
    typed.cancel();
    vi.advanceTimersByTime(200);
    expect(calls).toEqual(['a']);
  });
});
