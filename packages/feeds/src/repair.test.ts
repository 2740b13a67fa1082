import { describe, expect, it } from 'vitest';
import { cutAfterLastItem, repairXml } from './repair';

describe('repairXml', () => {
  it.each([
    [
      'leaves well-formed XML alone',
      '<rss><a x="1&amp;2">A &lt; B &#233; &#x4e2d;</a></rss>',
      '<rss><a x="1&amp;2">A &lt; B &#233; &#x4e2d;</a></rss>',
    ],
    ['escapes a bare ampersand', '<rss><a>Fish & chips</a></rss>', '<rss><a>Fish &amp; chips</a></rss>'],
    [
      'makes text of a "tag" whose first attribute is a quote, and keeps real attributes',
      `<rss><x "a" 'b'><a href = "1" title='t'>ok</a></rss>`,
      `<rss>&lt;x "a" 'b'><a href = "1" title='t'>ok</a></rss>`,
    ],
    [
      'escapes a bare ampersand in an attribute',
      '<rss><a href="?a=1&b=2"/></rss>',
      '<rss><a href="?a=1&amp;b=2"/></rss>',
    ],
    [
      'turns HTML entities into numeric references',
      '<rss><a>&nbsp;&eacute;&mdash;&hellip;</a></rss>',
      '<rss><a>&#160;&#233;&#8212;&#8230;</a></rss>',
    ],
    [
      'keeps unknown entities as literal text',
      '<rss><a>&foo; &xxe;</a></rss>',
      '<rss><a>&amp;foo; &amp;xxe;</a></rss>',
    ],
    ['drops references to characters XML forbids', '<rss><a>x&#0;y&#x1;z</a></rss>', '<rss><a>xyz</a></rss>'],
    [
      'does not touch CDATA sections',
      '<rss><a><![CDATA[AT&T &nbsp; <b>]]></a></rss>',
      '<rss><a><![CDATA[AT&T &nbsp; <b>]]></a></rss>',
    ],
    [
      'removes a DOCTYPE with an internal subset',
      '<?xml version="1.0"?><!DOCTYPE rss [ <!ENTITY x "y"> ]>\n<rss>&x;</rss>',
      '<?xml version="1.0"?>\n<rss>&amp;x;</rss>',
    ],
    [
      'removes a DOCTYPE with a public id',
      '<!DOCTYPE rss PUBLIC "-//Netscape//DTD RSS 0.91//EN" "http://x/rss.dtd"><rss/>',
      '<rss/>',
    ],
    [
      'removes a DOCTYPE whose entity value holds "]>"',
      '<?xml version="1.0"?>\n<!DOCTYPE rss [ <!ENTITY a "]>"> <!ENTITY b \'x]>y\'> ]>\n<rss>&a;</rss>',
      '<?xml version="1.0"?>\n\n<rss>&amp;a;</rss>',
    ],
    [
      'removes a DOCTYPE after a comment and a processing instruction',
      '<?xml version="1.0"?><!-- c --><?xml-stylesheet href="s.xsl"?><!DOCTYPE rss SYSTEM "http://x/evil.dtd"><rss/>',
      '<?xml version="1.0"?><!-- c --><?xml-stylesheet href="s.xsl"?><rss/>',
    ],
    [
      'neutralises a DOCTYPE hidden inside another',
      '<?xml version="1.0"?><!DOC<!DOCTYPE a>TYPE rss [<!ENTITY x SYSTEM "http://x/">]><rss>&x;</rss>',
      '<?xml version="1.0"?>&lt;!DOC&lt;!DOCTYPE a>TYPE rss [&lt;!ENTITY x SYSTEM "http://x/">]><rss>&amp;x;</rss>',
    ],
    [
      'neutralises a DOCTYPE after the root element, but not one inside CDATA',
      '<rss><!DOCTYPE x [<!ENTITY y "z">]><a><![CDATA[<!DOCTYPE html><p>]]></a></rss>',
      '<rss>&lt;!DOCTYPE x [&lt;!ENTITY y "z">]><a><![CDATA[<!DOCTYPE html><p>]]></a></rss>',
    ],
    ['removes a leading BOM and whitespace', '\uFEFF \n <rss></rss>', '<rss></rss>'],
    [
      'removes junk before the XML declaration',
      'Warning: oops<br />\n<?xml version="1.0"?><rss></rss>',
      '<?xml version="1.0"?><rss></rss>',
    ],
    [
      'removes junk before a root without declaration',
      'junk text <feed xmlns="x"></feed>',
      '<feed xmlns="x"></feed>',
    ],
    ['removes junk after the root', '<rss><a/></rss>\n<!-- cache 0.2s -->trailing', '<rss><a/></rss>'],
    ['removes control characters', '<rss><a>a\u0001b\u000bc</a></rss>', '<rss><a>abc</a></rss>'],
    [
      'escapes a bare < that opens nothing, in text and in attributes',
      '<rss><a t="1 < 2">a < b & c, x<3, y<=4, <<, </ a>, <!x>, <![x]>, end <</a></rss>',
      '<rss><a t="1 &lt; 2">a &lt; b &amp; c, x&lt;3, y&lt;=4, &lt;&lt;, &lt;/ a>, &lt;!x>, &lt;![x]>, end &lt;</a></rss>',
    ],
    [
      'leaves tags, end tags, comments, CDATA and processing instructions, in any script',
      '<?xml version="1.0"?><rss><?pi x?><!-- c --><a:b><é/><日本>x</日本><_x/></a:b><c><![CDATA[a < b]]></c></rss>',
      '<?xml version="1.0"?><rss><?pi x?><!-- c --><a:b><é/><日本>x</日本><_x/></a:b><c><![CDATA[a < b]]></c></rss>',
    ],
  ])('%s', (_name, input, expected) => {
    expect(repairXml(input)).toBe(expected);
  });
});

describe('cutAfterLastItem', () => {
  it.each([
    [
      'cuts after the last complete item',
      '<rss><channel><item>1</item><item>2</item><item>par',
      '<rss><channel><item>1</item><item>2</item>',
    ],
    [
      'works for prefixed Atom entries',
      '<a:feed><a:entry>1</a:entry><a:entry>',
      '<a:feed><a:entry>1</a:entry>',
    ],
    ['gives up without a complete item', '<rss><channel><item>par', undefined],
  ])('%s', (_name, input, expected) => {
    expect(cutAfterLastItem(input)).toBe(expected);
  });
});
