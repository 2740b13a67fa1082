import {
  type AnyNode,
  classWords,
  type Element,
  hasDescendant,
  isElement,
  type ParentNode,
  remove,
  tagOf,
  textOf,
  walk,
} from './dom';
import { PHOTO_CREDIT } from './patterns';
import { measure } from './stats';

const CAPTION_WORDS = new Set(['caption', 'captions', 'figcaption', 'credit', 'credits', 'cutline']);
const PHOTO_WORDS = new Set(['photo', 'photos', 'img', 'image', 'images', 'picture', 'figure']);
// Tags a stray credit line sits in, and the inline tags it may contain.
const CREDIT_TAGS = new Set([
  'p',
  'span',
  'em',
  'i',
  'b',
  'strong',
  'small',
  'div',
  'td',
  'dd',
  'font',
  'cite',
]);
const INLINE_TAGS = new Set([
  'a',
  'b',
  'i',
  'em',
  'strong',
  'small',
  'span',
  'font',
  'br',
  'sup',
  'sub',
  'cite',
]);
// "photo_desc", "imgTxt", "img-info": a caption named after the picture.
const PHOTO_TEXT = /^(?:photo|img|image|pic)(?:desc|txt|text|info|cap|exp|explain)/;
const MAX_CAPTION = 500;

/**
 * Moves image captions and photo credits out of the page and returns their
 * text, so that Readability never sees them and they cannot leak into the
 * body. Images themselves stay where they are.
 *
 * Found by markup (figcaption, caption/credit classes, text inside <figure>
 * or a photo box) and by wording ("사진=연합뉴스", "AP Photo") next to an image.
 */
export function takeCaptions(body: ParentNode): string[] {
  const captions: string[] = [];
  const keep = (text: string) => {
    if (text && !captions.includes(text)) captions.push(text);
  };

  // Text is computed only once an element's markup makes it a candidate:
  // textContent of every element would be quadratic on big pages.
  // Lengths first, so that text is only read from small elements: reading
  // it from every wrapper is quadratic on deep pages.
  const stats = measure(body);
  // A caption or credit is a few elements deep; a chain of wrappers around a short text is not one.
  const small = (el: Element, max: number) => {
    const s = stats.get(el);
    return !s || (s.text <= max && s.elements <= 40);
  };
  // A removed element's children are not visited: walk reads them after the visit.
  walk(body, (el) => {
    if (el === body || !isElement(el)) return true;
    const tag = tagOf(el);
    const words = classWords(el);
    const namedCaption =
      tag === 'figcaption' ||
      el.attribs.itemprop === 'caption' ||
      words.some((w) => CAPTION_WORDS.has(w) || PHOTO_TEXT.test(w));
    const photoBox = tag === 'figure' || words.some((w) => PHOTO_WORDS.has(w));

    if (namedCaption || photoBox) {
      if (!small(el, MAX_CAPTION)) return true;
      const text = textOf(el);
      if (!text || text.length > MAX_CAPTION) return true;
      if (hasImage(el)) {
        keep(takeTextBesideImages(el));
        return true;
      }
      if (namedCaption) {
        keep(text);
        remove(el);
        return false;
      }
      return true;
    }

    if (CREDIT_TAGS.has(tag) && small(el, 300) && isLeafish(el)) {
      const text = textOf(el);
      if (text && text.length <= 300 && PHOTO_CREDIT.test(text) && nearImage(el)) {
        keep(text);
        remove(el);
        return false;
      }
    }
    return true;
  });
  return captions;
}

const IMAGE_TAGS = new Set(['img', 'picture', 'video']);

/** True when el holds an image, picture or video. */
export function hasImage(el: AnyNode): boolean {
  return hasDescendant(el, (d) => IMAGE_TAGS.has(d.name));
}

// Detaches everything in a photo box that is not (or does not hold) an image.
function takeTextBesideImages(box: Element): string {
  const parts: string[] = [];
  for (const child of [...box.children]) {
    if (isElement(child) && (IMAGE_TAGS.has(tagOf(child)) || hasImage(child))) {
      if (!IMAGE_TAGS.has(tagOf(child))) {
        const inner = takeTextBesideImages(child);
        if (inner) parts.push(inner);
      }
      continue;
    }
    const text = textOf(child);
    if (text) parts.push(text);
    remove(child);
  }
  return parts.join(' ').trim();
}

function isLeafish(el: Element): boolean {
  return el.children.every((child) => !isElement(child) || INLINE_TAGS.has(tagOf(child)));
}

// Within three levels up, some ancestor also holds an image: the typical
// depth of a photo table or a <div><img><p>credit</p></div> box.
function nearImage(el: Element): boolean {
  let node: ParentNode | null = el.parent;
  for (let depth = 0; node && isElement(node) && depth < 3; depth++, node = node.parent) {
    if (tagOf(node) === 'body') return false;
    if (hasImage(node)) return true;
  }
  return false;
}
