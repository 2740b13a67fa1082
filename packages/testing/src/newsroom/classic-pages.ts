/**
 * The three classic sites' article pages: small, hand-made layouts whose
 * every phrase outside the story is listed (ClassicChrome, in the JSON books)
 * so tests can assert that extraction drops all of it. One template per site,
 * so extractors meet different layouts and metadata styles.
 */
import { asciiJson, attr, englishDateline, iso, KST, koreanDateline, slugify, esc as text } from './markup';
import { createRandom } from './random';

/**
 * Everything a classic page shows around the story itself: navigation, share
 * bar, teasers, captions, newsletter prompt, footer. Every phrase here is
 * boilerplate, and BOILERPLATE is derived from it, so a phrase added to a
 * page is automatically one that extraction must drop.
 */
export interface ClassicChrome {
  nav: string[];
  breadcrumbHome: string;
  share: string[];
  relatedHeading: string;
  /** Headlines of teasers in the related list and the most-viewed box. */
  teasers: string[];
  mostViewedHeading: string;
  /** Heading, pitch and button label of the newsletter prompt. */
  newsletter: [heading: string, pitch: string, button: string];
  /** Lead-photo captions; the credit is rendered right after the caption. */
  captions: string[];
  photoCredit: string;
  advertisement: string;
  footerLinks: string[];
  /** Parts of the copyright line, rendered joined by a space. */
  copyright: string[];
  /** A token that only occurs inside the page's inline script. */
  scriptMarker: string;
}

/** The article as a classic page shows it. */
export interface ClassicArticle {
  id: string;
  url: string;
  title: string;
  summary: string;
  author: string;
  section: string;
  publishedAtMs: number;
  paragraphs: string[];
  caption: string;
  imageUrl: string;
  /** Seeds page-only choices (teaser order), so rendering never draws from a story's stream. */
  pageSeed: number;
}

/** What a page template needs: the article, its site's chrome and where the site lives. */
export interface PageInput {
  article: ClassicArticle;
  chrome: ClassicChrome;
  siteName: string;
  /** Absolute URL of the site's home, ending in `/`. */
  home: string;
  feedUrl: string;
}

/** Renders an article page as a string; the server encodes it in the site's charset. */
export type PageTemplate = (input: PageInput) => string;

/** The classic templates by site slug. */
export type ClassicTemplateName = 'daily-planet' | 'metro-wire' | 'hankyung-ilbo';

/** All teasers on every page, split between the related list and the most-viewed box. */
function teasers(input: PageInput): { related: string[]; mostViewed: string[] } {
  const order = createRandom(input.article.pageSeed).sample(
    input.chrome.teasers,
    input.chrome.teasers.length,
  );
  const half = Math.ceil(order.length / 2);
  return { related: order.slice(0, half), mostViewed: order.slice(half) };
}

/** The OpenGraph tags the English and the Korean CMS templates both write. */
const openGraph = (article: ClassicArticle, siteName: string): string =>
  [
    '<meta property="og:type" content="article">',
    `<meta property="og:site_name" content="${attr(siteName)}">`,
    `<meta property="og:title" content="${attr(article.title)}">`,
    `<meta property="og:description" content="${attr(article.summary)}">`,
    `<meta property="og:url" content="${attr(article.url)}">`,
    `<meta property="og:image" content="${attr(article.imageUrl)}">`,
  ].join('\n');

const paragraphs = (article: ClassicArticle): string =>
  article.paragraphs.map((paragraph) => `<p>${text(paragraph)}</p>`).join('\n');

