import type { Random } from '@tidings/testing';

export { createRandom, type Random, seedFrom } from '@tidings/testing';

/** A shuffled copy of `items` (Fisher–Yates), for drawing without repeats. */
export function shuffled<T>(random: Random, items: readonly T[]): T[] {
  const pool = [...items];
  for (let i = pool.length - 1; i > 0; i--) {
    const j = random.int(0, i);
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool;
}
