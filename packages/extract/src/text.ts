import {
  type AnyNode,
  BLOCK_TAGS,
  collapseWhitespace,
  isElement,
  isText,
  NON_TEXT_TAGS,
  type ParentNode,
  tagOf,
} from './dom';

/**
 * Lays an element out as plain text: one paragraph per block element or
 * <br>-separated line, whitespace collapsed inside each, paragraphs joined
 * by a blank line. Table cells on one row stay on one line.
 */
export function toPlainText(root: ParentNode): string {
  const paragraphs: string[] = [];
  let buffer = '';
  const flush = () => {
    const text = collapseWhitespace(buffer);
    if (text) paragraphs.push(text);
    buffer = '';
  };
  // Strings on the stack are emitted when reached: they close table cells and blocks.
  const FLUSH = '\u0000';
  const stack: Array<AnyNode | string> = [...root.children].reverse();
  const pushChildren = (el: ParentNode) => {
    for (let i = el.children.length - 1; i >= 0; i--) stack.push(el.children[i] as AnyNode);
  };
  while (stack.length > 0) {
    const child = stack.pop() as AnyNode | string;
    if (typeof child === 'string') {
      if (child === FLUSH) flush();
      else buffer += child;
      continue;
    }
    if (isText(child)) {
      buffer += child.data;
      continue;
    }
    if (!isElement(child)) continue;
    const tag = tagOf(child);
    if (NON_TEXT_TAGS.has(tag)) continue;
    if (tag === 'br') {
      flush();
    } else if (tag === 'td' || tag === 'th') {
      buffer += ' ';
      stack.push(' ');
      pushChildren(child);
    } else if (BLOCK_TAGS.has(tag)) {
      flush();
      stack.push(FLUSH);
      pushChildren(child);
    } else {
      pushChildren(child);
    }
  }
  flush();
  return paragraphs.join('\n\n');
}

// Han and kana are written without spaces between words.
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/gu;
const WORDLIKE = /[\p{L}\p{N}]/u;

/**
 * Counts words in a way that holds across scripts. Space-separated tokens
 * count one each; that is right for Latin, Cyrillic and Korean, whose
 * space-separated eojeol are what Korean word counts mean. Han and kana are
 * written without spaces, so they count as one word per two characters,
 * the typical length of a Chinese or Japanese word, rounded up per token;
 * Latin runs between them ("AI", "5G") add one each.
 */
export function countWords(text: string): number {
  let words = 0;
  for (const token of text.split(/\s+/)) {
    if (!token) continue;
    const unspaced = token.match(UNSPACED)?.length ?? 0;
    if (unspaced === 0) {
      if (WORDLIKE.test(token)) words += 1;
      continue;
    }
    // Latin or digits between Han and kana ("東京でAIを使う") are words too.
    const between = token.replace(UNSPACED, ' ').split(' ');
    words += Math.ceil(unspaced / 2) + between.filter((piece) => WORDLIKE.test(piece)).length;
  }
  return words;
}
