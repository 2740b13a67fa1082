import { describe, expect, it } from 'vitest';
import { Batcher } from './batcher';

describe('Batcher', () => {
  it('flushes on count', async () => {
    const batches: number[][] = [];
    const b = new Batcher<number>(async (items) => void batches.push(items), {
      maxSize: 3,
      maxWaitMs: 60_000,
    });
    await Promise.all([1, 2, 3].map((n) => b.add(n)));
    expect(batches).toEqual([[1, 2, 3]]);
  });

  it('flushes on time', async () => {
    const batches: number[][] = [];
    const b = new Batcher<number>(async (items) => void batches.push(items), { maxSize: 100, maxWaitMs: 20 });
    const started = Date.now();
    await Promise.all([b.add(1), b.add(2)]);
    expect(batches).toEqual([[1, 2]]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(15);
  });

  it('fails every item of a failed batch, and only that batch', async () => {
    let calls = 0;
    const b = new Batcher<number>(
      async () => {
        calls++;
        if (calls === 1) throw new Error('task failed');
      },
      { maxSize: 2, maxWaitMs: 60_000 },
    );
    const first = [b.add(1), b.add(2)];
    const second = [b.add(3), b.add(4)];
    const results = await Promise.allSettled([...first, ...second]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled', 'fulfilled']);
  });

  it('sends one batch at a time: what arrives meanwhile leaves together once it is done', async () => {
    const batches: number[][] = [];
    let finishFirst!: () => void;
    const b = new Batcher<number>(
      (items) => {
        batches.push(items);
        return batches.length === 1 ? new Promise<void>((r) => (finishFirst = r)) : Promise.resolve();
      },
      { maxSize: 2, maxWaitMs: 5 },
    );
    const first = [b.add(1), b.add(2)];
    const later = [b.add(3), b.add(4), b.add(5)];
    await new Promise((r) => setTimeout(r, 30));
    // Full and overdue, but the first batch is still in flight.
    expect(batches).toEqual([[1, 2]]);
    finishFirst();
    await Promise.all([...first, ...later]);
    expect(batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('drain flushes a partial batch', async () => {
    const batches: number[][] = [];
    const b = new Batcher<number>(async (items) => void batches.push(items), {
      maxSize: 100,
      maxWaitMs: 60_000,
    });
    const pending = b.add(7);
    await b.drain();
    await pending;
    expect(batches).toEqual([[7]]);
  });

  it('leaves at maxBytes: a batch never holds more, unless one item alone is larger', async () => {
    const batches: number[][] = [];
    const b = new Batcher<number>(async (items) => void batches.push(items), {
      maxSize: 100,
      maxWaitMs: 60_000,
      maxBytes: 10,
      // An item weighs its value in bytes.
      sizeOf: (n) => n,
    });
    // 4 + 4 = 8 fits, 8 + 4 would not; 12 alone is over the bound and goes alone. The 3 + 3 left
    // over from that backlog are due at once, as leftovers of a full batch are.
    await Promise.all([4, 4, 4, 12, 3, 3].map((n) => b.add(n)));
    expect(batches).toEqual([[4, 4], [4], [12], [3, 3]]);
  });

  it('settles each item by its own result when the flush reports per item', async () => {
    const b = new Batcher<number>(
      async (items) => items.map((n) => (n % 2 === 0 ? new Error(`rejected ${n}`) : undefined)),
      { maxSize: 4, maxWaitMs: 60_000 },
    );
    const results = await Promise.allSettled([1, 2, 3, 4].map((n) => b.add(n)));
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'rejected']);
    expect((results[1] as PromiseRejectedResult).reason.message).toBe('rejected 2');
  });
});
