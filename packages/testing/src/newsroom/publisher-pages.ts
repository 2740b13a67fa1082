/**
 * Article pages of the generated publishers: five site templates modelled on
 * the layouts extractors meet in the wild, each page padded to a drawn size
 * (50–150 KB by default) of which the story is a small part. A page is a pure
 * function of (site, article): it is built on request, cached for a while,
 * and rebuilt byte for byte when needed again.
 */
import { type Charset, encode } from './encoding';
import {
  asciiJson,
  attr,
  datePath,
  englishDateline,
  esc,
  iso,
  KST,
  koreanDateline,
  shortDate,
  slugify,
} from './markup';
import {
  adScript,
  analyticsScript,
  CAPTIONS,
  COMMENT_PHRASES,
  comments,
  consentScript,
  linkList,
  MENU,
  PHOTO_CREDITS,
  styleSheet,
} from './page-furniture';
import { bookOf, type Language } from './prose';
import { createRandom, type Random, seedFrom } from './random';
import { type Story, type StoryHeader, type StoryLength, teaserHeadline, writeStory } from './story';

export type TemplateName = 'broadsheet' | 'wire' | 'magazine' | 'portal' | 'paper';

/** One publisher: one loopback host, one template, one language and charset. */
export interface Site {
  index: number;
  /** `http://127.0.x.y:port`, no trailing slash. */
  origin: string;
  name: string;
  language: Language;
  charset: Charset;
  template: TemplateName;
  /** Seeds everything drawn for this site. */
  seed: number;
}

/** What a page needs to know about its article beyond the story itself. */
export interface PageArticle {
  index: number;
  url: string;
  publishedAtMs: number;
  header: StoryHeader;
}

/** How big pages and their stories are. */
export interface PageSize {
  /** Page size drawn between these (bytes), median halfway. */
  bytes: [min: number, max: number];
  story: StoryLength;
}

/** A rendered page and what the checks need to know about it. */
export interface RenderedPage {
  bytes: Buffer;
  story: Story;
  /** Text on the page that is not the story (captions, teasers, prompts, copyright…): extraction must drop it. */
  boilerplate: string[];
}

interface Teaser {
  title: string;
  url: string;
  section: string;
  image: string;
  /** Pre-serialised for state blobs (ASCII), with a leading comma: list entries are concatenated as bytes. */
  json: Buffer;
}

/** Everything on a site's pages that does not depend on the article. */
interface SiteChrome {
  head: string;
  header: string;
  footer: string;
  teasers: Teaser[];
  copyright: string;
}

type ChromePart = 'head' | 'header' | 'footer';

/**
 * A site's chrome as templates see it, with head, header and footer replaced
 * by markers, and those parts encoded once: a page is then its own markup
 * encoded around the site's ready-made bytes (half of every page is chrome).
 */
interface EncodedChrome {
  forTemplates: SiteChrome;
  bytes: Record<ChromePart, Buffer>;
}

// NUL never occurs in generated text, so it can delimit chrome markers.
const MARK = (part: ChromePart) => `\u0000${part}\u0000`;

interface PageContext {
  site: Site;
  chrome: SiteChrome;
  article: PageArticle;
  story: Story;
  random: Random;
  /** The publication time as pages write it: UTC on English sites, KST on Korean ones. */
  published: string;
  /** `count` distinct teasers from the site's pool; their headlines are boilerplate. */
  teasers(count: number): Teaser[];
  /** A photo caption and a photo credit in the site's language, both boilerplate. */
  caption(): string;
  credit(): string;
  /** Records a phrase the page shows outside the story, which extraction must drop, and returns it. */
  boilerplate(phrase: string): string;
}

/** What a template writes around the site's chrome; the head is written from `head` (see documentHead). */
interface PageParts {
  head: HeadOptions;
  /** From `<body>` to the app-state script. */
  body: string;
  /** After the state script, up to `</body>`: the app's bundle and the wrappers still open. */
  tail: string;
}

interface HeadOptions {
  lang: string;
  /** Between the charset and the title: viewport or compatibility tags, as the CMS writes them. */
  preamble: string;
  /** How the title joins the headline and the site's name. */
  titleSeparator: string;
  image: string;
  /** Tags only this template writes, after the Open Graph ones. */
  extra: string[];
}

/** Which template a site gets: English sites rotate through three, Korean ones through two. */
export function templateFor(language: Language, ordinal: number): TemplateName {
  const names: TemplateName[] = language === 'en' ? ['broadsheet', 'wire', 'magazine'] : ['portal', 'paper'];
  return names[ordinal % names.length]!;
}

/** A plausible masthead for a site. */
export function siteName(seed: number, index: number, language: Language, template: TemplateName): string {
  const random = createRandom(seedFrom(seed, 'site-name', index));
  const words = bookOf(language).publishers;
  if (language === 'ko') {
    const base = random.pick(words.names ?? []);
    return template === 'portal'
      ? `${base}뉴스`
      : `${base}${random.pick(['일보', '신문', '경제', '타임스'])}`;
  }
  const town = random.pick(words.towns ?? []);
  if (template === 'wire') return `${town} ${random.pick(['Wire', 'Press Agency', 'News Service'])}`;
  if (template === 'magazine')
    return `The ${town} ${random.pick(['Review', 'Weekly', 'Monthly', 'Quarterly'])}`;
  return `The ${town} ${random.pick(words.papers ?? [])}`;
}

/**
 * The path of an article on its site, in the site's CMS style: dated slugs
 * (broadsheet, magazine), slug-id (wire), a portal's press/article numbers,
 * and the `articleView.html?idxno=` of Korean newspaper CMSs.
 */
export function articlePath(site: Site, index: number, title: string, publishedAtMs: number): string {
  const [y, m, d] = datePath(publishedAtMs, site.language === 'ko' ? KST : 0);
  switch (site.template) {
    case 'broadsheet':
      return `/news/${y}/${m}/${d}/${slugify(title)}-${index}`;
    case 'wire':
      return `/article/${slugify(title)}-idUS${index.toString(36).toUpperCase()}`;
    case 'magazine':
      return `/${y}/${m}/${index}/${slugify(title)}/`;
    case 'portal':
      return `/mnews/article/${String(100 + (site.index % 900)).padStart(3, '0')}/${String(index).padStart(10, '0')}`;
    case 'paper':
      return `/news/articleView.html?idxno=${index}`;
  }
}

