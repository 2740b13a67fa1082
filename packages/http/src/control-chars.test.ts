import { describe, expect, it } from 'vitest';
import { stripControlChars } from './control-chars';

describe('stripControlChars', () => {
  it.each([
    ['plain text', 'Harbour cranes', 'Harbour cranes'],
    ['tab, LF and CR stay', 'a\tb\nc\r\nd', 'a\tb\nc\r\nd'],
    ['NUL', 'a\u0000b', 'ab'],
    ['the highlight markers of search', 'a \u0001b\u0002 c', 'a b c'],
    ['every other C0 control', `x${String.fromCharCode(...range(0x0e, 0x1f))}y\u0008z`, 'xyz'],
    ['DEL', 'a\u007fb', 'ab'],
    ['vertical tab and form feed separate words', 'line\u000bbreak\u000cpage', 'line break page'],
    ['UTF-16 mojibake', 'H\u0000e\u0000l\u0000l\u0000o\u0000', 'Hello'],
    ['a lone high surrogate', 'a\ud83db', 'a\ufffdb'],
    ['a lone low surrogate', 'a\ude00b', 'a\ufffdb'],
    ['a surrogate pair stays', 'a\ud83d\ude00b', 'a😀b'],
    ['a low before a high surrogate', '\ude00\ud83d', '\ufffd\ufffd'],
    ['Korean and C1 stay', '부산항\u0085', '부산항\u0085'],
    ['empty', '', ''],
  ])('%s', (_name, input, expected) => {
    expect(stripControlChars(input)).toBe(expected);
  });

  it('is linear: a megabyte of controls and surrogates in well under a second', () => {
    const hostile = '\u0001\ud800'.repeat(500_000);
    const started = performance.now();
    expect(stripControlChars(hostile)).toBe('\ufffd'.repeat(500_000));
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}
