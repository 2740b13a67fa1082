import { describe, expect, it } from 'vitest';
import { MAX_BASE64_DECODED_BYTES, textConstructToHtml } from './atom-text';

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
    [
      'a charset parameter is honoured',
      Buffer.from('<p>café</p>', 'latin1').toString('base64'),
      { type: 'text/html; charset="ISO-8859-1"', mode: 'base64' },
      '<p>café</p>',
    ],
    [
      'a UTF-8 byte order mark is dropped',
      Buffer.from('\uFEFF<p>x</p>', 'utf8').toString('base64'),
      { type: 'text/html', mode: 'base64' },
      '<p>x</p>',
    ],
    [
      'bytes that are not UTF-8 give nothing',
      Buffer.from([0xff, 0xfe, 0x41]).toString('base64'),
      { type: 'text/html', mode: 'base64' },
      undefined,
    ],
    [
      'base64 of a binary type gives nothing',
      base64('GIF89a'),
      { type: 'image/gif', mode: 'base64' },
      undefined,
    ],
    [
      'an unknown charset gives nothing',
      base64('x'),
      { type: 'text/plain; charset=x-no-such', mode: 'base64' },
      undefined,
    ],
    [
      'base64 text escaped when its type is text',
      base64('a < b'),
      { type: 'text/plain', mode: 'base64' },
      'a &lt; b',
    ],
    ['invalid base64 gives nothing', 'not base64!', { type: 'text/html', mode: 'base64' }, undefined],
    ['a binary media type gives nothing', 'iVBORw0KGgo=', { type: 'image/png' }, undefined],
    ['blank text gives nothing', '   ', { type: 'html' }, undefined],
    ['no text gives nothing', undefined, { type: 'html' }, undefined],
  ] as const)('%s', (_name, text, attributes, expected) => {
    expect(textConstructToHtml(text, attributes)).toBe(expected);
  });

  it('drops base64 that decodes to more than the cap, and decodes up to it', () => {
    const atCap = base64('a'.repeat(MAX_BASE64_DECODED_BYTES));
    const overCap = base64('a'.repeat(MAX_BASE64_DECODED_BYTES + 3));
    expect(textConstructToHtml(atCap, { type: 'text/plain', mode: 'base64' })).toHaveLength(
      MAX_BASE64_DECODED_BYTES,
    );
    expect(textConstructToHtml(overCap, { type: 'text/plain', mode: 'base64' })).toBeUndefined();
  });
});