// Teaser dates are fixed so that the chrome depends on the seed alone.
const TEASER_EPOCH_MS = Date.UTC(2026, 9, 1);

function teaserPool(site: Site, random: Random, count: number): Teaser[] {
  const teasers: Teaser[] = [];
  for (let k = 0; k < count; k++) {
    const { title, section } = teaserHeadline(random, site.language);
    const ms = TEASER_EPOCH_MS - k * 3_600_000 * random.int(1, 6);
    // Ids far above any real article's, so a teaser never points at a real page.
    const id = 50_000_000 + site.index * 1000 + k;
    const url = site.origin + articlePath(site, id, title, ms);
    const image = `${site.origin}/images/${datePath(ms, 0).join('/')}/${id}_thumb.jpg`;
    const json = `,${asciiJson({
      id,
      headline: title,
      url,
      section,
      image: { src: image, width: 640, height: 360, alt: '' },
      publishedAt: iso(ms),
      readingMinutes: random.int(2, 12),
      sponsored: random.chance(0.05),
    })}`;
    teasers.push({ title, url, section, image, json: Buffer.from(json, 'latin1') });
  }
  return teasers;
}

/** `count` distinct teasers from the pool, starting anywhere (stride 7 is coprime with the pool size). */
function pickTeasers(random: Random, pool: Teaser[], count: number): Teaser[] {
  const start = random.int(0, pool.length - 1);
  return Array.from({ length: Math.min(count, pool.length) }, (_, i) => pool[(start + i * 7) % pool.length]!);
}

function menuHtml(site: Site, mega: boolean): string {
  const base = site.origin;
  return MENU(site.language)
    .map(([section, subs]) => {
      const href = `${base}/section/${encodeURIComponent(section)}`;
      if (!mega)
        return `<li class="nav__item"><a class="nav__link" href="${attr(href)}">${esc(section)}</a></li>`;
      const links = subs.map((sub): [string, string] => [`${href}/${encodeURIComponent(sub)}`, sub]);
      return `<li class="mega-menu__item"><a class="mega-menu__link" href="${attr(href)}">${esc(section)}</a><div class="mega-menu__panel" hidden>${linkList(links, 'mega-menu__sub')}</div></li>`;
    })
    .join('');
}

/** An English site's footer: columns of section links, whatever the site adds, the copyright line. */
function siteFooter(site: Site, random: Random, columns: number, copyright: string, extra = ''): string {
  const cols: string[] = [];
  const menu = MENU(site.language);
  for (let c = 0; c < columns; c++) {
    const [section, subs] = menu[(c + random.int(0, menu.length - 1)) % menu.length]!;
    const links = subs.map((sub): [string, string] => [
      `${site.origin}/section/${encodeURIComponent(sub)}`,
      sub,
    ]);
    cols.push(`<div class="footer__col"><h4>${esc(section)}</h4>${linkList(links)}</div>`);
  }
  return `<footer class="site-footer"><div class="footer__cols">${cols.join('')}</div>${extra}
<p class="copyright">${esc(copyright)}</p></footer>`;
}

const chromes = new Map<Site, EncodedChrome>();

/** The site's chrome, drawn once; sites are few (one per host), so this never needs evicting. */
function chromeOf(site: Site): EncodedChrome {
  let chrome = chromes.get(site);
  if (!chrome) {
    const random = createRandom(seedFrom(site.seed, 'chrome'));
    const teasers = teaserPool(site, random, 160);
    const drawn = TEMPLATES[site.template].chrome(site, random);
    chrome = {
      forTemplates: {
        teasers,
        copyright: drawn.copyright,
        head: MARK('head'),
        header: MARK('header'),
        footer: MARK('footer'),
      },
      bytes: {
        head: encode(drawn.head, site.charset),
        header: encode(drawn.header, site.charset),
        footer: encode(drawn.footer, site.charset),
      },
    };
    chromes.set(site, chrome);
  }
  return chrome;
}

const siteId = (site: Site) => `S${(site.seed % 0xfffff).toString(16).toUpperCase()}`;

/** Inline styles, a consent manager's vendor list and analytics: how most sites' heads begin. */
function stylesAndTrackers(
  site: Site,
  random: Random,
  cssPrefix: string,
  cssBytes: [min: number, max: number],
  analyticsMarker: string,
): string {
  const id = siteId(site);
  return `<style>${styleSheet(random, cssPrefix, random.int(...cssBytes))}</style>\n${consentScript(random, id)}\n${analyticsScript(id, analyticsMarker)}`;
}

const charsetMeta = (site: Site) =>
  site.charset === 'euc-kr'
    ? '<meta http-equiv="Content-Type" content="text/html; charset=euc-kr">'
    : '<meta charset="utf-8">';

const VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">';

/** A `<meta>` tag: Open Graph and article properties by `property`, everything else by `name`. */
const meta = (name: string, content: string) =>
  `<meta ${/^(og|article):/.test(name) ? 'property' : 'name'}="${name}" content="${attr(content)}">`;

/**
 * The document up to `</head>`: the charset first (Korean pages must declare
 * EUC-KR within the first 1024 bytes), the template's preamble and title,
 * the description and Open Graph tags (where extractors look for the headline
 * and date), the template's own tags, the canonical link and the site's head.
 */
function documentHead({ site, chrome, article, story, published }: PageContext, head: HeadOptions): string {
  const tags = [
    meta('description', story.summary),
    meta('og:type', 'article'),
    meta('og:site_name', site.name),
    meta('og:title', story.title),
    meta('og:description', story.summary),
    meta('og:url', article.url),
    meta('og:image', head.image),
    meta('article:published_time', published),
    ...head.extra,
  ];
  return `<!DOCTYPE html>
<html lang="${head.lang}">
<head>
${charsetMeta(site)}
${head.preamble}
<title>${esc(story.title)} ${head.titleSeparator} ${esc(site.name)}</title>
${tags.join('\n')}
<link rel="canonical" href="${attr(article.url)}">
${chrome.head}
</head>
`;
}

