import { decodeHTML } from 'entities';

const CDATA_SECTION = /<!\[CDATA\[[\s\S]*?(?:\]\]>|$)/g;
// A `<` that opens no start tag, end tag, processing instruction (`[/?]?` then XML's NameStartChar,
// https://www.w3.org/TR/xml/#NT-NameStartChar, which is what sax takes for a name), comment or
// CDATA section. That includes every `<!DOCTYPE` or `<!ENTITY` left once the prolog's DOCTYPE is
// gone (fast-xml-parser would read one anywhere) and any other `<!…`, which sax would read in
// quadratic time: it retests the whole declaration read so far at each character.
const BARE_LT =
  /<(?![/?]?(?:[:A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}]|\u200C|\u200D)|!--|!\[CDATA\[)/gu;
/**
 * A `<`, a name, spaces and then a quote: no tag (an attribute is a name and
 * `=` before its quote), and fast-xml-parser reads everything after it to the
 * next `>` outside quotes as that tag's attributes, in more than linear time
 * (`<x "` 80,000 times: 10× the time of 20,000). Made text, as a bare `<`.
 */
const QUOTE_AFTER_NAME = /<(?=[^\s<>"'=/]+\s+["'])/g;
const XML_DECLARATION = /<\?xml\b/i;
const ROOT_ELEMENT = /<(?:[A-Za-z_][\w.-]*:)?(rss|feed|RDF|channel|opml)\b/;
// Characters XML 1.0 forbids anywhere; sax rejects the whole document for one of them.
const INVALID_XML_CHARS = /[\x00-\x08\x0B\x0C\x0E-\x1F\uFFFE\uFFFF]/g;
// The five XML entities are skipped by the lookahead, not by the callback: escaped HTML is full of
// them, and a callback for each of a million `&lt;` took most of a 10 MB repair.
const AMPERSAND =
  /&(?!(?:amp|lt|gt|quot|apos);)(#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|[A-Za-z][A-Za-z0-9]{0,31};)?/g;

/**
 * Fixes the cheap, common faults that make strict XML parsers reject real feeds, without changing
 * what a well-formed document means:
 * - junk (whitespace, BOM, PHP warnings) before the XML declaration or root element, and after the root;
 * - any DOCTYPE, so no external entity is fetched and no entity expansion can blow up;
 * - characters XML forbids;
 * - a bare `&`, HTML entities XML does not define (`&nbsp;` → `&#160;`) and unknown entities
 *   (kept as literal text);
 * - a bare `<` (`a < b`, `<3`, `<=`, `<!x`): one that opens no tag, comment, CDATA section or
 *   processing instruction becomes `&lt;`.
 * CDATA sections are left untouched.
 */
export function repairXml(text: string): string {
  const xml = removePrologDoctypes(trimToDocument(text)).replace(INVALID_XML_CHARS, '');
  let repaired = '';
  let last = 0;
  for (const match of xml.matchAll(CDATA_SECTION)) {
    repaired += repairMarkup(xml.slice(last, match.index)) + match[0];
    last = match.index + match[0].length;
  }
  return repaired + repairMarkup(xml.slice(last));
}

// Outside CDATA: entities, and a `<` that opens nothing becomes text, so one `a < b` costs the
// document neither reader.
function repairMarkup(segment: string): string {
  return fixEntities(segment).replace(BARE_LT, '&lt;').replace(QUOTE_AFTER_NAME, '&lt;');
}

/**
 * Removes the DOCTYPE declarations of the prolog (before the root element), reading quotes,
 * the internal subset's brackets and comments, so that "]>" inside an entity value cannot end one
 * early and leave declarations behind.
 */
function removePrologDoctypes(xml: string): string {
  let result = xml;
  let position = 0;
  // A handful of passes covers every real document; anything past them is neutralised later.
  for (let step = 0; step < 16; step++) {
    while (/\s/.test(result[position] ?? '')) position++;
    if (result.startsWith('<?', position)) position = endOf(result, '?>', position);
    else if (result.startsWith('<!--', position)) position = endOf(result, '-->', position);
    else if (/^<!DOCTYPE\b/i.test(result.slice(position, position + 10)))
      result = result.slice(0, position) + result.slice(doctypeEnd(result, position)).replace(/^[ \t]+/, '');
    else break;
  }
  return result;
}

function endOf(text: string, terminator: string, from: number): number {
  const end = text.indexOf(terminator, from);
  return end < 0 ? text.length : end + terminator.length;
}

function doctypeEnd(text: string, start: number): number {
  let depth = 0;
  let quote: string | undefined;
  for (let i = start + 2; i < text.length; i++) {
    const char = text[i];
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") quote = char;
    else if (text.startsWith('<!--', i)) i = endOf(text, '-->', i) - 1;
    else if (char === '[') depth++;
    else if (char === ']') depth--;
    else if (char === '>' && depth <= 0) return i + 1;
  }
  return text.length;
}

function trimToDocument(text: string): string {
  let xml = text.replace(/^\uFEFF/, '');
  const declaration = xml.search(XML_DECLARATION);
  const root = xml.search(ROOT_ELEMENT);
  const start = declaration >= 0 && (root < 0 || declaration < root) ? declaration : root;
  if (start > 0) xml = xml.slice(start);
  else xml = xml.trimStart();

  // The first tag opening with a letter is the root: declarations, comments and PIs start with ? or !.
  const name = xml.match(/<([A-Za-z_][\w.:-]*)/)?.[1];
  if (name) {
    const close = xml.lastIndexOf(`</${name}>`);
    if (close >= 0) xml = xml.slice(0, close + name.length + 3);
  }
  return xml;
}

function fixEntities(segment: string): string {
  return segment.replace(AMPERSAND, (whole, entity: string | undefined) => {
    if (entity === undefined) return '&amp;';
    if (entity.startsWith('#')) return isAllowedCodePoint(entity) ? whole : '';
    const decoded = decodeHTML(whole);
    if (decoded === whole) return `&amp;${entity}`;
    return Array.from(decoded, (char) => `&#${char.codePointAt(0)};`).join('');
  });
}

function isAllowedCodePoint(reference: string): boolean {
  const hex = reference[1] === 'x' || reference[1] === 'X';
  const code = Number.parseInt(reference.slice(hex ? 2 : 1, -1), hex ? 16 : 10);
  return (
    code === 0x9 ||
    code === 0xa ||
    code === 0xd ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/**
 * For a truncated document: the text up to the end of the last complete item or entry, or
 * undefined when there is none. The lenient parser closes the elements left open.
 */
export function cutAfterLastItem(xml: string): string | undefined {
  let end = -1;
  for (const match of xml.matchAll(/<\/(?:[A-Za-z_][\w.-]*:)?(?:item|entry)\s*>/g))
    end = match.index + match[0].length;
  return end < 0 ? undefined : xml.slice(0, end);
}
