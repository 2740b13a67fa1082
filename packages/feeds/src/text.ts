import { decodeHTML, decodeXML, escapeUTF8 } from 'entities';

// A tag ends at the next `>` before any `<`: `[^>]*` would rescan to the end of the text from
// every unclosed `<a` (quadratic); a comment left open runs to the end, as in a browser.
const TAG = /<\/?[A-Za-z][^<>]*>|<!--[\s\S]*?(?:-->|$)/g;
const BLOCK_TAG = /<\/?(?:p|div|br|li|ul|ol|h[1-6]|blockquote|section|article|tr|table|pre|hr)\b[^<>]*>/gi;
// A CDATA section left open runs to the end (as balanceMarkup reads it), so no unclosed
// `<![CDATA[` is rescanned to the end again and again.
const CDATA = /<!\[CDATA\[([\s\S]*?)(?:\]\]>|$)/g;
const SCRIPT_OR_STYLE = /<(script|style)\b/gi;
const END_TAG = { script: /<\/script\s*>/gi, style: /<\/style\s*>/gi };

/** Collapses runs of whitespace and trims; undefined for empty results. */
export function squash(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const squashed = value.replace(/\s+/g, ' ').trim();
  return squashed === '' ? undefined : squashed;
}

/** Plain text from an HTML fragment: tags dropped (block tags become spaces), entities decoded. */
export function htmlToText(html: string | undefined): string | undefined {
  if (html === undefined) return undefined;
  const withoutScripts = dropScriptsAndStyles(html);
  return squash(decodeHTML(withoutScripts.replace(BLOCK_TAG, ' ').replace(TAG, '')));
}

/**
 * `<script>` and `<style>` elements, content and all, each replaced by a space; one left open runs
 * to the end, as in a browser. A loop, not `/<(script|style)\b[\s\S]*?<\/\1\s*>/`, which rescans
 * to the end from every unclosed `<script` (200 KB of `&lt;script` took seconds). Linear time.
 */
function dropScriptsAndStyles(html: string): string {
  let out = '';
  let last = 0;
  SCRIPT_OR_STYLE.lastIndex = 0;
  for (let open = SCRIPT_OR_STYLE.exec(html); open !== null; open = SCRIPT_OR_STYLE.exec(html)) {
    const end = END_TAG[(open[1] as string).toLowerCase() as keyof typeof END_TAG];
    end.lastIndex = SCRIPT_OR_STYLE.lastIndex;
    out += `${html.slice(last, open.index)} `;
    last = end.exec(html) === null ? html.length : end.lastIndex;
    SCRIPT_OR_STYLE.lastIndex = last;
  }
  return out + html.slice(last);
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