/** Teasers as `<li>` headline links, for related, most-read and trending lists. */
function headlineItems(teasers: Teaser[], itemClass = ''): string {
  const cls = itemClass ? ` class="${itemClass}"` : '';
  return teasers.map((t) => `<li${cls}><a href="${attr(t.url)}">${esc(t.title)}</a></li>`).join('');
}

/** Markup placed after the paragraph of the given index: ad slots, teasers, photos. */
type Insert = [afterParagraph: number, html: string];

/** The story's paragraphs, each written by `paragraph` (a plain `<p>` by default) and followed by its inserts. */
function storyBody(
  story: Story,
  inserts: Insert[],
  paragraph: (text: string, i: number) => string = (text) => `<p>${esc(text)}</p>`,
): string {
  return story.paragraphs
    .flatMap((text, i) => [paragraph(text, i), ...inserts.filter(([at]) => at === i).map(([, html]) => html)])
    .join('\n');
}

interface Template {
  /** What every page of a site shares apart from the teaser pool; drawn once per site. */
  chrome(site: Site, random: Random): Omit<SiteChrome, 'teasers'>;
  /** How the app-state script that pads every page opens and closes. */
  state: { open: string; close: string };
  page(ctx: PageContext): PageParts;
}

/**
 * An English broadsheet: a mega menu with every section's sub-sections,
 * a breaking-news ticker, semantic <article> with the body in
 * div.article__body, an inline "Read more" teaser and an ad slot among the
 * paragraphs, a second photo mid-story, related grid, most-read list and
 * newsletter sign-up outside the article.
 */
const broadsheet: Template = {
  chrome(site, random) {
    const head = stylesAndTrackers(site, random, 'bs', [14_000, 24_000], 'bsAnalytics');
    const header = `<a class="skip-link" href="#main">Skip to content</a>
<div class="top-strip"><a href="${site.origin}/subscribe">Subscribe</a> <a href="${site.origin}/login">Sign in</a> <a href="${site.origin}/epaper">Today's paper</a></div>
<header class="site-header"><a class="site-header__logo" href="${site.origin}/">${esc(site.name)}</a>
<nav class="mega-menu" aria-label="Main"><ul>${menuHtml(site, true)}</ul></nav>
<form class="site-search" action="${site.origin}/search" role="search"><input type="search" name="q" aria-label="Search"><button type="submit">Search</button></form></header>`;
    const copyright = `© 2026 ${site.name} Ltd. All rights reserved.`;
    const legal = `\n<ul class="footer__legal"><li><a href="${site.origin}/privacy">Privacy policy</a></li><li><a href="${site.origin}/cookies">Cookie settings</a></li><li><a href="${site.origin}/terms">Terms and conditions</a></li><li><a href="${site.origin}/contact">Contact us</a></li></ul>`;
    return { head, header, footer: siteFooter(site, random, 6, copyright, legal), copyright };
  },
  state: { open: '<script>window.__PRELOADED_STATE__=', close: ';</script>' },
  page(ctx) {
    const { site, chrome, article, story, published } = ctx;
    const ticker = ctx.teasers(5);
    const related = ctx.teasers(6);
    const mostRead = ctx.teasers(10);
    const readMore = ctx.teasers(1)[0]!;
    const [caption, caption2] = [ctx.caption(), ctx.caption()];
    const credit = ctx.credit();
    const image = `${site.origin}/images/${article.index}_lead.jpg`;
    const newsletter = ctx.boilerplate(`Sign up for the ${site.name} morning briefing`);
    const inserts: Insert[] = [
      [
        2,
        `<aside class="inline-related"><p>Read more: <a href="${attr(readMore.url)}">${esc(readMore.title)}</a></p></aside>`,
      ],
      [
        5,
        '<div class="ad-slot ad-slot--mpu"><span class="ad-label">Advertisement</span><div id="div-gpt-ad-mpu"></div></div>',
      ],
    ];
    if (story.paragraphs.length > 10)
      inserts.push([
        Math.floor(story.paragraphs.length / 2),
        `<figure class="article__inline-image"><img src="${site.origin}/images/${article.index}_2.jpg" alt="" width="800" height="533" loading="lazy"><figcaption>${esc(caption2)} <span class="credit">${esc(credit)}</span></figcaption></figure>`,
      ]);
    const card = (t: Teaser) =>
      `<li class="card"><a href="${attr(t.url)}"><img src="${attr(t.image)}" alt="" loading="lazy"><h3 class="card__title">${esc(t.title)}</h3></a></li>`;
    const body = `<body class="template-article">
${chrome.header}
<div class="ticker"><span class="ticker__label">Breaking</span><ul>${headlineItems(ticker, 'ticker__item')}</ul></div>
<div class="ad-slot ad-slot--leaderboard"><span class="ad-label">Advertisement</span><div id="div-gpt-ad-top"></div></div>
<main id="main" class="layout">
<nav class="breadcrumb" aria-label="Breadcrumb"><ol><li><a href="${site.origin}/">Home</a></li><li><a href="${site.origin}/section/${encodeURIComponent(story.section)}">${esc(story.section)}</a></li></ol></nav>
<article class="article">
<header class="article__header">
<h1 class="article__headline">${esc(story.title)}</h1>
<p class="article__standfirst">${esc(story.deck)}</p>
<div class="article__meta"><span class="byline">By <a rel="author" href="${site.origin}/profile/${slugify(story.author)}">${esc(story.author)}</a></span> <time datetime="${published}">${englishDateline(article.publishedAtMs)}</time></div>
<ul class="share"><li><a class="share__facebook" href="https://www.facebook.com/sharer/sharer.php?u=${encodeURIComponent(article.url)}">Share on Facebook</a></li><li><a class="share__x" href="https://x.com/intent/post?url=${encodeURIComponent(article.url)}">Share on X</a></li><li><button type="button" class="share__copy">Copy link</button></li></ul>
</header>
<figure class="article__lead-image"><img src="${attr(image)}" alt="${attr(caption)}" width="1200" height="675"><figcaption>${esc(caption)} <span class="credit">${esc(credit)}</span></figcaption></figure>
<div class="article__body">
${storyBody(story, inserts)}
</div>
<footer class="article__footer"><ul class="topics"><li><a href="${site.origin}/topic/${slugify(story.section)}">${esc(story.section)}</a></li><li><a href="${site.origin}/topic/local">Local</a></li></ul>
<div class="author-bio"><img src="${site.origin}/images/staff/${slugify(story.author)}.jpg" alt=""><p><strong>${esc(story.author)}</strong> reports on ${esc(story.section.toLowerCase())} for ${esc(site.name)}.</p></div></footer>
</article>
<section class="related"><h2>Related articles</h2><ul class="card-grid">${related.map(card).join('')}</ul></section>
<section class="newsletter-signup"><h2>${esc(newsletter)}</h2><p>The day's most important stories, in your inbox every weekday at 7 a.m.</p><form action="${site.origin}/newsletters" method="post"><input type="email" name="email" aria-label="Email address"><button type="submit">Sign up</button></form></section>
</main>
<aside class="most-read"><h2>Most read</h2><ol>${headlineItems(mostRead)}</ol></aside>
${chrome.footer}
`;
    return {
      head: {
        lang: 'en-GB',
        preamble: VIEWPORT,
        titleSeparator: '|',
        image,
        extra: [meta('author', story.author), meta('article:section', story.section)],
      },
      body,
      tail: `<script src="${site.origin}/static/js/app.4f9c2e.js" defer></script>`,
    };
  },
};

