import { describe, expect, it } from 'vitest';
import { textConstructToHtml } from './atom-text';

const base64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

describe('textConstructToHtml', () => {
  it.each([
    ['no type is text, escaped', 'a < b & c', {}, 'a &lt; b &amp; c'],
    ['type=text is escaped', '<b>not bold</b>', { type: 'text' }, '&lt;b&gt;not bold&lt;/b&gt;'],
    ['type=html is markup', '<b>bold</b>', { type: 'html' }, '<b>bold</b>'],
    ['type=xhtml is markup', '<div><p>x</p></div>', { type: 'xhtml' }, '<div><p>x</p></div>'],
    ['Atom 0.3 text/html is markup', '<p>x</p>', { type: 'text/html', mode: 'escaped' }, '<p>x</p>'],
    ['Atom 0.3 text/plain is text', 'x & y', { type: 'text/plain' }, 'x &amp; y'],
    ['an XML media type is markup', '<data/>', { type: 'application/xml' }, '<data/>'],
    ['another text/* type is text', 'a < b', { type: 'text/markdown' }, 'a &lt; b'],
    [
      'mode=base64 is decoded first',
      base64('<p>héllo</p>'),
      { type: 'text/html', mode: 'base64' },
      '<p>héllo</p>',
    ],
    [
      'base64 may be wrapped',
      `${base64('<p>wrapped</p>').slice(0, 8)}\n  ${base64('<p>wrapped</p>').slice(8)}`,
      { type: 'text/html', mode: 'BASE64' },
      '<p>wrapped</p>',
    ],
    ['invalid base64 gives nothing', 'not base64!', { type: 'text/html', mode: 'base64' }, undefined],
    ['a binary media type gives nothing', 'iVBORw0KGgo=', { type: 'image/png' }, undefined],
    ['blank text gives nothing', '   ', { type: 'html' }, undefined],
    ['no text gives nothing', undefined, { type: 'html' }, undefined],
  ] as const)('%s', (_name, text, attributes, expected) => {
    expect(textConstructToHtml(text, attributes)).toBe(expected);
  });
});
