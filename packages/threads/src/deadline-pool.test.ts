import { afterEach, describe, expect, it } from 'vitest';
import { DeadlineError, DeadlinePool } from './index';

const pools: DeadlinePool<number, number>[] = [];
const spinPool = (threads: number, timeoutMs: number) => {
  const pool = new DeadlinePool<number, number>({
    worker: new URL('./testdata/spin-worker', import.meta.url),
    callerUrl: import.meta.url,
    threads,
    timeoutMs,
  });
  pools.push(pool);
  return pool;
};

describe('DeadlinePool', () => {
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((pool) => pool.close()));
  });

  it('runs a task in a thread and gives its result', async () => {
    const pool = spinPool(1, 10_000);
    expect(await pool.run(20)).toBe(20);
    expect(pool.threads).toBe(1);
  });

  it('cuts off a task past its deadline and goes on with the next', async () => {
    const pool = spinPool(1, 200);
    await expect(pool.run(60_000)).rejects.toEqual(new DeadlineError(200));
    expect(await pool.run(10)).toBe(10);
  });

  it('counts the deadline from when a thread takes the task up, not while it waits its turn', async () => {
    // Fifteen tasks of 100 ms on one thread take 1.5 s together, past the 1 s
    // deadline; each alone is a tenth of it, so none may fail for its wait.
    const pool = spinPool(1, 1000);
    await pool.run(1); // the thread has started
    const results = await Promise.all(Array.from({ length: 15 }, () => pool.run(100)));
    expect(results).toEqual(Array.from({ length: 15 }, () => 100));
  });
});