/**
 * An English wire service: JSON-LD NewsArticle, header bidding and ad-server
 * scripts, a Next.js-style page with the body in data-testid paragraphs
 * interleaved with ad slots, a "CITY, Mon D (Agency) -" dateline on the first
 * paragraph, a sign-off line, related coverage and trending lists in a rail.
 */
const wire: Template = {
  chrome(site, random) {
    const head = `${stylesAndTrackers(site, random, 'wr', [10_000, 18_000], 'wireMetrics')}\n${adScript(random, siteId(site), random.int(6, 10))}`;
    const markets = Array.from(
      { length: 12 },
      (_, i) =>
        `<li class="market"><span class="market__name">${['FTSE 100', 'DAX', 'CAC 40', 'Nikkei 225', 'S&P 500', 'Nasdaq', 'Dow Jones', 'Hang Seng', 'KOSPI', 'Brent', 'Gold', 'EUR/USD'][i]}</span> <span class="market__value">${random.int(1000, 40000)}.${random.int(10, 99)}</span> <span class="market__change">${random.chance(0.5) ? '+' : '-'}${random.int(0, 2)}.${random.int(10, 99)}%</span></li>`,
    ).join('');
    const header = `<header class="site-header"><a class="site-header__logo" href="${site.origin}/">${esc(site.name)}</a>
<nav class="site-nav" aria-label="Sections"><ul>${menuHtml(site, false)}</ul></nav>
<div class="market-ticker"><ul>${markets}</ul></div></header>`;
    const copyright = `© 2026 ${site.name}. All rights reserved.`;
    const disclaimer =
      '\n<p class="footer__disclaimer">All quotes delayed a minimum of 15 minutes. See here for a complete list of exchanges and delays.</p>';
    return { head, header, footer: siteFooter(site, random, 4, copyright, disclaimer), copyright };
  },
  state: { open: '<script id="__NEXT_DATA__" type="application/json">', close: '</script>' },
  page(ctx) {
    const { site, chrome, article, story, published, random } = ctx;
    const related = ctx.teasers(5);
    const trending = ctx.teasers(8);
    const more = ctx.teasers(6);
    const caption = ctx.caption();
    const credit = ctx.credit();
    const image = `${site.origin}/resizer/${article.index}/lead.jpg`;
    const editor = `${random.pick(['Mark', 'Susan', 'Alex', 'Toby', 'Nick', 'Jane'])} ${random.pick(['Potter', 'Fenton', 'Heinrich', 'Gopalakrishnan', 'Merriman'])}`;
    ctx.boilerplate('Our Standards');
    const city = story.cast.names.city!.toUpperCase();
    const jsonLd = asciiJson({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: story.title,
      description: story.summary,
      datePublished: published,
      dateModified: published,
      author: [{ '@type': 'Person', name: story.author }],
      publisher: {
        '@type': 'Organization',
        name: site.name,
        logo: { '@type': 'ImageObject', url: `${site.origin}/logo.png` },
      },
      image: [image],
      mainEntityOfPage: { '@type': 'WebPage', '@id': article.url },
      articleSection: story.section,
      inLanguage: 'en',
    });
    // An ad slot after every fourth paragraph.
    const ads = Array.from(
      { length: Math.floor(story.paragraphs.length / 4) },
      (_, k): Insert => [
        4 * k + 3,
        `<div data-testid="ad-slot" class="ad-slot ad-slot--inline"><div id="div-gpt-ad-${siteId(site)}-${k + 1}"></div><script>googletag.cmd.push(function(){googletag.display('div-gpt-ad-${siteId(site)}-${k + 1}')});</script></div>`,
      ],
    );
    const dateline = `${city}, ${shortDate(article.publishedAtMs)} (${esc(site.name)}) - `;
    const paragraph = (text: string, i: number) =>
      `<p data-testid="paragraph-${i}" class="text__paragraph">${i === 0 ? dateline : ''}${esc(text)}</p>`;
    const body = `<body>
<div id="__next">
${chrome.header}
<main class="article-page">
<div class="article-layout">
<div class="article-main">
<header class="article-header">
<nav class="article-header__kicker"><a href="${site.origin}/section/${encodeURIComponent(story.section)}">${esc(story.section)}</a></nav>
<h1 data-testid="Heading">${esc(story.title)}</h1>
<div class="article-header__info"><span class="byline">By ${esc(story.author)}</span> <time datetime="${published}">${englishDateline(article.publishedAtMs)}</time> <span class="read-time">${Math.ceil(story.words / 230)} minute read</span></div>
</header>
<figure class="primary-media"><img src="${attr(image)}" alt="${attr(caption)}" width="1920" height="1080"><figcaption class="primary-media__caption">${esc(caption)} ${esc(credit)}</figcaption></figure>
<div class="article-body__content" data-testid="ArticleBody">
${storyBody(story, ads, paragraph)}
<p class="sign-off" data-testid="SignOff">Reporting by ${esc(story.author)}; Editing by ${esc(editor)}</p>
</div>
<div class="trust-badge"><a href="${site.origin}/about/trust-principles">Our Standards: The ${esc(site.name)} Trust Principles.</a></div>
</div>
<aside class="article-rail">
<section class="related-coverage"><h2>Related Coverage</h2><ul>${headlineItems(related)}</ul></section>
<div class="ad-slot ad-slot--rail"><div id="div-gpt-ad-${siteId(site)}-rail"></div></div>
<section class="trending"><h2>Trending</h2><ol>${headlineItems(trending)}</ol></section>
</aside>
</div>
<section class="more-from"><h2>More from ${esc(site.name)}</h2><ul>${more.map((t) => `<li class="story-card"><a href="${attr(t.url)}"><img src="${attr(t.image)}" alt="" loading="lazy"><span class="story-card__section">${esc(t.section)}</span><h3>${esc(t.title)}</h3></a></li>`).join('')}</ul></section>
</main>
${chrome.footer}
</div>
`;
    return {
      head: {
        lang: 'en',
        preamble: VIEWPORT,
        titleSeparator: '|',
        image,
        extra: [
          meta('article:modified_time', published),
          meta('twitter:card', 'summary_large_image'),
          `<script type="application/ld+json">${jsonLd}</script>`,
        ],
      },
      body,
      tail: `<script src="${site.origin}/_next/static/chunks/main-9b1c.js" async></script>`,
    };
  },
};

