import { describe, expect, it } from 'vitest';
import { buckets, MAX_BARS } from './histogram';

describe('the date histogram', () => {
  it('draws a short span day by day, days without stories included', () => {
    expect(buckets({ '2026-01-03': 2, '2026-01-01': 5 })).toEqual([
      { from: '2026-01-01', to: '2026-01-01', count: 5, unit: 'day' },
      { from: '2026-01-02', to: '2026-01-02', count: 0, unit: 'day' },
      { from: '2026-01-03', to: '2026-01-03', count: 2, unit: 'day' },
    ]);
  });

  it('draws a few months by ISO week, Monday to Sunday', () => {
    const bars = buckets({ '2026-01-01': 1, '2026-01-04': 1, '2026-01-05': 3, '2026-04-30': 2 });
    expect(bars[0]).toEqual({ from: '2025-12-29', to: '2026-01-04', count: 2, unit: 'week' });
    expect(bars[1]).toEqual({ from: '2026-01-05', to: '2026-01-11', count: 3, unit: 'week' });
    expect(bars.at(-1)).toMatchObject({ from: '2026-04-27', to: '2026-05-03', count: 2 });
    expect(bars.length).toBeLessThanOrEqual(MAX_BARS);
  });

  it('draws a long span by month, keeping every story', () => {
    const days = { '2024-12-14': 4, '2026-02-28': 1, '2026-03-01': 6 };
    const bars = buckets(days);
    expect(bars.every((b) => b.unit === 'month')).toBe(true);
    expect(bars[0]).toMatchObject({ from: '2024-12-01', to: '2024-12-31', count: 4 });
    expect(bars.at(-1)).toEqual({ from: '2026-03-01', to: '2026-03-31', count: 6, unit: 'month' });
    expect(bars.reduce((n, b) => n + b.count, 0)).toBe(11);
  });

  it('ignores what is not a day, and has no bars without stories', () => {
    expect(buckets({})).toEqual([]);
    expect(buckets({ 'not a day': 3, '2026-01-01': 0 })).toEqual([]);
  });
});
