import { describe, expect, it } from 'vitest';
import { cleanTitle, htmlToText, rawElementText } from './text';

describe('rawElementText', () => {
  it.each([
    ['decodes escaped markup', '&lt;p&gt;A &amp;amp; B&lt;/p&gt;', '<p>A &amp; B</p>'],
    ['unwraps CDATA without decoding it', '<![CDATA[<p>AT&T &amp;</p>]]>', '<p>AT&T &amp;</p>'],
    ['joins text and CDATA', 'a &amp; <![CDATA[<b>b</b>]]> c', 'a & <b>b</b> c'],
    ['keeps literal markup as written', '<div><p>x &amp; y</p></div>', '<div><p>x &amp; y</p></div>'],
  ])('%s', (_name, raw, expected) => {
    expect(rawElementText(raw)).toBe(expected);
  });
});

describe('htmlToText', () => {
  it.each([
    ['drops tags and decodes entities', '<p>Caf&eacute; <b>open</b></p><p>daily</p>', 'Café open daily'],
    ['drops scripts and styles', 'a<script>alert(1)</script><style>p{}</style>b', 'a b'],
    ['collapses whitespace', '  a \n\t b  ', 'a b'],
    ['returns undefined for empty markup', '<p> </p>', undefined],
  ])('%s', (_name, html, expected) => {
    expect(htmlToText(html)).toBe(expected);
  });
});

describe('cleanTitle', () => {
  it('decodes double-escaped entities and drops markup', () => {
    expect(cleanTitle('It&#8217;s <em>here</em> &amp; now')).toBe('It’s here & now');
  });
});