/** Daily Planet: semantic `<article>`, minimal metadata (the date is only in `<time>` and the feed). */
const dailyPlanetPage: PageTemplate = (input) => {
  const { article, chrome, home } = input;
  const { related, mostViewed } = teasers(input);
  const archive = (headline: string) => `${home}news/archive/${slugify(headline)}`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${text(article.title)} | ${text(input.siteName)}</title>
<meta name="description" content="${attr(article.summary)}">
<meta name="author" content="${attr(article.author)}">
<link rel="canonical" href="${attr(article.url)}">
<link rel="alternate" type="application/rss+xml" title="${attr(input.siteName)}" href="${attr(input.feedUrl)}">
<link rel="stylesheet" href="${home}static/site.css">
<script>
window.dataLayer = window.dataLayer || [];
window.${chrome.scriptMarker} = { track: function (event) { window.dataLayer.push(event); } };
${chrome.scriptMarker}.track({ event: 'article_view', articleId: '${article.id}' });
</script>
</head>
<body class="article-page">
<header class="site-header">
  <div class="masthead"><a class="logo" href="${home}">${text(input.siteName)}</a></div>
  <nav class="main-nav" aria-label="Sections">
    <ul>${chrome.nav.map((label) => `<li><a href="${home}section/${slugify(label)}">${text(label)}</a></li>`).join('')}</ul>
  </nav>
</header>
<div class="ad-slot ad-leaderboard"><span class="ad-label">${text(chrome.advertisement)}</span><div id="div-gpt-ad-top"></div></div>
<main id="main" class="layout">
  <nav class="breadcrumb" aria-label="Breadcrumb">
    <ol><li><a href="${home}">${text(chrome.breadcrumbHome)}</a></li><li><a href="${home}section/${slugify(article.section)}">${text(article.section)}</a></li></ol>
  </nav>
  <article class="story">
    <header class="story-header">
      <h1 class="headline">${text(article.title)}</h1>
      <p class="byline">By <a href="${home}staff/${slugify(article.author)}" rel="author">${text(article.author)}</a></p>
      <p class="dateline"><time datetime="${new Date(article.publishedAtMs).toISOString()}">${englishDateline(article.publishedAtMs)}</time></p>
      <div class="share-bar" role="group" aria-label="Share">
        <a class="share-facebook" href="https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(article.url)}">${text(chrome.share[0]!)}</a>
        <a class="share-x" href="https://x.com/intent/post?url=${encodeURIComponent(article.url)}">${text(chrome.share[1]!)}</a>
        <button type="button" class="copy-link" data-url="${attr(article.url)}">${text(chrome.share[2]!)}</button>
      </div>
    </header>
    <figure class="lead-image">
      <img src="${attr(article.imageUrl)}" alt="${attr(article.caption)}" width="1200" height="675">
      <figcaption>${text(article.caption)} <span class="credit">${text(chrome.photoCredit)}</span></figcaption>
    </figure>
${paragraphs(article)}
  </article>
  <aside class="related" aria-labelledby="related-heading">
    <h2 id="related-heading">${text(chrome.relatedHeading)}</h2>
    <ul>${related.map((headline) => `<li><a href="${archive(headline)}">${text(headline)}</a></li>`).join('')}</ul>
  </aside>
  <section class="newsletter-signup">
    <h2>${text(chrome.newsletter[0])}</h2>
    <p>${text(chrome.newsletter[1])}</p>
    <form action="${home}newsletter" method="post"><input type="email" name="email" aria-label="Email address"><button type="submit">${text(chrome.newsletter[2])}</button></form>
  </section>
</main>
<aside class="sidebar most-viewed">
  <h2>${text(chrome.mostViewedHeading)}</h2>
  <ol>${mostViewed.map((headline) => `<li><a href="${archive(headline)}">${text(headline)}</a></li>`).join('')}</ol>
</aside>
<footer class="site-footer">
  <nav class="footer-links">${chrome.footerLinks.map((label) => `<a href="${home}about/${slugify(label)}">${text(label)}</a>`).join(' ')}</nav>
  <p class="copyright">${text(chrome.copyright.join(' '))}</p>
</footer>
<script src="${home}static/app.js" defer></script>
</body>
</html>
`;
};

/** Metro Wire: JSON-LD NewsArticle plus OpenGraph, body in a `div`, the story column amid rails. */
const metroWirePage: PageTemplate = (input) => {
  const { article, chrome, home } = input;
  const { related, mostViewed } = teasers(input);
  const archive = (headline: string) => `${home}stories/archive/${slugify(headline)}.html`;
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: article.title,
    description: article.summary,
    datePublished: new Date(article.publishedAtMs).toISOString(),
    dateModified: new Date(article.publishedAtMs).toISOString(),
    author: [{ '@type': 'Person', name: article.author }],
    publisher: {
      '@type': 'Organization',
      name: input.siteName,
      logo: { '@type': 'ImageObject', url: `${home}static/logo.png` },
    },
    image: [article.imageUrl],
    mainEntityOfPage: { '@type': 'WebPage', '@id': article.url },
    articleSection: article.section,
    inLanguage: 'en',
  };
  return `<!DOCTYPE html>
<html lang="en-US">
<head>
<meta charset="utf-8">
<title>${text(article.title)} — ${text(input.siteName)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="description" content="${attr(article.summary)}">
${openGraph(article, input.siteName)}
<meta property="og:locale" content="en_US">
<meta property="article:published_time" content="${new Date(article.publishedAtMs).toISOString()}">
<meta property="article:modified_time" content="${new Date(article.publishedAtMs).toISOString()}">
<meta property="article:section" content="${attr(article.section)}">
<meta name="twitter:card" content="summary_large_image">
<link rel="canonical" href="${attr(article.url)}">
<script type="application/ld+json">${asciiJson(jsonLd)}</script>
<script>(function () { var q = (window.${chrome.scriptMarker} = window.${chrome.scriptMarker} || []); q.push(['pageview', '${article.id}']); })();</script>
</head>
<body>
<div id="app">
  <header class="top-bar">
    <div class="brand"><a href="${home}">${text(input.siteName)}</a></div>
    <nav class="sections">${chrome.nav.map((label) => `<a href="${home}sections/${slugify(label)}">${text(label)}</a>`).join('\n')}</nav>
  </header>
  <div class="page">
    <div class="crumbs"><a href="${home}">${text(chrome.breadcrumbHome)}</a> / <a href="${home}sections/${slugify(article.section)}">${text(article.section)}</a></div>
    <div class="story-column">
      <h1 class="story-title">${text(article.title)}</h1>
      <div class="story-meta"><span class="author">By ${text(article.author)}</span> · <span class="date">${englishDateline(article.publishedAtMs)}</span></div>
      <ul class="share-tools">${chrome.share.map((label) => `<li><a href="#" data-share="${slugify(label)}">${text(label)}</a></li>`).join('')}</ul>
      <figure class="lead-media">
        <img src="${attr(article.imageUrl)}" alt="" loading="eager">
        <figcaption class="caption">${text(article.caption)} <em class="credit">${text(chrome.photoCredit)}</em></figcaption>
      </figure>
      <div class="story-body" id="story-body">
${paragraphs(article)}
      </div>
      <div class="sponsored"><span class="label">${text(chrome.advertisement)}</span><div class="native-ad" data-slot="mid"></div></div>
      <section class="more-from">
        <h3>${text(chrome.relatedHeading)}</h3>
        ${related.map((headline) => `<div class="card"><a href="${archive(headline)}"><h4>${text(headline)}</h4></a></div>`).join('\n        ')}
      </section>
    </div>
    <div class="rail">
      <div class="most-read"><h3>${text(chrome.mostViewedHeading)}</h3><ol>${mostViewed.map((headline) => `<li><a href="${archive(headline)}">${text(headline)}</a></li>`).join('')}</ol></div>
      <div class="newsletter-box"><h3>${text(chrome.newsletter[0])}</h3><p>${text(chrome.newsletter[1])}</p><button type="button">${text(chrome.newsletter[2])}</button></div>
    </div>
  </div>
  <footer class="footer">
    <ul>${chrome.footerLinks.map((label) => `<li><a href="${home}${slugify(label)}">${text(label)}</a></li>`).join('')}</ul>
    <small>${text(chrome.copyright.join(' '))}</small>
  </footer>
</div>
<script async src="${home}static/bundle.js"></script>
</body>
</html>
`;
};

/**
 * Hankyung Ilbo: a Korean CMS layout, body in `div.article-body` with the
 * photo inside it, charset declared only by `<meta http-equiv>`, published
 * time in KST (+09:00).
 */
const hankyungIlboPage: PageTemplate = (input) => {
  const { article, chrome, home } = input;
  const { related, mostViewed } = teasers(input);
  const published = article.publishedAtMs;
  const teaserLink = (index: number) => `${home}news/articleView.html?idxno=${90001 + index}`;
  return `<!DOCTYPE html>
<html lang="ko">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>${text(article.title)} - ${text(input.siteName)}</title>
${openGraph(article, input.siteName)}
<meta property="article:published_time" content="${iso(published, KST)}">
<link rel="canonical" href="${attr(article.url)}">
<script type="text/javascript">
var ${chrome.scriptMarker} = ${chrome.scriptMarker} || {};
${chrome.scriptMarker}.articleId = '${article.id}';
</script>
</head>
<body>
<div id="wrap">
  <div id="header">
    <h2 class="logo"><a href="${home}">${text(input.siteName)}</a></h2>
    <ul class="gnb">${chrome.nav.map((label, index) => `<li><a href="${home}news/articleList.html?sc_section_code=S1N${index + 1}">${text(label)}</a></li>`).join('')}</ul>
  </div>
  <div class="ad-banner"><span class="ad-text">${text(chrome.advertisement)}</span></div>
  <div id="container">
    <div id="contents">
      <div class="location"><a href="${home}">${text(chrome.breadcrumbHome)}</a> &gt; <a href="${home}news/articleList.html">${text(article.section)}</a></div>
      <div class="article-head">
        <h1 class="article-title">${text(article.title)}</h1>
        <div class="info-group"><span class="writer">${text(article.author)} 기자</span> <span class="date">입력 ${koreanDateline(published)}</span></div>
        <div class="share-box"><a href="#" class="facebook">${text(chrome.share[0]!)}</a> <a href="#" class="kakao">${text(chrome.share[1]!)}</a> <button type="button" class="url-copy">${text(chrome.share[2]!)}</button></div>
      </div>
      <div class="article-body" id="article-view-content-div">
        <figure class="photo-layout">
          <img src="${attr(article.imageUrl)}" alt="${attr(article.caption)}">
          <figcaption>${text(article.caption)} ${text(chrome.photoCredit)}</figcaption>
        </figure>
${paragraphs(article)}
      </div>
      <div class="relation-news">
        <h3>${text(chrome.relatedHeading)}</h3>
        <ul>${related.map((headline, index) => `<li><a href="${teaserLink(index)}">${text(headline)}</a></li>`).join('')}</ul>
      </div>
      <div class="newsletter">
        <p class="title">${text(chrome.newsletter[0])}</p>
        <p>${text(chrome.newsletter[1])}</p>
        <a href="${home}member/newsletter.html" class="btn">${text(chrome.newsletter[2])}</a>
      </div>
    </div>
    <div id="aside">
      <div class="best-news">
        <h3>${text(chrome.mostViewedHeading)}</h3>
        <ol>${mostViewed.map((headline, index) => `<li><a href="${teaserLink(related.length + index)}">${text(headline)}</a></li>`).join('')}</ol>
      </div>
    </div>
  </div>
  <div id="footer">
    <ul class="footer-menu">${chrome.footerLinks.map((label) => `<li><a href="${home}com/${slugify(label) || 'policy'}.html">${text(label)}</a></li>`).join('')}</ul>
    <p class="copyright">${text(chrome.copyright.join(' '))}</p>
  </div>
</div>
<script type="text/javascript" src="${home}js/common.js"></script>
</body>
</html>
`;
};

/** The classic templates, by the site they were made for. */
export const CLASSIC_TEMPLATES: Record<ClassicTemplateName, PageTemplate> = {
  'daily-planet': dailyPlanetPage,
  'metro-wire': metroWirePage,
  'hankyung-ilbo': hankyungIlboPage,
};
