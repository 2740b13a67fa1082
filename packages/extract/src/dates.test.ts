import { describe, expect, it } from 'vitest';
import { toUtcIso } from './dates';

describe('toUtcIso', () => {
  it.each([
    { input: '2026-03-02T09:30:00+09:00', want: '2026-03-02T00:30:00.000Z' },
    { input: '2026-03-02T21:15:00-05:00', want: '2026-03-03T02:15:00.000Z' },
    { input: '2026-03-02T09:30:00.123Z', want: '2026-03-02T09:30:00.123Z' },
    { input: '2026-03-02T09:30:00+0900', want: '2026-03-02T00:30:00.000Z' },
    { input: '2026-03-02 09:30:00', want: '2026-03-02T09:30:00.000Z' },
    { input: '2026.03.02 09:30', want: '2026-03-02T09:30:00.000Z' },
    { input: '2026/3/2', want: '2026-03-02T00:00:00.000Z' },
    { input: '2026-03-02', want: '2026-03-02T00:00:00.000Z' },
    { input: 'Mon, 02 Mar 2026 09:30:00 +0900', want: '2026-03-02T00:30:00.000Z' },
    { input: 'Mon, 02 Mar 2026 09:30:00 GMT', want: '2026-03-02T09:30:00.000Z' },
    { input: 'March 2, 2026', want: '2026-03-02T00:00:00.000Z' },
    { input: 'March 2, 2026 9:30 AM', want: undefined },
    { input: '2026-02-31', want: undefined },
    { input: '2026-13-01T00:00:00Z', want: undefined },
    { input: '0000-00-00 00:00:00', want: undefined },
    { input: '1970-01-01T00:00:00Z', want: undefined },
    { input: 'not a date', want: undefined },
    { input: '', want: undefined },
    { input: undefined, want: undefined },
  ])('$input', ({ input, want }) => {
    expect(toUtcIso(input)).toBe(want);
  });
});
