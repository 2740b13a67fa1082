import { decodeHTML, decodeXML, escapeUTF8 } from 'entities';

const TAG = /<\/?[A-Za-z][^>]*>|<!--[\s\S]*?-->/g;
const BLOCK_TAG = /<\/?(?:p|div|br|li|ul|ol|h[1-6]|blockquote|section|article|tr|table|pre|hr)\b[^>]*>/gi;
const CDATA = /<!\[CDATA\[([\s\S]*?)\]\]>/g;

/** Collapses runs of whitespace and trims; undefined for empty results. */
export function squash(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const squashed = value.replace(/\s+/g, ' ').trim();
  return squashed === '' ? undefined : squashed;
}

/** Plain text from an HTML fragment: tags dropped (block tags become spaces), entities decoded. */
export function htmlToText(html: string | undefined): string | undefined {
  if (html === undefined) return undefined;
  const withoutScripts = html.replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ');
  return squash(decodeHTML(withoutScripts.replace(BLOCK_TAG, ' ').replace(TAG, '')));
}

/**
 * A title as plain text. Feeds often put markup or double-escaped entities (`&amp;#8217;`) in
 * titles, so tags are dropped and entities decoded once more.
 */
export function cleanTitle(title: string | undefined): string | undefined {
  return htmlToText(title);
}

/** Escapes plain text so it can stand as HTML. */
export function textToHtml(text: string): string {
  return escapeUTF8(text);
}

/**
 * The string value of an element kept raw by the XML parser: CDATA sections are unwrapped and
 * entities decoded, unless the element holds literal markup (inline XHTML, or unescaped HTML a
 * broken feed put there), which is already HTML and is kept as written.
 */
export function rawElementText(raw: string): string {
  const outside = raw.replace(CDATA, '');
  const hasMarkup = /<[A-Za-z/!]/.test(outside);
  let result = '';
  let last = 0;
  for (const match of raw.matchAll(CDATA)) {
    const segment = raw.slice(last, match.index);
    result += hasMarkup ? segment : decodeXML(segment);
    result += match[1];
    last = match.index + match[0].length;
  }
  const tail = raw.slice(last);
  return result + (hasMarkup ? tail : decodeXML(tail));
}