/**
 * An English magazine: left and right sidebars, a dek, a drop cap, a
 * newsletter box in the middle of the story, tags and an author card, and a
 * comment thread below the article.
 */
const magazine: Template = {
  chrome(site, random) {
    const head = `<link rel="preload" href="${site.origin}/fonts/serif-display.woff2" as="font" type="font/woff2" crossorigin>
${stylesAndTrackers(site, random, 'mg', [16_000, 26_000], 'mgStats')}`;
    const header = `<header class="masthead"><button class="masthead__menu" aria-label="Open menu">Menu</button><a class="masthead__logo" href="${site.origin}/">${esc(site.name)}</a><a class="masthead__subscribe" href="${site.origin}/subscribe">Subscribe</a>
<nav class="masthead__nav"><ul>${menuHtml(site, false)}</ul></nav></header>`;
    const copyright = `© ${site.name} Media Group 2026. All rights reserved.`;
    return { head, header, footer: siteFooter(site, random, 5, copyright), copyright };
  },
  state: { open: '<script>window.__APOLLO_STATE__=', close: ';</script>' },
  page(ctx) {
    const { site, chrome, article, story, published, random } = ctx;
    const popular = ctx.teasers(8);
    const caption = ctx.caption();
    const credit = ctx.credit();
    const image = `${site.origin}/wp-content/uploads/${datePath(article.publishedAtMs, 0).slice(0, 2).join('/')}/hero-${article.index}.jpg`;
    const inlinePrompt = ctx.boilerplate(
      `Sign up for our weekly newsletter and get the best of ${site.name} every Sunday.`,
    );
    const commentCount = random.int(4, 14);
    for (const phrase of COMMENT_PHRASES) ctx.boilerplate(phrase);
    const [section, subs] = MENU('en')[random.int(0, MENU('en').length - 1)]!;
    const newsletterBox = `<div class="newsletter-box newsletter-box--inline"><h4>Enjoying this story?</h4><p>${esc(inlinePrompt)}</p><form action="${site.origin}/newsletter" method="post"><input type="email" name="email" placeholder="Your email"><button type="submit">Subscribe</button></form></div>`;
    const paragraph = (text: string, i: number) =>
      i === 0 ? `<p class="has-drop-cap">${esc(text)}</p>` : `<p>${esc(text)}</p>`;
    const body = `<body class="post-template-default single single-post">
${chrome.header}
<div class="layout">
<aside class="sidebar sidebar--left"><nav class="section-nav"><h3>${esc(section)}</h3>${linkList(subs.map((s): [string, string] => [`${site.origin}/category/${slugify(s)}/`, s]))}</nav>
<div class="issue-promo"><img src="${site.origin}/images/issue-cover.jpg" alt=""><p><a href="${site.origin}/issue/">Read the latest issue</a></p></div></aside>
<main class="content" id="content">
<article class="post type-post status-publish">
<header class="post__header">
<p class="post__kicker"><a href="${site.origin}/category/${slugify(story.section)}/">${esc(story.section)}</a></p>
<h1 class="post__title entry-title">${esc(story.title)}</h1>
<p class="post__dek">${esc(story.deck)}</p>
<div class="post__byline"><img class="avatar" src="${site.origin}/images/authors/${slugify(story.author)}.jpg" alt="" width="48" height="48"> <span class="author vcard">Words by <a class="url fn n" href="${site.origin}/author/${slugify(story.author)}/">${esc(story.author)}</a></span> <time class="entry-date published" datetime="${published}">${englishDateline(article.publishedAtMs)}</time></div>
</header>
<figure class="post__hero wp-block-image size-full"><img src="${attr(image)}" alt="" width="1600" height="900"><figcaption>${esc(caption)} <cite>${esc(credit)}</cite></figcaption></figure>
<div class="post__content entry-content">
${storyBody(story, [[3, newsletterBox]], paragraph)}
</div>
<footer class="post__footer"><div class="post__tags"><a href="${site.origin}/tag/${slugify(story.section)}/" rel="tag">${esc(story.section)}</a> <a href="${site.origin}/tag/long-read/" rel="tag">Long read</a></div>
<div class="author-card"><p class="author-card__name">${esc(story.author)}</p><p class="author-card__bio">${esc(story.author)} is a contributing writer at ${esc(site.name)}.</p></div></footer>
</article>
<section class="comments" id="comments"><h2 class="comments__title">${commentCount} comments</h2><ol class="comment-list">${comments(random, commentCount)}</ol>
<form class="comment-form" action="${site.origin}/wp-comments-post.php" method="post"><textarea name="comment" aria-label="Your comment"></textarea><button type="submit">Post comment</button></form></section>
</main>
<aside class="sidebar sidebar--right">
<section class="popular"><h3>Popular this week</h3><ol>${popular.map((t) => `<li><a href="${attr(t.url)}"><img src="${attr(t.image)}" alt="" loading="lazy"><span>${esc(t.title)}</span></a></li>`).join('')}</ol></section>
<section class="newsletter-box"><h3>The Weekly Edit</h3><p>Our free newsletter, every Sunday.</p><form action="${site.origin}/newsletter" method="post"><input type="email" name="email"><button type="submit">Sign up</button></form></section>
<div class="ad-unit"><span>Advertisement</span></div>
</aside>
</div>
${chrome.footer}
`;
    return {
      head: {
        lang: 'en-US',
        preamble: VIEWPORT,
        titleSeparator: '–',
        image,
        extra: [meta('author', story.author)],
      },
      body,
      tail: `<script src="${site.origin}/wp-includes/js/site.min.js?ver=6.4" id="site-js"></script>`,
    };
  },
};

