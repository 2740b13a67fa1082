import { describe, expect, it } from 'vitest';
import { findContent } from './content';
import { type AnyNode, bodyOf, isElement, parseDocument, textOf } from './dom';

const LINE = '시는 올해 하반기 기본설계를 마치고 내년 상반기에 첫 구간 공사에 들어갈 예정이다.';
const PROSE =
  'The harbour authority said on Tuesday that the new ferry terminal, delayed twice, would open in the spring.';

function ids(html: string): string[] | undefined {
  return findContent(bodyOf(parseDocument(`<html><body>${html}</body></html>`)))?.map((n: AnyNode) =>
    isElement(n) ? (n.attribs.id ?? n.name) : '#text',
  );
}

describe('findContent', () => {
  it('picks the <br>-written body over the page wrapper and the menu', () => {
    expect(
      ids(`<div id="wrap">
      <div id="menu"><a href="/">홈</a> <a href="/news">뉴스</a></div>
      <div id="body">${`${LINE}<br><br>`.repeat(5)}</div>
      <div id="side"><p>짧은 안내</p></div></div>`),
    ).toEqual(['body']);
  });

  it('picks the paragraphs, not the link-heavy rail beside them', () => {
    const rail = `<div id="rail">${`<p><a href="/x">${PROSE}</a></p>`.repeat(8)}</div>`;
    expect(ids(`<div id="story">${`<p>${PROSE}</p>`.repeat(5)}</div>${rail}`)).toEqual(['story']);
  });

  it('widens to the container when the story is split into blocks', () => {
    const block = (i: number) => `<div class="block" id="b${i}">${`<p>${PROSE}</p>`.repeat(3)}</div>`;
    const got = ids(
      `<div id="page"><div id="story">${[1, 2, 3, 4].map(block).join('')}</div><div id="foot">x</div></div>`,
    );
    expect(got).toEqual(['story']);
  });

  it('joins prose siblings of the best block', () => {
    const got = ids(
      `<div id="page"><div id="main">${`<p>${PROSE}</p>`.repeat(6)}</div><p id="tail">${PROSE}</p></div>`,
    );
    expect(got).toEqual(['main', 'tail']);
  });

  it('takes the articleBody marker when it holds a real share of the text', () => {
    const doc = parseDocument(`<html><body><div id="other">${`<p>${LINE}</p>`.repeat(6)}</div>
      <div id="marked" itemprop="articleBody">${`<p>${LINE}</p>`.repeat(4)}</div></body></html>`);
    const found = findContent(bodyOf(doc));
    expect(found?.map((n) => (isElement(n) ? n.attribs.id : ''))).toEqual(['marked']);
    expect(textOf(found?.[0])).toContain(LINE);
  });

  it('finds nothing in a page without text', () => {
    expect(ids('<img src="a.jpg">')).toBeUndefined();
  });
});
