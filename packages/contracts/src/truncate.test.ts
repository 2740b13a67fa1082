import { describe, expect, it } from 'vitest';
import type { ArticleDocument } from './article';
import { capDocument, truncateHtml, truncateText, utf8PrefixLength } from './truncate';

const bytes = (s: string) => Buffer.byteLength(s);

describe('size caps', () => {
  it('counts UTF-8 bytes and never splits a character or a surrogate pair', () => {
    expect(utf8PrefixLength('aé€😀', 1)).toBe(1);
    expect(utf8PrefixLength('aé€😀', 3)).toBe(2);
    expect(utf8PrefixLength('aé€😀', 6)).toBe(3);
    // The emoji is two UTF-16 units and four bytes: 9 bytes cannot hold half of it.
    expect(utf8PrefixLength('aé€😀', 9)).toBe(3);
    expect(utf8PrefixLength('aé€😀', 10)).toBe(5);
    const cut = truncateText('😀'.repeat(100_000), 1001);
    expect(bytes(cut)).toBe(1000);
    expect(cut).toBe('😀'.repeat(250));
  });

  it('cuts text at a word boundary within the cap', () => {
    const text = 'word '.repeat(100_000);
    const cut = truncateText(text, 10_003);
    expect(bytes(cut)).toBeLessThanOrEqual(10_003);
    expect(cut).toMatch(/^(word )*word$/);
    expect(truncateText('short', 10)).toBe('short');
  });

  it('cuts html between tags, outside character references, and closes what is open', () => {
    const html = `<article><p>${'caf&eacute; &amp; '.repeat(50)}</p><ul><li>${'x'.repeat(100)}</li></ul></article>`;
    for (let max = 40; max < bytes(html); max += 7) {
      const cut = truncateHtml(html, max);
      // Within the cap but for the closing tags it adds.
      expect(bytes(cut.replace(/(<\/\w+>)+$/, ''))).toBeLessThanOrEqual(max);
      expect(cut).not.toMatch(/<[^>]*$|&[a-z#0-9]*$|&[a-z#0-9]*<\//);
      // Well formed: every element opened is closed, in order.
      const stack: string[] = [];
      for (const [, slash, name] of cut.matchAll(/<(\/?)(\w+)[^>]*>/g)) {
        if (slash) expect(stack.pop()).toBe(name);
        else stack.push(name!);
      }
      expect(stack).toEqual([]);
    }
    expect(truncateHtml('<p>a<br>b</p>', 100)).toBe('<p>a<br>b</p>');
  });

  it('marks a capped document truncated and leaves a small one as it is', () => {
    const doc = { id: 'a'.repeat(32), text: 'x '.repeat(1000), html: '<p>small</p>' } as ArticleDocument;
    const capped = capDocument(doc, { maxTextBytes: 100, maxHtmlBytes: 1000 });
    expect(capped.truncated).toBe(true);
    expect(bytes(capped.text)).toBeLessThanOrEqual(100);
    expect(capped.html).toBe('<p>small</p>');
    expect(capDocument(doc, { maxTextBytes: 10_000, maxHtmlBytes: 1000 })).toBe(doc);
  });
});