const ROMAN: Record<string, string> = {
  김: 'kim',
  이: 'lee',
  박: 'park',
  최: 'choi',
  정: 'jung',
  강: 'kang',
  조: 'cho',
  윤: 'yoon',
  장: 'jang',
  임: 'lim',
  한: 'han',
  오: 'oh',
  서: 'seo',
  신: 'shin',
  권: 'kwon',
  황: 'hwang',
  안: 'ahn',
  송: 'song',
  류: 'ryu',
  홍: 'hong',
};

/** A reporter's e-mail as Korean articles end with it. */
function reporterEmail(site: Site, author: string, random: Random): string {
  return `${ROMAN[author.charAt(0)] ?? 'news'}${random.int(10, 99)}@news${site.index}.co.kr`;
}

/**
 * A Korean news portal's article view: the story as one block of text with
 * <br> line breaks (no <p>), a photo in span.end_photo_org with an
 * em.img_desc caption, the reporter's e-mail at the end, then the press's
 * copyright notice, a 관련기사 list, reaction buttons and rankings.
 */
const portal: Template = {
  chrome(site, random) {
    const id = siteId(site);
    const head = `<style>${styleSheet(random, 'nw', random.int(14_000, 22_000))}</style>\n${analyticsScript(id, 'nsc')}\n<script>var g_ssc='news.article';var g_press='${id}';var g_svc={lcs:'https://lcs.example/m',nclk:'https://cc.example/cc',ad:{mid:'article',pos:['top','right','mid','bottom']}};</script>`;
    const gnb = [
      '언론사별',
      '정치',
      '경제',
      '사회',
      '생활/문화',
      'IT/과학',
      '세계',
      '랭킹',
      '신문보기',
      '오피니언',
      'TV',
      '팩트체크',
    ];
    const header = `<header id="gnb" class="Ngnb"><h1 class="Ngnb_logo"><a href="${site.origin}/">${esc(site.name)}</a></h1>
<ul class="Nlnb_menu_list">${gnb.map((g, i) => `<li class="Nlist_item"><a href="${site.origin}/section/${100 + i}" class="Nitem_link"><span class="Nitem_link_menu">${esc(g)}</span></a></li>`).join('')}</ul>
<div class="Nlnb_sub">${MENU('ko')
      .map(
        ([section, subs]) =>
          `<div class="Nsub_group"><strong>${esc(section)}</strong>${linkList(subs.map((s): [string, string] => [`${site.origin}/breakingnews/section/${encodeURIComponent(s)}`, s]))}</div>`,
      )
      .join('')}</div></header>`;
    const copyright = `Copyright ⓒ ${site.name}. All rights reserved. 무단 전재 및 재배포 금지.`;
    const footer = `<footer class="Nfooter"><ul class="Nfooter_list">${['회사소개', '이용약관', '개인정보처리방침', '청소년보호정책', '뉴스 고객센터', '제휴 제안'].map((f) => `<li><a href="${site.origin}/policy/${encodeURIComponent(f)}">${esc(f)}</a></li>`).join('')}</ul>
<p class="Nfooter_notice">각 기사의 저작권은 해당 언론사에 있습니다.</p><address>ⓒ ${esc(site.name)} Corp.</address></footer>`;
    return { head, header, footer, copyright };
  },
  state: { open: '<script>var articleListData=', close: ';</script>' },
  page(ctx) {
    const { site, chrome, article, story, published, random } = ctx;
    const related = ctx.teasers(5);
    const ranking = ctx.teasers(10);
    const caption = ctx.caption();
    const credit = ctx.credit();
    const email = reporterEmail(site, story.author, random);
    const image = `${site.origin}/mnews/image/${article.index}/001.jpg`;
    ctx.boilerplate('많이 본 뉴스');
    const reactions = ['좋아요', '훈훈해요', '슬퍼요', '화나요', '후속기사 원해요']
      .map(
        (r) =>
          `<li class="u_likeit_list"><a href="#" class="u_likeit_list_button"><span class="u_likeit_list_name">${r}</span><span class="u_likeit_list_count">${random.int(0, 300)}</span></a></li>`,
      )
      .join('');
    const body = `<body>
<div id="wrap">
${chrome.header}
<div id="ct_wrap"><div id="ct" class="newsct" role="main">
<div class="media_end_head">
<div class="media_end_head_top"><a href="${site.origin}/press/${siteId(site)}" class="media_end_head_top_logo"><img src="${site.origin}/press/${siteId(site)}/logo.png" alt="${attr(site.name)}"></a></div>
<div class="media_end_head_title"><h2 id="title_area" class="media_end_head_headline"><span>${esc(story.title)}</span></h2></div>
<div class="media_end_head_info">
<div class="media_end_head_journalist"><em class="media_end_head_journalist_name">${esc(story.author)} 기자</em></div>
<div class="media_end_head_info_datestamp"><span class="media_end_head_info_datestamp_time _ARTICLE_DATE_TIME" data-date-time="${published.slice(0, 19).replace('T', ' ')}">${koreanDateline(article.publishedAtMs)}</span></div>
<div class="media_end_head_tool"><button type="button" class="media_end_head_share">공유</button> <button type="button" class="media_end_head_fontsize">글자 크기 변경</button> <button type="button" class="media_end_head_print">인쇄</button></div>
</div></div>
<div id="newsct_article" class="newsct_article _article_body">
<article id="dic_area" class="go_trans _article_content">
<span class="end_photo_org"><img src="${attr(image)}" alt="" id="img1"><em class="img_desc">${esc(caption)} ${esc(credit)}</em></span><br><br>
${story.paragraphs.map((p) => esc(p)).join('<br><br>\n')}<br><br>
${esc(story.author)} 기자 ${esc(email)}
</article>
</div>
<div class="byline"><p class="byline_p"><span class="byline_s">${esc(story.author)} 기자(${esc(email)})</span></p></div>
<div class="copyright"><p class="c_text">${esc(chrome.copyright)}</p></div>
<div class="media_end_linked"><h4 class="media_end_linked_title">관련기사</h4><ul class="media_end_linked_list">${related.map((t) => `<li class="media_end_linked_item"><a href="${attr(t.url)}" class="media_end_linked_item_inner"><div class="media_end_linked_thumb"><img src="${attr(t.image)}" alt=""></div><strong class="media_end_linked_title_desc">${esc(t.title)}</strong></a></li>`).join('')}</ul></div>
<div class="media_end_categorize"><h4>이 기사를 추천합니다</h4><ul class="u_likeit_layer">${reactions}</ul></div>
<div class="press_ranking_home"><h4 class="press_ranking_title">${esc(site.name)} 많이 본 뉴스</h4><ol>${ranking.map((t, i) => `<li class="press_ranking_item"><em class="list_ranking_num">${i + 1}</em><a href="${attr(t.url)}">${esc(t.title)}</a></li>`).join('')}</ol></div>
</div></div>
${chrome.footer}
`;
    return {
      head: {
        lang: 'ko',
        preamble:
          '<meta name="viewport" content="width=device-width,initial-scale=1.0,maximum-scale=1.0,user-scalable=no">',
        titleSeparator: ':',
        image,
        extra: [meta('og:article:author', site.name), meta('twitter:card', 'summary_large_image')],
      },
      body,
      tail: `<script src="${site.origin}/js/article.min.js"></script>\n</div>`,
    };
  },
};

