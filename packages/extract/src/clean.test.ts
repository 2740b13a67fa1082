import { describe, expect, it } from 'vitest';
import { removeBoilerplate } from './clean';
import { bodyOf, type Document, innerHtml, parseDocument, textOf } from './dom';
import { findSubtitleElement } from './metadata';

const STORY = Array.from(
  { length: 6 },
  (_, i) =>
    `<p>Paragraph ${i + 1} of the story tells readers what the harbour authority decided this week and why.</p>`,
).join('');

function cleaned(body: string): Document {
  const doc = parseDocument(`<!doctype html><html><head></head><body>${body}</body></html>`);
  removeBoilerplate(bodyOf(doc), findSubtitleElement(doc));
  return doc;
}

describe('removeBoilerplate', () => {
  it.each([
    { name: 'nav', html: '<nav><a href="/">Home</a></nav>' },
    { name: 'aside', html: '<aside><p>Elsewhere</p></aside>' },
    { name: 'page footer', html: '<footer><p>About us</p></footer>' },
    { name: 'role=navigation', html: '<div role="navigation"><a href="/">Home</a></div>' },
    { name: 'share bar', html: '<div class="share-bar"><a href="#">Facebook</a></div>' },
    { name: 'social links by id', html: '<ul id="socialLinks"><li>X</li></ul>' },
    { name: 'related box', html: '<div class="relatedNews"><a href="/a">Teaser</a></div>' },
    { name: 'Korean related box', html: '<div class="art_relation"><a href="/a">관련 뉴스</a></div>' },
    { name: 'most viewed', html: '<section class="mostviewed"><a href="/a">Top story</a></section>' },
    { name: 'ranking', html: '<div class="rank_news"><a href="/a">1위 기사</a></div>' },
    { name: 'newsletter box', html: '<div class="newsletter-signup"><p>Get the brief</p></div>' },
    { name: 'ad slot', html: '<div class="ad-slot">Advertisement</div>' },
    { name: 'comments', html: '<div id="comments"><p>First!</p></div>' },
    { name: 'hidden element', html: '<div style="display: none">Hidden teaser</div>' },
    { name: 'hidden attribute', html: '<p hidden>Hidden teaser</p>' },
    { name: 'copyright box', html: '<p class="copyright">Copyright 2026</p>' },
    { name: 'form controls', html: '<button>Subscribe now</button>' },
    {
      name: 'previous/next post links',
      html: '<div class="post-pagination"><div class="prev-post"><a href="/p/1">Older post</a></div></div>',
    },
  ])('removes $name', ({ html }) => {
    const doc = cleaned(`<div class="story">${STORY}</div>${html}`);
    expect(innerHtml(bodyOf(doc))).not.toContain(html);
    expect(textOf(bodyOf(doc))).toContain('Paragraph 6 of the story');
  });

  it('keeps the article when its wrapper has a boilerplate-looking class', () => {
    const doc = cleaned(
      `<div class="content has-sidebar">${STORY}</div><div class="sidebar"><p>Weather</p></div>`,
    );
    expect(textOf(bodyOf(doc))).toContain('Paragraph 1 of the story');
    expect(textOf(bodyOf(doc))).not.toContain('Weather');
  });

  it('keeps the element marked as articleBody whatever its class', () => {
    const doc = cleaned(`<div itemprop="articleBody" class="article-body with-ads">${STORY}</div>`);
    expect(textOf(bodyOf(doc))).toContain('Paragraph 3 of the story');
  });

  it('removes an unmarked teaser heading with its link list, keeping what follows', () => {
    const doc = cleaned(
      `<div>${STORY}<h3>관련기사</h3><ul><li><a href="/1">한강 수변 개발</a></li></ul><p>Closing paragraph stays.</p></div>`,
    );
    const text = textOf(bodyOf(doc));
    expect(text).not.toMatch(/관련기사|한강 수변 개발/);
    expect(text).toContain('Closing paragraph stays.');
  });

  it('keeps an embedded post inside a wrapper named like a share bar', () => {
    const tweet =
      '<blockquote class="twitter-tweet"><p>Yes, this is real: <a href="https://t.co/x">t.co/x</a></p>— A. Person (@ap) <a href="https://twitter.com/ap/1">November 18, 2019</a></blockquote>';
    const doc = cleaned(
      `<div class="story">${STORY}<div class="social-media-embed">${tweet}</div></div><div class="social-share"><a href="#">Tweet this</a></div>`,
    );
    const text = textOf(bodyOf(doc));
    expect(text).toContain('Yes, this is real');
    expect(text).not.toContain('Tweet this');
  });

  it('removes a "More Great X Stories" heading with its half-linked list', () => {
    const doc = cleaned(
      `<div>${STORY}<hr><div class="heading-h3">More Great Harbour Stories</div><ul><li>Ferries may <a href="/a">run all night</a></li><li>The pier, <a href="/b">rebuilt</a></li></ul><p>Closing paragraph stays.</p></div>`,
    );
    const text = textOf(bodyOf(doc));
    expect(text).not.toMatch(/More Great|run all night|rebuilt/);
    expect(text).toContain('Closing paragraph stays.');
  });

  it('removes the deck from the body', () => {
    const doc = cleaned(`<p class="article-subtitle">A deck that metadata keeps</p>${STORY}`);
    expect(textOf(bodyOf(doc))).not.toContain('A deck that metadata keeps');
  });
});
