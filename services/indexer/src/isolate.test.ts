import type { IndexFailure } from '@tidings/search';
import { describe, expect, it } from 'vitest';
import { sendIsolating } from './isolate';

/** A Meilisearch stand-in for the bisection's bookkeeping; the real one is in index-articles.test.ts. */
class Rejection extends Error {
  constructor(
    message: string,
    readonly verdict: IndexFailure,
  ) {
    super(message);
  }
}
const classify = (err: unknown): IndexFailure => (err instanceof Rejection ? err.verdict : 'transient');
const options = {
  classify,
  idOf: (n: number) => `id-${n}`,
  rejected: (err: unknown, n: number) => new Error(`rejected ${n}: ${(err as Error).message}`),
};

function sender(fail: (items: number[]) => Error | undefined) {
  const sent: number[][] = [];
  const accepted: number[] = [];
  const send = async (items: number[]) => {
    sent.push(items);
    const err = fail(items);
    if (err) throw err;
    accepted.push(...items);
  };
  return { send, sent, accepted };
}

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('sendIsolating', () => {
  it('sends a good batch once', async () => {
    const s = sender(() => undefined);
    expect(await sendIsolating(range(8), s.send, options)).toEqual(new Array(8).fill(undefined));
    expect(s.sent).toEqual([range(8)]);
  });

  it('bisects down to the rejected items and sends every other one', async () => {
    const bad = new Set([3, 11]);
    const s = sender((items) =>
      items.some((n) => bad.has(n)) ? new Rejection('bad document', 'document') : undefined,
    );
    const results = await sendIsolating(range(16), s.send, options);
    expect(results.flatMap((r, i) => (r ? [i] : []))).toEqual([3, 11]);
    expect(results[3]?.message).toBe('rejected 3: bad document');
    expect(s.accepted.sort((a, b) => a - b)).toEqual(range(16).filter((n) => !bad.has(n)));
    // Bounded: about 2·log2(16) tasks per bad item, far from one per item.
    expect(s.sent.length).toBeLessThanOrEqual(1 + 2 * 2 * 4);
  });

  it('splits off the item the error names first', async () => {
    const s = sender((items) =>
      items.includes(5) ? new Rejection('Document identifier `id-5` is invalid', 'document') : undefined,
    );
    const results = await sendIsolating(range(100), s.send, options);
    expect(results.flatMap((r, i) => (r ? [i] : []))).toEqual([5]);
    expect(s.sent.map((b) => b.length)).toEqual([100, 99, 1]);
  });

  it('fails the whole batch, unsplit, on a transient error', async () => {
    const s = sender(() => new Error('connect ECONNREFUSED'));
    const results = await sendIsolating(range(8), s.send, options);
    expect(results.every((r) => r?.message === 'connect ECONNREFUSED')).toBe(true);
    expect(s.sent).toHaveLength(1);
  });

  it('rejects an item for an internal error only when the rest of its batch got through', async () => {
    const s = sender((items) =>
      items.includes(6) ? new Rejection('internal: lone leading surrogate', 'maybe-document') : undefined,
    );
    const results = await sendIsolating(range(8), s.send, options);
    expect(results.flatMap((r, i) => (r ? [i] : []))).toEqual([6]);
    expect(results[6]?.message).toMatch(/^rejected 6: internal/);
  });

  it('keeps internal errors transient, after a few tasks, when nothing gets through', async () => {
    const s = sender(() => new Rejection('internal: Meilisearch is unwell', 'maybe-document'));
    const results = await sendIsolating(range(64), s.send, options);
    // Not rejected for good: the original error, retried later.
    expect(results.every((r) => r?.message === 'internal: Meilisearch is unwell')).toBe(true);
    // log2(64) + 2 failures tolerated, plus the one that ends it; never the 127 of a full bisection.
    expect(s.sent.length).toBeLessThanOrEqual(9);
  });
});