/**
 * A Korean newspaper CMS (the articleView.html kind): a full-width menu,
 * the body in article#article-view-content-div with a figure/figcaption
 * photo, a [관련기사] box among the paragraphs, an older-style photo with a
 * "▲ caption /사진=…" line, the reporter's signature and a "저작권자 ©…
 * 무단전재 및 재배포 금지" line inside the body element.
 */
const paper: Template = {
  chrome(site, random) {
    const head = `<link rel="stylesheet" href="${site.origin}/css/style.css?v=3">
${stylesAndTrackers(site, random, 'nd', [12_000, 20_000], 'ndStat')}`;
    const header = `<header id="user-header"><div class="header-top"><ul class="header-top__util"><li><a href="${site.origin}/member/login.html">로그인</a></li><li><a href="${site.origin}/member/join.html">회원가입</a></li><li><a href="${site.origin}/com/subscription.html">구독신청</a></li></ul></div>
<h1 class="logo"><a href="${site.origin}/">${esc(site.name)}</a></h1>
<nav class="nav-allmenu"><ul>${menuHtml(site, true)}</ul></nav></header>`;
    const copyright = `저작권자 © ${site.name} 무단전재 및 재배포 금지`;
    const footer = `<footer id="user-footer"><ul class="footer-menu">${['회사소개', '광고문의', '기사제보', '독자권익위원회', '개인정보처리방침', '청소년보호정책', '이메일무단수집거부'].map((f, i) => `<li><a href="${site.origin}/com/page${i}.html">${esc(f)}</a></li>`).join('')}</ul>
<address>주소 : 서울특별시 중구 세종대로 ${random.int(1, 150)} | 대표전화 : 02-${random.int(200, 999)}-${random.int(1000, 9999)} | 등록번호 : 서울 아 ${random.int(10000, 99999)} | 발행인 : ${random.pick(['김', '이', '박'])}${random.pick(['정호', '성민', '미경'])} | 편집인 : ${random.pick(['최', '정', '강'])}${random.pick(['동현', '수아', '재원'])}</address>
<p class="copyright">Copyright © 2026 ${esc(site.name)}. All rights reserved.</p></footer>`;
    return { head, header, footer, copyright };
  },
  state: { open: '<script type="text/javascript">var articleInfo=', close: ';</script>' },
  page(ctx) {
    const { site, chrome, article, story, random } = ctx;
    const related = ctx.teasers(3);
    const mostRead = ctx.teasers(10);
    const [caption, caption2] = [ctx.caption(), ctx.caption()];
    const credit = ctx.credit();
    const email = reporterEmail(site, story.author, random);
    const photo = (n: number) =>
      `${site.origin}/news/photo/${datePath(article.publishedAtMs, KST).slice(0, 2).join('')}/${article.index}_${n}.jpg`;
    const inserts: Insert[] = [
      [1, `<div class="view-editors"><strong>[관련기사]</strong><ul>${headlineItems(related)}</ul></div>`],
    ];
    if (story.paragraphs.length > 8)
      inserts.push([
        Math.floor(story.paragraphs.length / 2),
        `<p style="text-align:center"><img src="${photo(2)}" alt=""><br>▲ ${esc(caption2)} /${esc(credit)}</p>`,
      ]);
    const body = `<body>
<div id="user-wrap">
${chrome.header}
<div id="user-container"><div class="float-center max-width-1080">
<section class="user-snb"><a href="${site.origin}/">홈</a> &gt; <a href="${site.origin}/news/articleList.html?sc_section_code=S1N${random.int(1, 9)}">${esc(story.section)}</a></section>
<div class="grid body">
<section class="article-column">
<header class="article-view-header">
<h3 class="heading">${esc(story.title)}</h3>
<h4 class="subheading">${esc(story.deck)}</h4>
<ul class="infomation"><li><i class="icon-user-o"></i> ${esc(story.author)} 기자</li><li><i class="icon-clock-o"></i> 입력 ${koreanDateline(article.publishedAtMs)}</li><li>댓글 0</li></ul>
<div class="share-box"><a href="#" class="facebook">페이스북</a> <a href="#" class="kakao">카카오톡</a> <a href="#" class="url-copy">URL복사</a></div>
</header>
<section class="article-view-content">
<article id="article-view-content-div" class="article-veiw-body view-page font-size17">
<figure class="photo-layout image"><img src="${photo(1)}" alt="${attr(caption)}"><figcaption>${esc(caption)} ${esc(credit)}</figcaption></figure>
${storyBody(story, inserts)}
<p>${esc(story.author)} 기자 ${esc(email)}</p>
<div class="view-copyright">${esc(chrome.copyright)}</div>
</article>
</section>
<div class="view-tag"><a href="${site.origin}/news/tag.html?tag=${encodeURIComponent(story.section)}">#${esc(story.section)}</a></div>
</section>
<aside class="side-column"><div class="auto-article"><h2 class="auto-titles">많이 본 뉴스</h2><ol>${headlineItems(mostRead)}</ol></div><div class="banner">광고</div></aside>
</div>
</div></div>
${chrome.footer}
`;
    return {
      head: {
        lang: 'ko',
        preamble: '<meta http-equiv="X-UA-Compatible" content="IE=edge">',
        titleSeparator: '-',
        image: photo(1),
        extra: [meta('article:section', story.section)],
      },
      body,
      tail: `<script type="text/javascript" src="${site.origin}/js/common.js"></script>\n</div>`,
    };
  },
};

