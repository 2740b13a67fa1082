import { describe, expect, it } from 'vitest';
import { balanceMarkup } from './balance';

const RAW = ['title', 'description'];

describe('balanceMarkup', () => {
  it.each([
    [
      'leaves a well-formed document alone',
      '<rss><channel><item a="1 > 0"><link>x</link><e/></item></channel></rss>',
      8,
      '<rss><channel><item a="1 > 0"><link>x</link><e/></item></channel></rss>',
    ],
    [
      'self-closes an unclosed <br>',
      '<item><br><link>x</link></item>',
      8,
      '<item><br/><link>x</link></item>',
    ],
    [
      'self-closes an unclosed <img> with attributes',
      '<item><img src="a.jpg" alt=">"></item>',
      8,
      '<item><img src="a.jpg" alt=">"/></item>',
    ],
    ['closes an element left open inside its parent', '<item><div>x</item>', 8, '<item><div>x</div></item>'],
    ['drops a stray end tag', '<item>x</b></item>', 8, '<item>x</item>'],
    [
      'copies raw elements untouched',
      '<item><description>a<br>b<p>c</b></description><title>t <i>i</title></item>',
      8,
      '<item><description>a<br>b<p>c</b></description><title>t <i>i</title></item>',
    ],
    [
      'counts nested raw elements of the same name',
      '<item><description><description>x</description><br></description></item>',
      8,
      '<item><description><description>x</description><br></description></item>',
    ],
    [
      'leaves CDATA, comments and processing instructions alone',
      '<a><![CDATA[<br></b>]]><!-- <br> --><?pi <x>?></a>',
      8,
      '<a><![CDATA[<br></b>]]><!-- <br> --><?pi <x>?></a>',
    ],
    [
      'drops tags deeper than the limit, keeping text',
      '<a><b><c><d>x</d>y</c></b></a>',
      2,
      '<a><b>xy</b></a>',
    ],
    ['drops a raw element that sits too deep', '<a><description>x</description>y</a>', 1, '<a>y</a>'],
    ['closes only the kept levels when an outer element ends', '<a><b><c><d>x</a>', 2, '<a><b>x</b></a>'],
  ])('%s', (_name, input, maxDepth, expected) => {
    expect(balanceMarkup(input, RAW, maxDepth)).toBe(expected);
  });

  it('flattens 100,000 nested elements in linear time', () => {
    const depth = 100_000;
    const input = `<rss>${'<x>'.repeat(depth)}text${'</x>'.repeat(depth)}</rss>`;
    const start = performance.now();
    const output = balanceMarkup(input, RAW, 32);
    expect(performance.now() - start).toBeLessThan(10_000);
    expect(output).toBe(`<rss>${'<x>'.repeat(31)}text${'</x>'.repeat(31)}</rss>`);
  });
});
