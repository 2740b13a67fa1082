import { classWeight } from './content';
import { type AnyNode, closest, descendants, type Element, isElement, type ParentNode, remove } from './dom';
import { embedHolders } from './embeds';
import { linkDensity, measure, type TextStats } from './stats';

/** What a block holds, counted once for the whole body. */
interface Counts {
  p: number;
  /** Headings that are links: teaser titles. */
  linkedHeading: number;
  img: number;
  li: number;
  input: number;
  embed: number;
  heading: number;
}

const PRUNED_TAGS = new Set([
  'div',
  'section',
  'table',
  'ul',
  'ol',
  'dl',
  'aside',
  'header',
  'footer',
  'form',
]);
const HEADINGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
// Inline wrappers a hover card or an inline link list is written in.
const INLINE_TAGS = new Set(['span', 'font', 'small', 'label', 'em', 'i', 'b', 'strong']);

/**
 * Removes blocks inside the chosen body that are not prose, as Readability's
 * conditional cleaning does: link lists (related stories, tag clouds), image
 * galleries without text, stray widgets. Prose-like blocks (ten commas or
 * more) always stay; tables and lists that carry text stay.
 */
export function pruneBody(root: ParentNode, { keepLinkDense = false } = {}): void {
  const stats = measure(root);
  const counts = countTags(root, stats);
  // An embedded post is quoted text, however link-dense.
  const embeds = embedHolders(root, stats);
  // Deepest first: an inner link list goes before its wrapper is judged.
  for (const el of descendants(root).reverse()) {
    const block = PRUNED_TAGS.has(el.name);
    if (!(block || INLINE_TAGS.has(el.name)) || !el.parent) continue;
    const s = stats.get(el);
    const c = counts.get(el);
    if (!s || !c || embeds.has(el)) continue;
    const density = linkDensity(s);
    // The loose fallback keeps link-dense blocks: a post written in short linked lines is one.
    const blockDensity = keepLinkDense ? 0 : density;
    if (block ? isJunk(el, s.text, s.commas, blockDensity, c) : isLinkCard(el, density)) remove(el);
  }
}

function isJunk(el: Element, length: number, commas: number, density: number, c: Counts): boolean {
  const weight = classWeight(el);
  if (weight < 0 && length < 200) return true;
  if (commas >= 10) return false;
  const isList = el.name === 'ul' || el.name === 'ol' || el.name === 'dl';
  if (length === 0) return c.img === 0 && c.embed === 0;
  // Walking up is paid only for galleries: doing it for every block is quadratic on deep pages.
  if (c.img > 1 && c.p / c.img < 0.5 && length < 200 && !closest(el, (a) => a.name === 'figure')) return true;
  if (!isList && el.name !== 'table' && c.li > c.p * 2 + 3 && density > 0.3) return true;
  if (c.input > Math.floor(c.p / 3)) return true;
  if (c.embed > 1 || (c.embed === 1 && length < 75)) return true;
  // Link lists: related stories, tags, "more from" rails.
  if (density > 0.5 && weight < 25) return true;
  if (!isList && density > 0.33 && length < 300 && weight < 25) return true;
  // A teaser card: a linked headline with a line of excerpt and a byline.
  if (c.linkedHeading > 0 && length < 300 && weight < 25) return true;
  return false;
}

/**
 * An inline element that is nothing but a row of links: a person's hover
 * card (name, latest headlines, "MORE") or a link list written into a
 * paragraph. A sentence with links in it has text between them. Links are
 * counted among its own children, so that the wrapper around a name and
 * its card is not taken for the card.
 */
function isLinkCard(el: Element, density: number): boolean {
  return density >= 0.9 && el.children.filter((child) => isElement(child) && child.name === 'a').length >= 3;
}

function countTags(root: ParentNode, stats: Map<AnyNode, TextStats>): Map<AnyNode, Counts> {
  const counts = new Map<AnyNode, Counts>();
  for (const el of descendants(root).reverse()) {
    const own: Counts = { p: 0, linkedHeading: 0, img: 0, li: 0, input: 0, embed: 0, heading: 0 };
    for (const child of el.children) {
      if (!isElement(child)) continue;
      const sub = counts.get(child);
      if (!sub) continue;
      own.p += sub.p;
      own.linkedHeading += sub.linkedHeading;
      own.img += sub.img;
      own.li += sub.li;
      own.input += sub.input;
      own.embed += sub.embed;
      own.heading += sub.heading;
    }
    if (el.name === 'p') own.p++;
    else if (el.name === 'img') own.img++;
    else if (el.name === 'li') own.li++;
    else if (el.name === 'input') own.input++;
    else if (el.name === 'embed' || el.name === 'object' || el.name === 'iframe' || el.name === 'video')
      own.embed++;
    else if (HEADINGS.has(el.name)) {
      own.heading++;
      if (el.parent && isElement(el.parent) && el.parent.name === 'a') own.linkedHeading++;
      else if (linkDensity(stats.get(el)) >= 0.9) own.linkedHeading++;
    }
    counts.set(el, own);
  }
  return counts;
}