/** The bench's pages: 54–146 KiB around a 400–1,200-word story. */
export const PUBLISHER_PAGES: PageSize = { bytes: [54 * 1024, 146 * 1024], story: { words: [400, 1200] } };

const TEMPLATES: Record<TemplateName, Template> = { broadsheet, wire, magazine, portal, paper };

/** Encodes a page's own markup and splices in the site's pre-encoded chrome at its markers. */
function encodeAround(text: string, site: Site, chrome: EncodedChrome): Buffer[] {
  return text
    .split('\u0000')
    .map((piece, i) => (i % 2 === 1 ? chrome.bytes[piece as ChromePart] : encode(piece, site.charset)));
}

const LIST_BREAKS = ['popular', 'recommended', 'section', 'video', 'opinion'].map((name) =>
  Buffer.from(`],"${name}":[`, 'latin1'),
);
const CLOSING = Buffer.from(']}}', 'latin1');

/**
 * Renders an article page. Its size is drawn per article from `size.bytes`
 * (by default between 54 and 146 KiB, median about 100): the page is padded up to it with the app-state
 * script that modern news sites inline (lists of teasers as JSON), which is
 * all ASCII, so the padding is exact without encoding anything twice.
 */
export function renderPage(
  site: Site,
  article: PageArticle,
  pageSize: PageSize = PUBLISHER_PAGES,
): RenderedPage {
  const chrome = chromeOf(site);
  const random = createRandom(seedFrom(site.seed, 'page', article.index));
  const story = writeStory(article.header, pageSize.story);
  const [min, max] = pageSize.bytes;
  const targetBytes = Math.round(min + ((random.next() + random.next()) / 2) * (max - min));
  const boilerplate = [chrome.forTemplates.copyright];
  const note = (phrase: string) => {
    boilerplate.push(phrase);
    return phrase;
  };
  const ctx: PageContext = {
    site,
    chrome: chrome.forTemplates,
    article,
    story,
    random,
    published: iso(article.publishedAtMs, site.language === 'ko' ? KST : 0),
    teasers(count) {
      const picked = pickTeasers(random, chrome.forTemplates.teasers, count);
      for (const teaser of picked) note(teaser.title);
      return picked;
    },
    caption: () => note(random.pick(CAPTIONS(site.language))),
    credit: () => note(random.pick(PHOTO_CREDITS(site.language))),
    boilerplate: note,
  };
  const template = TEMPLATES[site.template];
  const parts = template.page(ctx);
  const before = encodeAround(
    `${documentHead(ctx, parts.head)}${parts.body}${template.state.open}`,
    site,
    chrome,
  );
  const after = encodeAround(`${template.state.close}\n${parts.tail}\n</body>\n</html>\n`, site, chrome);
  const length = (buffers: Buffer[]) => buffers.reduce((sum, b) => sum + b.length, 0);

  // Lists of up to 50 teasers each, as many as it takes to reach the page's size.
  // Each entry carries a leading comma, which the first of a list gives up.
  const opening = Buffer.from(
    `{"page":{"id":${article.index},"section":${asciiJson(story.section)},"url":${asciiJson(article.url)},"publishedAt":"${iso(article.publishedAtMs)}"},"lists":{"latest":[`,
    'latin1',
  );
  const entries: Buffer[] = [opening];
  let size = length(before) + opening.length + CLOSING.length + length(after);
  const pool = chrome.forTemplates.teasers;
  const start = random.int(0, pool.length - 1);
  for (let i = 0; size < targetBytes || i < 4; i++) {
    if (i > 0 && i % 50 === 0) {
      entries.push(LIST_BREAKS[(i / 50 - 1) % LIST_BREAKS.length]!);
      size += entries.at(-1)!.length;
    }
    const json = pool[(start + i) % pool.length]!.json;
    entries.push(i % 50 === 0 ? json.subarray(1) : json);
    size += entries.at(-1)!.length;
  }
  entries.push(CLOSING);
  return { bytes: Buffer.concat([...before, ...entries, ...after]), story, boilerplate };
}
