import { Readability } from '@mozilla/readability';
import { isElement, isText, tagOf, textOf } from './dom';

/**
 * The article body as Readability finds it, as a live element (not a string)
 * so that cleaning can continue without another parse. Readability empties
 * the document it reads; callers pass one they no longer need. Undefined
 * when Readability finds nothing or fails.
 */
export function readabilityContent(doc: Document): Element | undefined {
  let content: Node | null | undefined;
  try {
    content = new Readability<Node>(doc, { serializer: (node) => node }).parse()?.content;
  } catch {
    // Readability is written for browsers; a DOM API linkedom lacks must cost
    // this page the fallback extractor, not a retry loop on the same bytes.
    return undefined;
  }
  return isElement(content) ? content : undefined;
}

const CANDIDATE_TAGS = new Set(['article', 'main', 'section', 'div', 'td', 'font', 'span', 'center', 'body']);

/**
 * Fallback when Readability finds nothing: the element whose own paragraphs
 * and text lines (not its descendants' deeper blocks) hold the most text.
 * Scoring only direct children keeps a page wrapper from beating the body
 * div it contains; schema.org's articleBody marker wins when present.
 */
export function largestTextBlock(doc: Document): Element | undefined {
  const body = doc.body;
  if (!body) return undefined;
  const marked = body.querySelector('[itemprop="articleBody"]');
  if (marked && textOf(marked).length > 0) return marked;

  let best: Element | undefined;
  let bestScore = 0;
  for (const el of [body, ...Array.from(body.querySelectorAll('*'))]) {
    if (!CANDIDATE_TAGS.has(tagOf(el))) continue;
    const score = ownTextLength(el);
    if (score > bestScore) {
      best = el;
      bestScore = score;
    }
  }
  return best;
}

function ownTextLength(el: Element): number {
  let total = 0;
  for (const child of Array.from(el.childNodes)) {
    if (isText(child)) total += textOf(child).length;
    else if (
      isElement(child) &&
      ['p', 'blockquote', 'h2', 'h3', 'li', 'ul', 'ol', 'pre'].includes(tagOf(child))
    ) {
      total += textOf(child).length;
    } else if (isElement(child) && ['b', 'strong', 'em', 'i', 'a', 'span'].includes(tagOf(child))) {
      total += textOf(child).length / 2;
    }
  }
  return total;
}
