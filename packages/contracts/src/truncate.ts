import { htmlVoidElements } from 'html-void-elements';
import type { ArticleDocument } from './article';

/** Bounds on the largest fields of a document, in UTF-8 bytes. */
export interface DocumentCaps {
  maxTextBytes: number;
  maxHtmlBytes: number;
}

/**
 * The document with `text` and `html` cut to their caps, and `truncated:
 * true` when either was cut; the same object when neither was over. The
 * parser applies it before queueing the index job, so a 4 MB page never
 * becomes megabytes of job data in Redis and of JSON sent to Meilisearch.
 */
export function capDocument(doc: ArticleDocument, caps: DocumentCaps): ArticleDocument {
  const text = truncateText(doc.text, caps.maxTextBytes);
  const html = truncateHtml(doc.html, caps.maxHtmlBytes);
  if (text === doc.text && html === doc.html) return doc;
  return { ...doc, text, html, truncated: true };
}

/**
 * The longest prefix of `s` whose UTF-8 encoding fits in `maxBytes`, as a
 * string index: never between the two halves of a surrogate pair, which
 * would leave a lone surrogate (invalid UTF-8, and a document Meilisearch refuses).
 */
export function utf8PrefixLength(s: string, maxBytes: number): number {
  // encodeInto stops before the first character that does not fit whole, pairs included.
  return new TextEncoder().encodeInto(s, new Uint8Array(maxBytes)).read;
}

/** Cut where a word ends if one ends in the last quarter of what fits, else at the last whole character. */
export function truncateText(text: string, maxBytes: number): string {
  // Every UTF-16 unit is at most 3 bytes: short strings need no counting.
  if (text.length * 3 <= maxBytes) return text;
  const end = utf8PrefixLength(text, maxBytes);
  if (end === text.length) return text;
  return cutAtSpace(text.slice(0, end)).trimEnd();
}

function cutAtSpace(prefix: string): string {
  const space = prefix.search(/\s\S*$/);
  return space >= prefix.length * 0.75 ? prefix.slice(0, space) : prefix;
}

// Elements HTML never closes: they open nothing that a closing tag must end.
const VOID_ELEMENTS = new Set(htmlVoidElements);

/**
 * Cut sanitised HTML to `maxBytes`, never inside a tag or a character
 * reference: at the end of the last whole tag, or in the text after it at a
 * word boundary; then close the elements left open, so the fragment stays
 * well formed (the closing tags may go a few dozen bytes over the cap).
 */
export function truncateHtml(html: string, maxBytes: number): string {
  if (html.length * 3 <= maxBytes) return html;
  const end = utf8PrefixLength(html, maxBytes);
  if (end === html.length) return html;
  const prefix = html.slice(0, end);

  // Walk the tags of the prefix: where the last whole one ends, and which elements are open there.
  const open: string[] = [];
  let safeEnd = 0;
  let openAtSafeEnd: string[] = [];
  // Sanitised HTML escapes < and > inside attribute values, so a tag runs to the
  // next '>' and never spans a '<': one pass, no backtracking across tags.
  const tag = /<(\/?)([a-zA-Z][\w-]*)(?:[\s/][^<>]*)?>/g;
  for (let m = tag.exec(prefix); m; m = tag.exec(prefix)) {
    const name = m[2]?.toLowerCase();
    if (name && m[1]) {
      const at = open.lastIndexOf(name);
      if (at >= 0) open.length = at;
    } else if (name && !VOID_ELEMENTS.has(name) && !m[0].endsWith('/>')) open.push(name);
    safeEnd = tag.lastIndex;
    openAtSafeEnd = [...open];
  }
  // Text after the last whole tag may be kept up to a word boundary, if no tag starts in it.
  let cut = prefix.slice(0, safeEnd);
  const rest = prefix.slice(safeEnd);
  if (!rest.includes('<')) {
    const words = cutAtSpace(rest);
    // Not inside a character reference such as &amp; or &#8212;.
    const amp = words.lastIndexOf('&');
    cut += amp >= 0 && !words.slice(amp).includes(';') ? words.slice(0, amp) : words;
  }
  return (
    cut.trimEnd() +
    openAtSafeEnd
      .reverse()
      .map((name) => `</${name}>`)
      .join('')
  );
}
