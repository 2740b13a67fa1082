import { type AnyNode, isElement, isText, NON_TEXT_TAGS, type ParentNode } from './dom';

/** Text measures of one element, in characters of whitespace-collapsed text (approximately). */
export interface TextStats {
  /** All visible text. */
  text: number;
  /** Text inside links. */
  link: number;
  /** Text inside <p> elements. */
  paragraph: number;
  /** Commas (Latin and CJK): a cheap sign of sentences rather than labels. */
  commas: number;
  /** Descendant elements. */
  elements: number;
}

const COMMAS = /[,，、]/g;

/**
 * Measures every element under root in one bottom-up pass, so that decisions
 * about an element never re-read its subtree: reading each candidate's text
 * afresh is quadratic on deep pages.
 */
export function measure(root: ParentNode): Map<AnyNode, TextStats> {
  const stats = new Map<AnyNode, TextStats>();
  // Post-order without recursion: a node is finished once all its children are.
  const stack: Array<[AnyNode, boolean]> = [[root, false]];
  while (stack.length > 0) {
    const [node, done] = stack.pop() as [AnyNode, boolean];
    if (isText(node)) continue;
    if (!isElement(node) && node !== root) continue;
    if (isElement(node) && NON_TEXT_TAGS.has(node.name)) continue;
    const parent = node as ParentNode;
    if (!done) {
      stack.push([node, true]);
      for (let i = parent.children.length - 1; i >= 0; i--)
        stack.push([parent.children[i] as AnyNode, false]);
      continue;
    }
    const own: TextStats = { text: 0, link: 0, paragraph: 0, commas: 0, elements: 0 };
    for (const child of parent.children) {
      if (isText(child)) {
        own.text += visibleLength(child.data);
        own.commas += child.data.match(COMMAS)?.length ?? 0;
        continue;
      }
      if (isElement(child)) own.elements++;
      const sub = stats.get(child);
      if (!sub) continue;
      own.elements += sub.elements;
      own.text += sub.text;
      own.link += sub.link;
      own.paragraph += sub.paragraph;
      own.commas += sub.commas;
    }
    if (isElement(node)) {
      if (node.name === 'a') own.link = own.text;
      if (node.name === 'p') own.paragraph = own.text;
    }
    stats.set(node, own);
  }
  return stats;
}

/** Length of a text once whitespace runs count as one character. */
export function visibleLength(text: string): number {
  let length = 0;
  let space = true;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const isSpace = code === 32 || code === 10 || code === 9 || code === 13 || code === 160 || code === 12;
    if (isSpace) {
      if (!space) length++;
      space = true;
    } else {
      length++;
      space = false;
    }
  }
  return length;
}

/** Share of an element's text inside links, 0 when it has no text. */
export function linkDensity(s: TextStats | undefined): number {
  return s && s.text > 0 ? Math.min(1, s.link / s.text) : 0;
}
