import { describe, expect, it } from 'vitest';
import { formatValueList, parseValueList } from './value-list';

const values = (text: string) => {
  const parsed = parseValueList(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.values;
};

describe('value lists', () => {
  it('reads comma-separated values, trimmed, empty ones and repeats dropped', () => {
    expect(values('Ada Park, 이서연 ,,Ada Park, ')).toEqual(['Ada Park', '이서연']);
    expect(values('')).toEqual([]);
    expect(values('one')).toEqual(['one']);
  });

  it('keeps a comma inside double quotes, and a doubled quote as one', () => {
    expect(values('"Samsung Electronics Co., Ltd.", Hyundai')).toEqual([
      'Samsung Electronics Co., Ltd.',
      'Hyundai',
    ]);
    expect(values('"say ""hi"", then go"')).toEqual(['say "hi", then go']);
    expect(values('  "a,b"  ,c')).toEqual(['a,b', 'c']);
  });

  it('takes a quote inside an unquoted value as it is', () => {
    expect(values('the "Times", x')).toEqual(['the "Times"', 'x']);
  });

  it('refuses an unclosed quote and text after a closing one', () => {
    expect(parseValueList('"Samsung, Ltd.')).toEqual({
      ok: false,
      error: 'a quote opened at character 1 is never closed',
    });
    expect(parseValueList('a, "b" c')).toEqual({
      ok: false,
      error: 'after the quoted value at character 4, a comma or the end was expected',
    });
  });

  it('reads back what it writes, whatever the values hold', () => {
    const cases = [
      ['Samsung Electronics Co., Ltd.', 'Ada Park'],
      ['"quoted"', 'a "b" c', ',', 'x,'],
      ['서울', 'Washington, D.C.'],
    ];
    for (const list of cases) expect(values(formatValueList(list))).toEqual(list);
    expect(formatValueList(['Ada Park', '이서연'])).toBe('Ada Park,이서연');
  });

  it('reads a long hostile text in one pass', () => {
    expect(values(`"${'""'.repeat(50_000)}"`)).toEqual(['"'.repeat(50_000)]);
    expect(values(','.repeat(100_000))).toEqual([]);
    expect(parseValueList('"'.repeat(100_001)).ok).toBe(false);
  });
});
