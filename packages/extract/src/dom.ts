import { parseHTML } from 'linkedom';

/**
 * Parses a page into a DOM document.
 *
 * linkedom builds a broken tree (text outside <body>, no document.body) from
 * fragments that lack an <html> element, so those are wrapped first.
 */
export function parseDocument(html: string): Document {
  const source = /<html[\s>]/i.test(html)
    ? html
    : `<!doctype html><html><head></head><body>${html}</body></html>`;
  return parseHTML(source).document;
}

/** Tags that start a new paragraph when text is laid out. */
export const BLOCK_TAGS = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'caption',
  'center',
  'dd',
  'details',
  'dialog',
  'div',
  'dl',
  'dt',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'hr',
  'li',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'summary',
  'table',
  'tbody',
  'td',
  'tfoot',
  'th',
  'thead',
  'tr',
  'ul',
]);

/** Elements whose content is never readable text. */
export const NON_TEXT_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'textarea',
  'select',
  'svg',
]);

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/** True when the node is an element (linkedom has no instanceof-friendly globals). */
export function isElement(node: Node | null | undefined): node is Element {
  return node?.nodeType === ELEMENT_NODE;
}

/** True when the node is a text node. */
export function isText(node: Node | null | undefined): node is Text {
  return node?.nodeType === TEXT_NODE;
}

/** Lower-case tag name of an element. */
export function tagOf(el: Element): string {
  return el.localName.toLowerCase();
}

/** Collapses runs of whitespace (including NBSP) and drops zero-width characters. */
export function collapseWhitespace(text: string): string {
  return text
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Visible text of a node, whitespace collapsed. */
export function textOf(node: Node | null | undefined): string {
  return node ? collapseWhitespace(node.textContent ?? '') : '';
}

/**
 * The words of an element's class and id, lower-cased, split on separators
 * and camelCase, so "relatedNews" and "news_related" both yield "related".
 */
export function classWords(el: Element): string[] {
  const raw = `${el.getAttribute('class') ?? ''} ${el.getAttribute('id') ?? ''}`;
  return raw
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Removes every element matched by the selector under root. */
export function removeAll(root: ParentNode, selector: string): void {
  for (const el of Array.from(root.querySelectorAll(selector))) el.remove();
}

/** Resolves a possibly relative URL against base; undefined when it is not http(s). */
export function absoluteHttpUrl(value: string | null | undefined, base: string): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  try {
    const url = new URL(trimmed, base);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : undefined;
  } catch {
    return undefined;
  }
}
