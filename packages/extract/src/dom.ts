import type { AnyNode, Document, Element, ParentNode } from 'domhandler';
import { Element as ElementNode, isTag, isText } from 'domhandler';
import { appendChild, removeElement } from 'domutils';
import { escapeAttribute, escapeText } from 'entities';
import { htmlVoidElements } from 'html-void-elements';
import { parseDocument as parseHtml } from 'htmlparser2';

export type { AnyNode, Document, Element, ParentNode } from 'domhandler';
export { isTag as isElement, isText } from 'domhandler';

// Every walk in this package is iterative: a hostile or broken page can nest
// elements 100,000 deep, and recursion that deep overflows the stack.

/** Parses a page with htmlparser2: fast, forgiving, and never throws on bad markup. */
export function parseDocument(html: string): Document {
  return parseHtml(html, { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true });
}

/**
 * The page's <body>. htmlparser2 builds no implied elements, so a fragment
 * or a page without <body> gets one, wrapping everything outside <head>.
 */
export function bodyOf(doc: Document): Element {
  const body = findFirst(doc, (el) => el.name === 'body');
  if (body) return body;
  const html = doc.children.find((n): n is Element => isTag(n) && n.name === 'html') ?? doc;
  const created = new ElementNode('body', {});
  for (const child of [...html.children]) {
    if (isTag(child) && child.name === 'head') continue;
    appendChild(created, child);
  }
  appendChild(html, created);
  return created;
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
  'head',
  'title',
  'iframe',
  'object',
]);

/** Lower-case tag name of an element. */
export function tagOf(el: Element): string {
  return el.name;
}

/** An attribute's value, or undefined. */
export function attr(el: Element, name: string): string | undefined {
  return el.attribs[name];
}

/** Collapses runs of whitespace (including NBSP) and drops zero-width characters. */
export function collapseWhitespace(text: string): string {
  return text
    .replace(/[\u200b-\u200d\u2060\ufeff]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Raw text of a node and its descendants, skipping scripts, styles and the like. */
export function rawTextOf(node: AnyNode | null | undefined): string {
  if (!node) return '';
  if (isText(node)) return node.data;
  const parts: string[] = [];
  // The node itself is read even when it is a <script> or <title>: callers ask for its text.
  walk(node, (n) => {
    if (isText(n)) parts.push(n.data);
    return n === node || !(isTag(n) && NON_TEXT_TAGS.has(n.name));
  });
  return parts.join('');
}

/** Visible text of a node, whitespace collapsed. */
export function textOf(node: AnyNode | null | undefined): string {
  return collapseWhitespace(rawTextOf(node));
}

/**
 * Visits node and its descendants in document order. `visit` returns false to
 * skip a node's children. Children are read when a node is entered, so a
 * visit may remove the node it is given.
 */
export function walk(root: AnyNode, visit: (node: AnyNode) => boolean | undefined): void {
  const stack: AnyNode[] = [root];
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    if (visit(node) === false) continue;
    if ('children' in node) {
      const { children } = node;
      for (let i = children.length - 1; i >= 0; i--) stack.push(children[i] as AnyNode);
    }
  }
}

/** Elements under root (root excluded) in document order. */
export function descendants(root: AnyNode, skip: (el: Element) => boolean = () => false): Element[] {
  const out: Element[] = [];
  walk(root, (n) => {
    if (n === root || !isTag(n)) return true;
    if (skip(n)) return false;
    out.push(n);
    return true;
  });
  return out;
}

/** First element under root (root excluded) that passes test, in document order. */
export function findFirst(root: AnyNode, test: (el: Element) => boolean): Element | undefined {
  const stack: AnyNode[] = 'children' in root ? [...root.children].reverse() : [];
  while (stack.length > 0) {
    const node = stack.pop() as AnyNode;
    if (isTag(node)) {
      if (test(node)) return node;
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as AnyNode);
    } else if ('children' in node) {
      for (let i = node.children.length - 1; i >= 0; i--) stack.push(node.children[i] as AnyNode);
    }
  }
  return undefined;
}

/** True when some element under root passes test. */
export function hasDescendant(root: AnyNode, test: (el: Element) => boolean): boolean {
  return findFirst(root, test) !== undefined;
}

/**
 * The elements under root that have a descendant passing test, found in one
 * pass: asking hasDescendant of every element is quadratic on deep pages.
 */
export function markAncestors(root: ParentNode, test: (el: Element) => boolean): Set<Element> {
  const marked = new Set<Element>();
  for (const el of descendants(root)) {
    if (!test(el)) continue;
    for (let up = el.parent; up && up !== root && isTag(up) && !marked.has(up); up = up.parent)
      marked.add(up);
  }
  return marked;
}

/** The nearest ancestor-or-self element passing test. */
export function closest(el: Element, test: (el: Element) => boolean): Element | undefined {
  for (let node: ParentNode | null = el; node && isTag(node); node = node.parent) {
    if (test(node)) return node;
  }
  return undefined;
}

/** True when ancestor contains node (or is it). */
export function contains(ancestor: AnyNode, node: AnyNode): boolean {
  for (let n: AnyNode | null = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

/** Detaches a node from the tree; a no-op for a node already detached. */
export function remove(node: AnyNode): void {
  if (node.parent) removeElement(node);
}

/** Element children of a node. */
export function childElements(node: ParentNode): Element[] {
  return node.children.filter(isTag);
}

/**
 * The words of an element's class and id, lower-cased, split on separators
 * and camelCase, so "relatedNews" and "news_related" both yield "related".
 */
export function classWords(el: Element): string[] {
  const cls = el.attribs.class;
  const id = el.attribs.id;
  if (!cls && !id) return [];
  return nameWords(`${cls ?? ''} ${id ?? ''}`);
}

/** Words of a class or id value: lower-cased, split on separators and camelCase. */
export function nameWords(value: string): string[] {
  return value
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
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

// Elements HTML never closes: they open nothing that a closing tag must end.
const VOID_TAGS = new Set(htmlVoidElements);

// Attribute names htmlparser2 accepted but HTML could not write back ("a"b", "x<y").
const SAFE_ATTRIBUTE_NAME = /^[a-z_:][-a-z0-9_:.]*$/i;

/**
 * Serialises an element's children to HTML, iteratively (dom-serializer
 * recurses). Only text and elements are written: the result is sanitised
 * next, and comments or processing instructions have no place in it.
 */
export function innerHtml(root: ParentNode): string {
  const out: string[] = [];
  const stack: Array<AnyNode | string> = [...root.children].reverse();
  while (stack.length > 0) {
    const item = stack.pop() as AnyNode | string;
    if (typeof item === 'string') {
      out.push(item);
    } else if (isText(item)) {
      out.push(escapeText(item.data));
    } else if (isTag(item)) {
      const attrs = Object.entries(item.attribs)
        .filter(([k]) => SAFE_ATTRIBUTE_NAME.test(k))
        .map(([k, v]) => ` ${k}="${escapeAttribute(v)}"`)
        .join('');
      out.push(`<${item.name}${attrs}>`);
      if (VOID_TAGS.has(item.name)) continue;
      stack.push(`</${item.name}>`);
      for (let i = item.children.length - 1; i >= 0; i--) stack.push(item.children[i] as AnyNode);
    }
  }
  return out.join('');
}
