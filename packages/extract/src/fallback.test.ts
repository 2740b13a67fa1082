import { describe, expect, it } from 'vitest';
import { ExtractError, extractArticle } from './index';

// Synthetic pages in the shapes of blog platforms whose posts the strict
// body search does not take: short paragraphs, a body split into one-line
// <div>s, a <br>-written body inside a widget, a body dense with links, a
// post of one short paragraph. Each sits in a usual blog shell (menu,
// sidebar of links, footer) that must stay out of the text.

function shell(post: string, { title = 'A day out' } = {}): string {
  return `<!doctype html><html lang="en"><head><title>${title} - My Blog</title></head><body>
  <div id="wrap">
    <div id="top"><h1 class="blog-title"><a href="/">My Blog</a></h1>
      <ul class="menu"><li><a href="/">Home</a></li><li><a href="/about">About</a></li><li><a href="/tags">Tags</a></li></ul>
    </div>
    <div id="container">
      ${post}
      <div id="sidebar">
        <h3>Categories</h3><ul><li><a href="/c/1">Travel (12)</a></li><li><a href="/c/2">Food (30)</a></li></ul>
        <h3>Recent posts</h3><ul><li><a href="/p/1">Spring walk by the lake</a></li><li><a href="/p/2">Noodles again</a></li></ul>
      </div>
    </div>
    <div id="foot"><p>Powered by a blog platform. Theme by somebody.</p></div>
  </div></body></html>`;
}

interface Case {
  name: string;
  html: string;
  /** Paragraphs of the expected text, in order. */
  paragraphs: string[];
  source: 'page' | 'page-fallback';
}

const KOREAN_LINES = [
  '오늘은 비가 왔다.',
  '우산을 챙겨 나갔다.',
  '카페에 들러 커피를 마셨다.',
  '창밖이 예뻤다.',
  '내일은 맑겠지.',
];
const SHORT_LINES = [
  'We left at dawn.',
  'The road was empty.',
  'By noon, the lake.',
  'Cold water. Warm sun.',
  'Home by six.',
];
const LINKED = [
  'Read <a href="/a">the mayor’s letter</a> and <a href="/b">the council minutes</a> first.',
  'Then compare <a href="/c">last year’s budget</a> with <a href="/d">this year’s draft</a>.',
  'The <a href="/e">transport plan</a> is still <a href="/f">under review</a>.',
];
const LINKED_TEXT = [
  'Read the mayor’s letter and the council minutes first.',
  'Then compare last year’s budget with this year’s draft.',
  'The transport plan is still under review.',
];

const cases: Case[] = [
  {
    name: 'Tistory post of short lines in <p>',
    html: shell(
      `<div class="area_view"><div class="tt_article_useless_p_margin contents_style">${KOREAN_LINES.map((l) => `<p data-ke-size="size16">${l}</p>`).join('')}</div></div>`,
    ),
    paragraphs: KOREAN_LINES,
    source: 'page-fallback',
  },
  {
    name: 'Naver blog SmartEditor post of short spans',
    html: shell(
      `<div class="se-main-container">${KOREAN_LINES.map((l) => `<div class="se-component se-text"><div class="se-component-content"><div class="se-module se-module-text"><p class="se-text-paragraph"><span>${l}</span></p></div></div></div>`).join('')}</div>`,
    ),
    paragraphs: KOREAN_LINES,
    source: 'page-fallback',
  },
  {
    name: 'WordPress post split into one-line <div>s',
    html: shell(
      `<article class="post"><h2 class="entry-title">A day out</h2><div class="entry-content">${SHORT_LINES.map((l) => `<div>${l}</div>`).join('<div><br></div>')}</div></article>`,
    ),
    paragraphs: SHORT_LINES,
    source: 'page-fallback',
  },
  {
    name: 'Blogger <br>-written post inside a widget',
    html: shell(
      `<div class="widget Blog" id="Blog1"><div class="post hentry"><h3 class="post-title">A day out</h3>
       <div class="post-body entry-content" id="post-body-1">${SHORT_LINES.join('<br>')}</div></div></div>`,
    ),
    paragraphs: SHORT_LINES,
    source: 'page-fallback',
  },
  {
    name: 'post in a <div> whose one-line blocks are mostly links',
    html: shell(`<div class="story">${LINKED.map((l) => `<div>${l}</div>`).join('')}</div>`),
    paragraphs: LINKED_TEXT,
    source: 'page-fallback',
  },
  {
    name: 'unmarked post of short paragraphs',
    html: shell(`<div class="txt">${SHORT_LINES.map((l) => `<p>${l}</p>`).join('')}</div>`),
    paragraphs: SHORT_LINES,
    source: 'page-fallback',
  },
  {
    name: 'Ghost post of one short paragraph',
    html: shell(
      `<article class="article"><section class="gh-content"><p>Back next week.</p></section></article>`,
    ),
    paragraphs: ['Back next week.'],
    source: 'page-fallback',
  },
  {
    name: 'Medium post of short paragraphs in article section',
    html: shell(
      `<article><div><section><div>${SHORT_LINES.map((l) => `<p class="pw-post-body-paragraph">${l}</p>`).join('')}</div></section></div></article>`,
    ),
    paragraphs: SHORT_LINES,
    source: 'page-fallback',
  },
  {
    name: 'Substack post of short paragraphs',
    html: shell(
      `<div class="available-content"><div class="body markup">${SHORT_LINES.map((l) => `<p>${l}</p>`).join('')}</div></div>`,
    ),
    paragraphs: SHORT_LINES,
    source: 'page-fallback',
  },
  {
    name: 'Jekyll/Hugo h-entry of short paragraphs',
    html: shell(
      `<main><div class="h-entry"><h1 class="p-name">A day out</h1><div class="e-content">${SHORT_LINES.map((l) => `<p>${l}</p>`).join('')}</div></div></main>`,
    ),
    paragraphs: SHORT_LINES,
    source: 'page-fallback',
  },
  {
    name: 'an ordinary post stays on the strict path',
    html: shell(
      `<div class="entry-content">${['The harbour authority said on Tuesday that the new ferry terminal, delayed twice, would open in the spring.', 'Work on the second pier, which will take larger boats, starts in the autumn.'].map((l) => `<p>${l}</p>`).join('')}</div>`,
    ),
    paragraphs: [
      'The harbour authority said on Tuesday that the new ferry terminal, delayed twice, would open in the spring.',
      'Work on the second pier, which will take larger boats, starts in the autumn.',
    ],
    source: 'page',
  },
];

describe('extractArticle: blog posts the strict search rejects', () => {
  for (const c of cases) {
    it(c.name, () => {
      const article = extractArticle(c.html, { url: 'https://blog.example/2026/03/a-day-out' });
      expect(article.text.split('\n\n')).toEqual(c.paragraphs);
      expect(article.textSource).toBe(c.source);
    });
  }

  it('still throws ExtractError when a page has no article text anywhere', () => {
    const empty = shell('<article><div class="entry-content"><img src="/a.jpg"></div></article>').replace(
      /<p>Powered by[^<]*<\/p>/,
      '',
    );
    expect(() => extractArticle(empty, { url: 'https://blog.example/x' })).toThrow(ExtractError);
  });
});
