import {
  type AnyNode,
  classWords,
  contains,
  descendants,
  type Element,
  isElement,
  type ParentNode,
  remove,
  tagOf,
  textOf,
} from './dom';
import { embedHolders } from './embeds';
import { TEASER_HEADING } from './patterns';
import { linkDensity, measure, type TextStats } from './stats';

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
  'pager',
  'pagination',
  'prev',
  'previous',
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
// Never text, or controls and embeds whose text is labels.
const JUNK_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'link',
  'input',
  'select',
  'textarea',
  'button',
  'iframe',
  'object',
  'embed',
  'svg',
  'form',
  'dialog',
  'menu',
]);

/**
 * Removes page furniture before the main text is looked for: scripts,
 * hidden elements, form controls, navigation, headers and footers, asides,
 * share bars, related / most-viewed lists, newsletter boxes, ads, comments,
 * bylines, the deck (kept in metadata, passed as `deck`) and teaser lists
 * introduced by a heading such as "관련기사". An element is kept, whatever
 * its name, when it holds most of the page's paragraph text: some sites put
 * the whole article inside a box whose class says "sidebar" or "tags".
 */
export function removeBoilerplate(body: ParentNode, deck?: Element): void {
  removeJunk(body);
  if (deck) remove(deck);

  const stats = measure(body);
  const guard = new ContentGuard(body, stats);
  const embeds = embedHolders(body, stats);
  // Removal waits until the walk is over, so that it never sees a half-detached tree.
  const doomed: Element[] = [];
  const collect = (node: AnyNode): boolean => {
    if (!isElement(node) || NEVER_REMOVED.has(node.name)) return true;
    if (isHidden(node) || (isFurniture(node) && !guard.holdsArticle(node) && !embeds.has(node))) {
      doomed.push(node);
      return false;
    }
    return true;
  };
  walkElements(body, collect);
  for (const el of doomed) remove(el);
  removeTeaserLists(body);
}

/** Removes scripts, styles, form controls, embeds and other elements that are never article text. */
export function removeJunk(root: ParentNode): void {
  for (const el of descendants(root).filter((d) => JUNK_TAGS.has(d.name) && !holdsForm(d))) remove(el);
}

function walkElements(root: ParentNode, visit: (node: AnyNode) => boolean): void {
  const stack: AnyNode[] = [...root.children].reverse();
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    if (!visit(node) || !isElement(node)) continue;
    for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as AnyNode);
  }
}

// Some sites wrap the whole page in one <form> (ASP.NET): that form is a
// page, not a control.
function holdsForm(el: Element): boolean {
  return el.name === 'form' && textOf(el).length > 500;
}

function isFurniture(el: Element): boolean {
  const tag = tagOf(el);
  if (tag === 'nav' || tag === 'aside' || tag === 'footer' || tag === 'header') return true;
  const role = el.attribs.role?.toLowerCase();
  if (role && BOILERPLATE_ROLES.has(role)) return true;
  if (!el.attribs.class && !el.attribs.id) return false;
  const words = classWords(el);
  return words.some((w) => BOILERPLATE_WORDS.has(w)) || BOILERPLATE_JOINED.test(words.join(''));
}

function isHidden(el: Element): boolean {
  // Readability treats images hidden for lazy loading as content; so do we.
  if (tagOf(el) === 'img') return false;
  if (el.attribs.hidden !== undefined || el.attribs['aria-hidden'] === 'true') return true;
  const style = el.attribs.style;
  if (!style) return false;
  const compact = style.replace(/\s+/g, '').toLowerCase();
  return compact.includes('display:none') || compact.includes('visibility:hidden');
}

/**
 * Decides whether an element holds the article, by its share of the page's
 * paragraph text (or of all text, for bodies written with <br> instead of <p>).
 */
class ContentGuard {
  private readonly paragraphTotal: number;
  private readonly textTotal: number;

