import { classWords, isElement, tagOf, textOf } from './dom';
import { PHOTO_CREDIT } from './patterns';

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
export function takeCaptions(doc: Document): string[] {
  const body = doc.body;
  if (!body) return [];
  const captions: string[] = [];
  const keep = (text: string) => {
    if (text && !captions.includes(text)) captions.push(text);
  };

  // Text is computed only once an element's markup makes it a candidate:
  // textContent of every element would be quadratic on big pages.
  for (const el of Array.from(body.querySelectorAll('*'))) {
    if (!body.contains(el)) continue;
    const tag = tagOf(el);
    const words = classWords(el);
    const namedCaption =
      tag === 'figcaption' ||
      el.getAttribute('itemprop') === 'caption' ||
      words.some((w) => CAPTION_WORDS.has(w) || PHOTO_TEXT.test(w));
    const photoBox = tag === 'figure' || words.some((w) => PHOTO_WORDS.has(w));

    if (namedCaption || photoBox) {
      const text = textOf(el);
      if (!text || text.length > MAX_CAPTION) continue;
      if (hasImage(el)) {
        keep(takeTextBesideImages(el));
      } else if (namedCaption) {
        keep(text);
        el.remove();
      }
      continue;
    }

    if (CREDIT_TAGS.has(tag) && isLeafish(el)) {
      const text = textOf(el);
      if (text && text.length <= 300 && PHOTO_CREDIT.test(text) && nearImage(el)) {
        keep(text);
        el.remove();
      }
    }
  }
  return captions;
}

function hasImage(el: Element): boolean {
  return el.querySelector('img, picture, video') !== null;
}

// Detaches everything in a photo box that is not (or does not hold) an image.
function takeTextBesideImages(box: Element): string {
  const parts: string[] = [];
  for (const child of Array.from(box.childNodes)) {
    if (isElement(child) && (['img', 'picture', 'video'].includes(tagOf(child)) || hasImage(child))) {
      if (!['img', 'picture', 'video'].includes(tagOf(child))) {
        const inner = takeTextBesideImages(child);
        if (inner) parts.push(inner);
      }
      continue;
    }
    const text = textOf(child);
    if (text) parts.push(text);
    child.parentNode?.removeChild(child);
  }
  return parts.join(' ').trim();
}

function isLeafish(el: Element): boolean {
  return Array.from(el.children).every((child) => INLINE_TAGS.has(tagOf(child)));
}

// Within three levels up, some ancestor also holds an image: the typical
// depth of a photo table or a <div><img><p>credit</p></div> box.
function nearImage(el: Element): boolean {
  let node: Element | null = el.parentElement;
  for (let depth = 0; node && depth < 3; depth++, node = node.parentElement) {
    if (tagOf(node) === 'body') return false;
    if (hasImage(node)) return true;
  }
  return false;
}
