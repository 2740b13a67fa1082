import { describe, expect, it } from 'vitest';
import { extractArticle } from './index';

const PROSE =
  'The harbour authority said on Tuesday that the new ferry terminal, delayed twice, would open in spring.';
const PAGE = `<html><body>
  <div id="story">${`<p>${PROSE}</p>`.repeat(5)}<p class="promo">Win a trip on the new ferry, enter today and tell your friends about it.</p></div>
  <div class="sidebar-list"><p>Short fact box that the heuristics would leave out.</p></div>
  <div class="fact-box"><p>Fact: the old terminal opened in 1962.</p></div>
</body></html>`;
const url = 'https://harbour.example/a';

describe('site rules', () => {
  it('drop removes matched elements before extraction', () => {
    const article = extractArticle(PAGE.replace('class="promo"', 'class="win"'), {
      url,
      rules: { drop: ['.win'] },
    });
    expect(article.text).toContain(PROSE);
    expect(article.text).not.toContain('Win a trip');
  });

  it('keep makes the matched elements, in document order, the body', () => {
    const article = extractArticle(PAGE, { url, rules: { keep: ['.fact-box', '#story > p:first-child'] } });
    expect(article.text).toBe(`${PROSE}\n\nFact: the old terminal opened in 1962.`);
  });

  it('keep that matches nothing falls back to the heuristics', () => {
    const article = extractArticle(PAGE, { url, rules: { keep: ['.missing'] } });
    expect(article.text.split('\n\n')[0]).toBe(PROSE);
  });
});
