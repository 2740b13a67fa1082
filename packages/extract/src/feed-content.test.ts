import { describe, expect, it } from 'vitest';
import { ExtractError } from './errors';
import { countSentences, extractFeedArticle, extractFeedContent, MIN_FEED_WORDS } from './feed-content';

const baseUrl = 'https://harbour.example/news/ferry';
const title = 'Ferry terminal opens two years late';
const body = [
  'The harbour authority said on Tuesday that the new ferry terminal would open in the spring, two years later than planned and well over its budget.',
  'Officials blamed the delay on a dispute with the builder over the foundations, which had to be dug again after the first winter storms flooded the site.',
  '"We waited a long time for this, and the islanders waited longer," the authority\'s chair, Helen Marsh, told reporters at the quay.',
  'The terminal will handle six crossings a day to the outer islands, and the old pier will be turned into a fish market and a small public park.',
];
const article = body.map((p) => `<p>${p}</p>`).join('\n');

describe('extractFeedArticle: the feed item as the article', () => {
  it('keeps the body and drops what feeds and pages add around it', () => {
    const result = extractFeedArticle({
      baseUrl,
      title,
      html: `<p><strong>${title}</strong></p>
        <figure><img src="/img/terminal.jpg"><figcaption>The new terminal. Photo: Harbour Times</figcaption></figure>
        ${article}
        <h3>Related articles</h3><ul><li><a href="/a">Islanders protest fares</a></li><li><a href="/b">Storm floods quay</a></li></ul>
        <p>Sign up for our daily newsletter to get the news first.</p>
        <div class="share"><a href="https://twitter.com/share">Share on X</a> <a href="https://facebook.com/share">Share on Facebook</a></div>
        <p>© 2026 Harbour Times. All rights reserved.</p>
        <p>The post <a href="${baseUrl}">${title}</a> appeared first on <a href="https://harbour.example">Harbour Times</a>.</p>
        <img src="https://pixel.example/track.gif" width="1" height="1">
        <script>alert(1)</script>`,
    });
    expect(result.text.split('\n\n')).toEqual(body);
    expect(result.captions).toEqual(['The new terminal. Photo: Harbour Times']);
    expect(result).toMatchObject({
      title,
      language: 'en',
      leadImage: 'https://harbour.example/img/terminal.jpg',
    });
    expect(result.wordCount).toBeGreaterThanOrEqual(MIN_FEED_WORDS);
    expect(result.html).toContain('<img src="https://harbour.example/img/terminal.jpg"');
    expect(result.html).not.toMatch(/pixel\.example|<script|appeared first on|Share on/);
  });

  it('takes the first line as the title when the item has none', () => {
    expect(extractFeedArticle({ baseUrl, html: article }).title).toBe(body[0]);
  });

  it("detects the language from the text, with the feed's as a hint", () => {
    const korean =
      '<p>항만공사는 화요일 새 여객선 터미널이 봄에 문을 연다고 밝혔다. 계획보다 2년 늦었고 예산도 크게 넘었다.</p>'.repeat(
        12,
      );
    expect(extractFeedArticle({ baseUrl, html: korean, language: 'en' }).language).toBe('ko');
    expect(extractFeedArticle({ baseUrl, html: article, language: 'en-GB' }).language).toBe('en');
  });

  it.each([
    ['an empty item', ''],
    ['a one-sentence description', `<p>${body[0]}</p>`],
    ['a short excerpt that ends in an ellipsis', `<p>${body[0]} ${body[1]} […]</p>`],
    [
      'long one sentence (a list of names, no article)',
      `<p>${'Harbour, quay, ferry, island, '.repeat(30)}pier</p>`,
    ],
    ['only a link list', '<ul><li><a href="/a">One</a></li><li><a href="/b">Two</a></li></ul>'],
  ])('is not article text: %s', (_name, html) => {
    expect(() => extractFeedArticle({ baseUrl, html, title })).toThrow(ExtractError);
  });
});

describe('extractFeedContent', () => {
  it('adds entities and the story fingerprint, as extractPage does', () => {
    const result = extractFeedContent({ baseUrl, title, html: article });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.signature).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(result.entities.people).toContain('Helen Marsh');
  });

  it('reports a teaser as a value', () => {
    expect(extractFeedContent({ baseUrl, html: `<p>${body[0]}</p>` })).toMatchObject({
      ok: false,
      reason: expect.stringContaining('teaser'),
    });
  });
});

describe('countSentences', () => {
  it.each([
    ['none', 'No full stop here', 0],
    ['three', 'One. Two! Three?', 3],
    ['a decimal and an abbreviation inside a word', 'Prices rose 2.5 percent in the U.S.A. last year.', 2],
    ['a closing quote after the stop', '"We waited." She left.', 2],
    ['Japanese, no spaces', '新しい港が開いた。島の人は喜んだ。', 2],
    ['an ellipsis counts once', 'And then... nothing.', 2],
  ])('%s', (_name, text, expected) => {
    expect(countSentences(text)).toBe(expected);
  });
});
