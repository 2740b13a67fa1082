import { describe, expect, it } from 'vitest';
import { parseSnippet } from './snippet';

describe('snippets', () => {
  it('turns marks into marked parts and unescapes the rest', () => {
    expect(parseSnippet('…the <mark>harbour</mark> &amp; the &lt;port&gt; said &quot;no&quot;…')).toEqual([
      { text: '…the ', mark: false },
      { text: 'harbour', mark: true },
      { text: ' & the <port> said "no"…', mark: false },
    ]);
  });

  it('keeps Korean matches inside words', () => {
    expect(parseSnippet('<mark>반도체</mark> 수출이')).toEqual([
      { text: '반도체', mark: true },
      { text: ' 수출이', mark: false },
    ]);
  });

  it('never yields markup: escaped tags come back as text to show, not elements', () => {
    const parts = parseSnippet('&lt;img src=x onerror=alert(1)&gt; <mark>x</mark>');
    expect(parts[0]).toEqual({ text: '<img src=x onerror=alert(1)> ', mark: false });
    // Raw tags the API never sends stay text as well: a part is text, whatever it holds.
    expect(parseSnippet('<b>bold</b>')).toEqual([{ text: '<b>bold</b>', mark: false }]);
  });

  it('unescapes once: an escaped entity stays an entity', () => {
    expect(parseSnippet('&amp;lt;')).toEqual([{ text: '&lt;', mark: false }]);
  });

  it('gives nothing for an empty snippet', () => {
    expect(parseSnippet('')).toEqual([]);
  });
});
