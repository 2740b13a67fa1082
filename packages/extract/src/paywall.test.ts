import { describe, expect, it } from 'vitest';
import { parseDocument } from './dom';
import { extractArticle } from './extract';
import { findWall, isTeaserOnly, TEASER_MAX_WORDS } from './paywall';

const sentence =
  'The harbour authority said on Tuesday that the new ferry terminal would open in the spring, two years late. ';
// About 20 words a sentence.
const paragraphs = (n: number) => `<p>${sentence.repeat(3)}</p>`.repeat(n);
const ld = (data: unknown) => `<script type="application/ld+json">${JSON.stringify(data)}</script>`;
const page = (head: string, body: string) =>
  `<html><head><title>Ferry terminal opens late</title>${head}</head><body><article>${body}</article></body></html>`;

describe('findWall', () => {
  it.each([
    [
      'JSON-LD isAccessibleForFree false',
      ld({ '@type': 'NewsArticle', isAccessibleForFree: false }),
      '',
      'declared',
    ],
    [
      'JSON-LD isAccessibleForFree "False", as Google writes it',
      ld({ '@type': 'NewsArticle', isAccessibleForFree: 'False' }),
      '',
      'declared',
    ],
    [
      'JSON-LD hasPart not free',
      ld({
        '@type': 'NewsArticle',
        isAccessibleForFree: true,
        hasPart: { '@type': 'WebPageElement', isAccessibleForFree: false, cssSelector: '.paid' },
      }),
      '',
      'declared',
    ],
    [
      'JSON-LD in @graph, hasPart as an array',
      ld({
        '@graph': [
          { '@type': 'WebSite', name: 'Harbour Times' },
          { '@type': 'Article', hasPart: [{ '@type': 'WebPageElement', isAccessibleForFree: 'false' }] },
        ],
      }),
      '',
      'declared',
    ],
    ['content tier locked', '<meta property="article:content_tier" content="locked">', '', 'declared'],
    ['content tier metered', '<meta name="article:content_tier" content="Metered">', '', 'declared'],
    ['a paywall box', '', '<div class="article-paywall__overlay">Subscribe to read</div>', 'marked'],
    ['a subscriber-only section', '', '<section class="content subscriber-only"></section>', 'marked'],
    ['premium content, camelCase', '', '<div class="premiumContent"></div>', 'marked'],
    ['a registration wall by id', '', '<div id="regwall-modal"></div>', 'marked'],
    ["Piano's container", '', '<div class="tp-container-inner"></div>', 'marked'],
    ['a consent wall', '', '<div class="consent-wall">Accept to read</div>', 'marked'],
  ])('%s', (_name, head, body, expected) => {
    expect(findWall(parseDocument(page(head, `${body}${paragraphs(1)}`)))).toBe(expected);
  });

  it.each([
    [
      'a free article that mentions subscribing',
      '',
      `<p>Readers can subscribe to the ferry timetable by text message.</p>`,
    ],
    [
      'a newsletter box',
      '',
      '<div class="newsletter-signup"><h3>Get our daily newsletter</h3><form><input name="email"><button>Subscribe</button></form></div>',
    ],
    ['a cookie banner', '', '<div id="cookie-consent" class="consent-banner">We use cookies.</div>'],
    ['JSON-LD that says the article is free', ld({ '@type': 'NewsArticle', isAccessibleForFree: true }), ''],
    ['a free content tier', '<meta property="article:content_tier" content="free">', ''],
    [
      'a "Subscribe" link in the header',
      '',
      '<header><a class="subscribe-button" href="/subscribe">Subscribe</a></header>',
    ],
    ['a class that merely contains "tp-"', '', '<div class="http-container"></div>'],
    [
      "a paywall vendor's login link in the header",
      '',
      '<header><a class="paywall-login-link" href="/login">Log in</a></header>',
    ],
    [
      'an account widget in a box named as the header',
      '',
      '<div class="top-bar"><div class="paywall-header-wrap"><span class="paywall-user-name"></span></div></div>',
    ],
  ])('not a wall: %s', (_name, head, body) => {
    expect(findWall(parseDocument(page(head, `${body}${paragraphs(1)}`)))).toBeUndefined();
  });
});

describe('isTeaserOnly', () => {
  const words = (n: number) => Array.from({ length: n }, () => 'word').join(' ');
  it.each([
    ['a walled page with a lead only', 'declared' as const, words(60), true],
    ['a walled page just under the limit', 'marked' as const, words(TEASER_MAX_WORDS - 1), true],
    [
      'a walled page with its full text (served to crawlers, or metered)',
      'declared' as const,
      words(600),
      false,
    ],
    ['a short page with no wall', undefined, words(40), false],
  ])('%s', (_name, wall, text, expected) => {
    expect(isTeaserOnly(wall, text)).toBe(expected);
  });
});

describe('extractArticle flags teaser-only pages', () => {
  const url = 'https://harbour.example/news/ferry';
  const teaser = `<p>${sentence}${sentence}</p><div class="paywall"><p>Subscribe to continue reading.</p></div>`;

  it('a paywalled teaser is flagged', () => {
    const article = extractArticle(page(ld({ '@type': 'NewsArticle', isAccessibleForFree: false }), teaser), {
      url,
    });
    expect(article.paywalled).toBe(true);
    expect(article.text).toContain('ferry terminal');
  });

  it('a walled page whose full text is there is not', () => {
    const html = page(ld({ '@type': 'NewsArticle', isAccessibleForFree: false }), paragraphs(6));
    expect(extractArticle(html, { url }).paywalled).toBeUndefined();
  });

  it('a short free article with a newsletter box is not', () => {
    const html = page(
      '',
      `${paragraphs(1)}<div class="newsletter"><p>Sign up for our newsletter.</p><button>Subscribe</button></div>`,
    );
    expect(extractArticle(html, { url }).paywalled).toBeUndefined();
  });
});