  constructor(
    body: ParentNode,
    private readonly stats: Map<AnyNode, TextStats>,
  ) {
    this.paragraphTotal = stats.get(body)?.paragraph ?? 0;
    this.textTotal = stats.get(body)?.text ?? 0;
  }

  holdsArticle(el: Element): boolean {
    const s = this.stats.get(el);
    if (!s) return false;
    if (this.paragraphTotal > 0 && s.paragraph / this.paragraphTotal > 0.4) return true;
    if (this.textTotal > 0 && s.text / this.textTotal > 0.5) return true;
    return (
      el.attribs.itemprop === 'articleBody' ||
      descendants(el).some((d) => d.attribs.itemprop === 'articleBody')
    );
  }
}

/**
 * Removes a heading such as "Related articles" or "관련기사" together with the
 * link list after it; when nothing but links remains around the heading, the
 * whole box goes.
 */
export function removeTeaserLists(root: ParentNode): void {
  const stats = measure(root);
  for (const heading of descendants(root)) {
    if (!TEASER_HEADING_TAGS.has(heading.name) || (stats.get(heading)?.text ?? 0) > 60) continue;
    if (!contains(root, heading)) continue;
    if (heading.children.filter(isElement).length > 2) continue;
    const text = textOf(heading);
    if (text.length > 40 || !TEASER_HEADING.test(text)) continue;

    // A box titled by the heading ("Recent articles" over teaser cards) goes whole.
    const box = titledBox(heading, root, stats);
    if (box) {
      remove(box);
      continue;
    }
    const parent = heading.parent;
    let next = heading.next;
    remove(heading);
    while (next) {
      const following: AnyNode | null = next.next;
      if (isElement(next) && !isLinkList(next) && tagOf(next) !== 'br') break;
      if (!isElement(next) && textOf(next) !== '') break;
      remove(next);
      next = following;
    }
    if (parent && parent !== root && isElement(parent)) {
      const s = measure(parent).get(parent);
      if (s && s.text <= 1500 && linkDensity(s) >= 0.6) remove(parent);
    }
  }
}

/**
 * The largest ancestor (up to three levels) that the heading opens, that is
 * small next to the page and holds several links: a teaser box with its title.
 */
function titledBox(heading: Element, root: ParentNode, stats: Map<AnyNode, TextStats>): Element | undefined {
  const total = stats.get(root)?.text ?? 0;
  let box: Element | undefined;
  let node: Element = heading;
  for (let level = 0; level < 3; level++) {
    const up = node.parent;
    if (!up || up === root || !isElement(up) || NEVER_REMOVED.has(up.name)) break;
    if (firstTextChild(up) !== node) break;
    const s = stats.get(up);
    if (!s || s.text > 1500 || s.text > total * 0.3) break;
    if (countLinks(up) >= 2) box = up;
    node = up;
  }
  return box;
}

function firstTextChild(el: Element): AnyNode | undefined {
  return el.children.find((c) => textOf(c) !== '');
}

function countLinks(el: Element): number {
  return descendants(el).filter((d) => d.name === 'a').length;
}

const TEASER_HEADING_TAGS = new Set([
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'p',
  'strong',
  'b',
  'span',
  'div',
  'dt',
  'em',
]);

// After a teaser heading, a list whose every item links somewhere is the
// teaser list, even when each item is a sentence with only part of it linked.
function isLinkList(el: Element): boolean {
  const s = measure(el).get(el);
  if (!s || s.text === 0) return !descendants(el).some((d) => d.name === 'img');
  return linkDensity(s) >= 0.5 || everyItemLinks(el);
}

function everyItemLinks(el: Element): boolean {
  if (el.name !== 'ul' && el.name !== 'ol') return false;
  const items = el.children.filter((c): c is Element => isElement(c) && c.name === 'li');
  return items.length > 0 && items.every((li) => descendants(li).some((d) => d.name === 'a'));
}
