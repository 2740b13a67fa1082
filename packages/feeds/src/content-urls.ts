import { decodeHTMLAttribute, escapeAttribute } from 'entities';

// Attributes holding one URL reference; `srcset` (a list) is left as written.
const URL_ATTRIBUTES = new Set(['href', 'src']);
// HTML elements without end tags, so never open (only tracked when the fragment sets xml:base).
const VOID_ELEMENTS = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'link',
  'meta',
  'source',
  'track',
  'wbr',
]);

// Hostile content must not make each resolution expensive: URLs and bases past this length are
// left alone, and only the first xml:base attributes of a fragment are honoured (each resolution
// copies its base, so deep nesting of relative bases would be quadratic).
const MAX_URL_LENGTH = 4096;
const MAX_INNER_BASES = 64;

/**
 * Makes the relative `href` and `src` attributes of an item's HTML absolute against `base`, the
 * xml:base in effect for the element that carried the HTML (else the document URL), as RFC 4287
 * §2 and XML Base say; a feed-only item has no page to resolve them against later. An `xml:base`
 * attribute inside the fragment (XHTML content may carry one) applies to its element and the
 * elements inside it. References with a scheme, fragment-only references and values that do not
 * resolve are kept, and nothing else in the markup changes. Linear time: tags are found with
 * indexOf and read character by character, with no regex over the fragment.
 */
export function resolveContentUrls(html: string, base: string): string {
  const tracksBases = html.includes('xml:base');
  let innerBases = 0;
  // Open elements with the base in effect inside each, innermost last.
  const open: Array<{ name: string; base: string }> = [];
  const openCount = new Map<string, number>();
  const parts: string[] = [];
  let copied = 0;
  let at = html.indexOf('<');
  while (at >= 0) {
    const tag = readTag(html, at);
    if (tag === undefined) break;
    const currentBase = open.at(-1)?.base ?? base;
    if (tag.kind === 'end' && tracksBases && (openCount.get(tag.name) ?? 0) > 0) {
      for (let closed = open.pop(); closed !== undefined; closed = open.pop()) {
        openCount.set(closed.name, (openCount.get(closed.name) ?? 1) - 1);
        if (closed.name === tag.name) break;
      }
    } else if (tag.kind === 'start') {
      const xmlBase = tag.attributes.find((a) => a.name === 'xml:base');
      let elementBase = currentBase;
      if (tracksBases && xmlBase && innerBases < MAX_INNER_BASES) {
        innerBases++;
        elementBase = resolve(attributeValue(html, xmlBase), currentBase) ?? currentBase;
      }
      for (const attribute of tag.attributes) {
        if (!URL_ATTRIBUTES.has(attribute.name)) continue;
        const value = attributeValue(html, attribute);
        if (!isRelativeReference(value)) continue;
        const absolute = resolve(value, elementBase);
        if (absolute === undefined) continue;
        parts.push(html.slice(copied, attribute.start), `"${escapeAttribute(absolute)}"`);
        copied = attribute.end;
      }
      if (tracksBases && !tag.selfClosing && !VOID_ELEMENTS.has(tag.name)) {
        open.push({ name: tag.name, base: elementBase });
        openCount.set(tag.name, (openCount.get(tag.name) ?? 0) + 1);
      }
    }
    at = html.indexOf('<', tag.end);
  }
  if (copied === 0) return html;
  parts.push(html.slice(copied));
  return parts.join('');
}

interface Attribute {
  /** Lower-cased name. */
  name: string;
  /** Where the value starts and ends in the fragment, quotes included (empty for a bare name). */
  start: number;
  end: number;
  quoted: boolean;
}

type Tag =
  | { kind: 'start'; name: string; attributes: Attribute[]; selfClosing: boolean; end: number }
  | { kind: 'end'; name: string; end: number }
  | { kind: 'other'; end: number };

/**
 * The tag opening at `at` (a `<`), read up to its `>` (a `>` inside a quoted value does not end
 * it). Undefined when the fragment ends first: the rest is left as written.
 */
function readTag(html: string, at: number): Tag | undefined {
  if (html.startsWith('<!--', at)) {
    const close = html.indexOf('-->', at + 4);
    return close < 0 ? undefined : { kind: 'other', end: close + 3 };
  }
  const first = html[at + 1] ?? '';
  if (first === '/') {
    const nameEnd = scanName(html, at + 2);
    const close = html.indexOf('>', nameEnd);
    if (close < 0) return undefined;
    return { kind: 'end', name: html.slice(at + 2, nameEnd).toLowerCase(), end: close + 1 };
  }
  if (!isLetter(first)) {
    // `<!DOCTYPE`, `<?pi`, or a `<` that opens no tag (`a < b`).
    if (first !== '!' && first !== '?') return { kind: 'other', end: at + 1 };
    const close = html.indexOf('>', at);
    return close < 0 ? undefined : { kind: 'other', end: close + 1 };
  }
  const nameEnd = scanName(html, at + 1);
  const attributes: Attribute[] = [];
  let i = nameEnd;
  while (i < html.length) {
    const c = html[i] as string;
    if (c === '>') {
      const selfClosing = html[i - 1] === '/';
      return {
        kind: 'start',
        name: html.slice(at + 1, nameEnd).toLowerCase(),
        attributes,
        selfClosing,
        end: i + 1,
      };
    }
    if (isSpace(c) || c === '/') {
      i++;
      continue;
    }
    const nameStart = i;
    while (i < html.length && !isSpace(html[i] as string) && !'/>='.includes(html[i] as string)) i++;
    const name = html.slice(nameStart, i).toLowerCase();
    while (i < html.length && isSpace(html[i] as string)) i++;
    if (html[i] !== '=') {
      attributes.push({ name, start: i, end: i, quoted: false });
      continue;
    }
    i++;
    while (i < html.length && isSpace(html[i] as string)) i++;
    const quote = html[i];
    if (quote === '"' || quote === "'") {
      const close = html.indexOf(quote, i + 1);
      if (close < 0) return undefined;
      attributes.push({ name, start: i, end: close + 1, quoted: true });
      i = close + 1;
    } else {
      const start = i;
      while (i < html.length && !isSpace(html[i] as string) && html[i] !== '>') i++;
      attributes.push({ name, start, end: i, quoted: false });
    }
  }
  return undefined;
}

function attributeValue(html: string, attribute: Attribute): string {
  const raw = attribute.quoted
    ? html.slice(attribute.start + 1, attribute.end - 1)
    : html.slice(attribute.start, attribute.end);
  return decodeHTMLAttribute(raw).trim();
}

function isRelativeReference(value: string): boolean {
  if (value === '' || value.startsWith('#')) return false;
  return !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value);
}

function resolve(reference: string, base: string): string | undefined {
  if (reference.length > MAX_URL_LENGTH) return undefined;
  try {
    const url = new URL(reference, base).href;
    return url.length > MAX_URL_LENGTH ? undefined : url;
  } catch {
    return undefined;
  }
}

// An element name ends at whitespace, `/` or `>`.
function scanName(html: string, from: number): number {
  let i = from;
  while (i < html.length && !isSpace(html[i] as string) && html[i] !== '/' && html[i] !== '>') i++;
  return i;
}

function isLetter(c: string): boolean {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

function isSpace(c: string): boolean {
  return c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\f';
}
