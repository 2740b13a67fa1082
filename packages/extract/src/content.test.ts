import { describe, expect, it } from 'vitest';
import { largestTextBlock, readabilityContent } from './content';
import { parseDocument, textOf } from './dom';

const LINE = '시는 올해 하반기 기본설계를 마치고 내년 상반기에 첫 구간 공사에 들어갈 예정이다.';

describe('largestTextBlock', () => {
  it('picks the <br>-written body over the page wrapper and the menu', () => {
    const doc = parseDocument(`<html><body><div id="wrap">
      <div id="menu"><a href="/">홈</a> <a href="/news">뉴스</a></div>
      <div id="body">${`${LINE}<br><br>`.repeat(5)}</div>
      <div id="side"><p>짧은 안내</p></div></div></body></html>`);
    expect(largestTextBlock(doc)?.id).toBe('body');
  });

  it('prefers the element marked as articleBody', () => {
    const doc = parseDocument(`<html><body><div id="other">${`<p>${LINE}</p>`.repeat(6)}</div>
      <div id="marked" itemprop="articleBody"><p>${LINE}</p></div></body></html>`);
    expect(largestTextBlock(doc)?.id).toBe('marked');
  });

  it('finds nothing in a page without text', () => {
    expect(largestTextBlock(parseDocument('<html><body><img src="a.jpg"></body></html>'))).toBeUndefined();
  });
});

describe('readabilityContent', () => {
  it('returns the article as a live element', () => {
    const doc = parseDocument(`<html><body><article>${`<p>${LINE}</p>`.repeat(6)}</article></body></html>`);
    const content = readabilityContent(doc);
    expect(content?.nodeType).toBe(1);
    expect(textOf(content)).toContain(LINE);
  });
});
