import { classWords, isElement, removeAll, tagOf, textOf } from './dom';
import { findSubtitleElement } from './metadata';
import { TEASER_HEADING } from './patterns';

// Class/id words that name page furniture rather than article text.
const BOILERPLATE_WORDS = new Set([
  'ad',
  'ads',
  'adv',
  'advert',
  'advertisement',
  'advertising',
  'adsense',
  'author',
  'banner',
  'bio',
  'breadcrumb',
  'breadcrumbs',
  'byline',
  'comment',
  'comments',
  'consent',
  'cookie',
  'cookies',
  'copyright',
  'date',
  'dateline',
  'footer',
  'gnb',
  'header',
  'journalist',
  'keyword',
  'keywords',
  'lnb',
  'login',
  'masthead',
  'menu',
  'modal',
  'nav',
  'navbar',
  'navigation',
  'newsletter',
  'newsletters',
  'outbrain',
  'paywall',
  'popular',
  'popup',
  'promo',
  'promotion',
  'rank',
  'ranking',
  'recommend',
  'recommendation',
  'recommendations',
  'recommended',
  'relate',
  'related',
  'relation',
  'reply',
  'reporter',
  'share',
  'sharing',
  'sidebar',
  'sitemap',
  'snb',
  'sns',
  'social',
  'sponsor',
  'sponsored',
  'subscribe',
  'subscription',
  'taboola',
  'tags',
  'timestamp',
  'toolbar',
  'tools',
  'trending',
  'util',
  'widget',
  'widgets',
]);
// Compound names written without separators ("mostviewed", "hotnews").
const BOILERPLATE_JOINED =
  /mostviewed|mostread|mostpopular|hotnews|bestnews|readmore|sharebar|relatednews|relatedarticle/;

const BOILERPLATE_ROLES = new Set([
  'navigation',
  'banner',
  'contentinfo',
  'complementary',
  'search',
  'dialog',
  'alertdialog',
  'menu',
  'menubar',
]);

const NEVER_REMOVED = new Set(['html', 'body', 'main']);

/**
 * Removes page furniture before the main text is looked for: hidden
 * elements, form controls, navigation, headers and footers, asides, share
 * bars, related / most-viewed lists, newsletter boxes, ads, comments, bylines,
 * the deck (kept in metadata) and teaser lists introduced by a heading such as
 * "관련기사". An element is kept, whatever its name, when it holds most of the
 * page's paragraph text: some sites put the whole article inside a box whose
 * class says "sidebar" or "tags".
 */
export function removeBoilerplate(doc: Document): void {
  const body = doc.body;
  if (!body) return;
  removeAll(body, 'script, style, template, link, input, select, textarea, button, iframe, object, embed');
  removeHidden(body);

  const guard = new ContentGuard(body);
  const subtitle = findSubtitleElement(doc);
  if (subtitle) subtitle.remove();

  for (const el of Array.from(body.querySelectorAll('*'))) {
    if (!body.contains(el) || NEVER_REMOVED.has(tagOf(el))) continue;
    if (isFurniture(el) && !guard.holdsArticle(el)) el.remove();
  }
  removeTeaserLists(body);
}

function isFurniture(el: Element): boolean {
  const tag = tagOf(el);
  if (tag === 'nav' || tag === 'aside' || tag === 'footer' || tag === 'header') return true;
  const role = el.getAttribute('role')?.toLowerCase();
  if (role && BOILERPLATE_ROLES.has(role)) return true;
  const words = classWords(el);
  return words.some((w) => BOILERPLATE_WORDS.has(w)) || BOILERPLATE_JOINED.test(words.join(''));
}

function removeHidden(body: Element): void {
  for (const el of Array.from(body.querySelectorAll('[hidden], [aria-hidden="true"], [style]'))) {
    const style = el.getAttribute('style')?.replace(/\s+/g, '').toLowerCase() ?? '';
    if (
      el.hasAttribute('hidden') ||
      el.getAttribute('aria-hidden') === 'true' ||
      style.includes('display:none') ||
      style.includes('visibility:hidden')
    ) {
      // Readability treats images hidden for lazy loading as content; so do we.
      if (tagOf(el) !== 'img') el.remove();
    }
  }
}

/**
 * Decides whether an element holds the article, by its share of the page's
 * paragraph text (or of all text, for bodies written with <br> instead of <p>).
 */
class ContentGuard {
  private readonly paragraphTotal: number;
  private readonly textTotal: number;

  constructor(body: Element) {
    this.paragraphTotal = paragraphText(body);
    this.textTotal = textOf(body).length;
  }

  holdsArticle(el: Element): boolean {
    if (el.getAttribute('itemprop') === 'articleBody' || el.querySelector('[itemprop="articleBody"]'))
      return true;
    if (this.paragraphTotal > 0 && paragraphText(el) / this.paragraphTotal > 0.4) return true;
    return this.textTotal > 0 && textOf(el).length / this.textTotal > 0.5;
  }
}

function paragraphText(el: Element): number {
  let total = 0;
  for (const p of Array.from(el.querySelectorAll('p'))) total += textOf(p).length;
  return total;
}

/**
 * Removes a heading such as "Related articles" or "관련기사" together with the
 * link list after it; when nothing but links remains around the heading, the
 * whole box goes.
 */
export function removeTeaserLists(root: Element): void {
  for (const heading of Array.from(
    root.querySelectorAll('h2, h3, h4, h5, h6, p, strong, b, span, div, dt, em'),
  )) {
    if (!root.contains(heading) || heading.children.length > 2) continue;
    const text = textOf(heading);
    if (text.length > 40 || !TEASER_HEADING.test(text)) continue;

    const parent = heading.parentElement;
    let next = heading.nextSibling;
    heading.remove();
    while (next) {
      const following: ChildNode | null = next.nextSibling;
      if (isElement(next) && !isLinkList(next) && tagOf(next) !== 'br') break;
      if (!isElement(next) && textOf(next) !== '') break;
      next.remove();
      next = following;
    }
    if (parent && parent !== root && textOf(parent).length <= 1500 && linkDensity(parent) >= 0.6)
      parent.remove();
  }
}

function isLinkList(el: Element): boolean {
  const text = textOf(el);
  return text === '' ? el.querySelector('img') === null : linkDensity(el) >= 0.5;
}

/** Share of an element's text that sits inside links. */
function linkDensity(el: Element): number {
  const total = textOf(el).length;
  if (total === 0) return 0;
  let linked = 0;
  for (const a of Array.from(el.querySelectorAll('a'))) linked += textOf(a).length;
  if (tagOf(el) === 'a') linked = total;
  return Math.min(1, linked / total);
}
