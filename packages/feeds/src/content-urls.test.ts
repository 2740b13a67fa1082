import { describe, expect, it } from 'vitest';
import { resolveContentUrls } from './content-urls';

const BASE = 'https://example.com/blog/2026/';

describe('resolveContentUrls', () => {
  it.each([
    [
      'a relative href',
      '<a href="post.html">x</a>',
      '<a href="https://example.com/blog/2026/post.html">x</a>',
    ],
    ['a root-relative src', "<img src='/img/a.png'>", '<img src="https://example.com/img/a.png">'],
    ['an unquoted value', '<img src=a.png alt=x>', '<img src="https://example.com/blog/2026/a.png" alt=x>'],
    ['a parent path', '<a href="../b">b</a>', '<a href="https://example.com/blog/b">b</a>'],
    [
      'a protocol-relative src',
      '<img src="//cdn.example.net/c.png">',
      '<img src="https://cdn.example.net/c.png">',
    ],
    [
      'entities in the value, escaped again',
      '<a href="q?a=1&amp;b=2">q</a>',
      '<a href="https://example.com/blog/2026/q?a=1&amp;b=2">q</a>',
    ],
    ['upper-case names', '<A HREF="x">x</A>', '<A HREF="https://example.com/blog/2026/x">x</A>'],
    [
      'an absolute URL kept as written',
      '<a href="https://other.example/x">x</a>',
      '<a href="https://other.example/x">x</a>',
    ],
    [
      'mailto and data kept',
      '<a href="mailto:a@b.c">m</a><img src="data:,x">',
      '<a href="mailto:a@b.c">m</a><img src="data:,x">',
    ],
    ['a fragment kept', '<a href="#note-1">1</a>', '<a href="#note-1">1</a>'],
    ['an empty value kept', '<a href="">x</a>', '<a href="">x</a>'],
    [
      'other attributes untouched',
      '<a title="x.html" data-src="y">t</a>',
      '<a title="x.html" data-src="y">t</a>',
    ],
    [
      'a `>` inside a quoted value',
      '<a title="a>b" href="c">c</a>',
      '<a title="a>b" href="https://example.com/blog/2026/c">c</a>',
    ],
    [
      'comments untouched',
      '<!-- <a href="x"> --><a href="y">',
      '<!-- <a href="x"> --><a href="https://example.com/blog/2026/y">',
    ],
    ['a bare < in text', 'a < b <a href="c">', 'a < b <a href="https://example.com/blog/2026/c">'],
    [
      'an unclosed quote stops the rewriting',
      '<a href="x">x</a><a href="y>',
      '<a href="https://example.com/blog/2026/x">x</a><a href="y>',
    ],
    [
      'xml:base inside XHTML applies to the element and its descendants',
      '<div xml:base="/other/"><p><a href="a">a</a></p></div><a href="b">b</a>',
      '<div xml:base="/other/"><p><a href="https://example.com/other/a">a</a></p></div><a href="https://example.com/blog/2026/b">b</a>',
    ],
    [
      'nested xml:base resolves against the enclosing one',
      '<div xml:base="https://x.example/a/"><div xml:base="b/"><img src="c.png"/></div><img src="d.png"/></div>',
      '<div xml:base="https://x.example/a/"><div xml:base="b/"><img src="https://x.example/a/b/c.png"/></div><img src="https://x.example/a/d.png"/></div>',
    ],
    [
      'xml:base on the element itself applies to its own href',
      '<a xml:base="/docs/" href="x">x</a>',
      '<a xml:base="/docs/" href="https://example.com/docs/x">x</a>',
    ],
    [
      'void elements do not stay open',
      '<div xml:base="/d/"><br><img src="a"></div><img src="b">',
      '<div xml:base="/d/"><br><img src="https://example.com/d/a"></div><img src="https://example.com/blog/2026/b">',
    ],
    [
      'a stray end tag is ignored',
      '</span><a href="x">',
      '</span><a href="https://example.com/blog/2026/x">',
    ],
  ])('%s', (_name, html, expected) => {
    expect(resolveContentUrls(html, BASE)).toBe(expected);
  });

  it('returns the same string when nothing is relative', () => {
    const html = '<p>No links at all</p>';
    expect(resolveContentUrls(html, BASE)).toBe(html);
  });

  it('reads hostile markup in linear time (a 4x longer input takes well under 16x as long)', () => {
    const shapes = [
      (n: number) => '<a href="x" '.repeat(n),
      (n: number) => `<a ${'b'.repeat(n)}`,
      (n: number) => `${'<div xml:base="a/">'.repeat(n)}${'</span>'.repeat(n)}`,
      (n: number) => '<'.repeat(n),
    ];
    for (const shape of shapes) {
      const time = (n: number) => {
        const input = shape(n);
        let best = Number.POSITIVE_INFINITY;
        for (let run = 0; run < 3; run++) {
          const start = performance.now();
          resolveContentUrls(input, BASE);
          best = Math.min(best, performance.now() - start);
        }
        return best;
      };
      const small = time(20_000);
      const large = time(80_000);
      expect(large).toBeLessThan(Math.max(small, 1) * 10);
    }
  });
});
