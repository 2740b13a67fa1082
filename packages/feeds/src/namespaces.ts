import { asArray, isNode, type XmlNode } from './xml-values';

// Documents may bind any prefix to a namespace (<a:feed xmlns:a="…Atom">, or Atom as the default
// namespace). Element names are rewritten to one canonical spelling per namespace so readers
// can look up "entry" or "dc:creator" whatever the document called them.
const CANONICAL_PREFIX: Record<string, string> = {
  'http://www.w3.org/2005/Atom': '',
  'http://purl.org/atom/ns#': '',
  'http://purl.org/rss/1.0/': '',
  'http://my.netscape.com/rdf/simple/0.9/': '',
  'http://backend.userland.com/rss2': '',
  'http://www.w3.org/1999/02/22-rdf-syntax-ns#': 'rdf',
  'http://purl.org/dc/elements/1.1/': 'dc',
  'http://purl.org/dc/terms/': 'dcterms',
  'http://purl.org/rss/1.0/modules/content/': 'content',
  'http://search.yahoo.com/mrss/': 'media',
  'http://search.yahoo.com/mrss': 'media',
  'http://www.itunes.com/dtds/podcast-1.0.dtd': 'itunes',
  'http://purl.org/rss/1.0/modules/syndication/': 'sy',
  'http://opml.org/spec2': '',
};

/**
 * Whether every module namespace the document declares (dc, content, media, itunes…) is bound to
 * its usual prefix. rss-parser matches element names literally, so `<m:content>` for Media RSS or
 * `<c:encoded>` would be silently lost.
 */
export function usesConventionalPrefixes(xml: string): boolean {
  for (const [, prefix, uri] of xml.matchAll(XMLNS_DECLARATION)) {
    const canonical = CANONICAL_PREFIX[uri?.trim() ?? ''];
    if (canonical && canonical !== prefix) return false;
  }
  return true;
}

const XMLNS_DECLARATION = /\bxmlns:([A-Za-z_][\w.-]*)\s*=\s*["']([^"']*)["']/g;

/** Elements whose content is kept raw by the parser (they may hold markup); see rawElementText. */
export const RAW_ELEMENTS = ['title', 'description', 'summary', 'content', 'content:encoded', 'subtitle'];

/**
 * The names of {@link RAW_ELEMENTS} as this document spells them, including prefixed spellings
 * (parser options match raw names, before canonicalisation).
 */
export function rawElementNames(xml: string): string[] {
  const names = new Set(RAW_ELEMENTS);
  for (const [, prefix, uri] of xml.matchAll(XMLNS_DECLARATION)) {
    const canonical = CANONICAL_PREFIX[uri ?? ''];
    if (canonical === undefined || prefix === undefined) continue;
    for (const name of RAW_ELEMENTS) {
      const [namePrefix, local] = name.includes(':') ? name.split(':') : ['', name];
      if (namePrefix === canonical) names.add(`${prefix}:${local}`);
    }
  }
  return [...names];
}

/** Rewrites element names of a parsed tree (attributes `@_…`, text `#text`) to canonical spellings. */
export function canonicalizeNames(node: XmlNode, scope: ReadonlyMap<string, string> = new Map()): XmlNode {
  const result: XmlNode = {};
  for (const [key, value] of Object.entries(node)) {
    if (key.startsWith('@_') || key === '#text') {
      result[key] = value;
      continue;
    }
    for (const child of asArray(value)) {
      // An element's own xmlns attributes apply to its name, so the scope is extended first.
      const childScope = isNode(child) ? withDeclarations(child, scope) : scope;
      const name = canonicalName(key, childScope);
      const renamed = isNode(child) ? canonicalizeNames(child, childScope) : child;
      const existing = result[name];
      if (Array.isArray(existing)) existing.push(renamed);
      else result[name] = [renamed];
    }
  }
  return result;
}

function withDeclarations(node: XmlNode, scope: ReadonlyMap<string, string>): ReadonlyMap<string, string> {
  let inner: Map<string, string> | undefined;
  for (const [key, value] of Object.entries(node)) {
    if (typeof value !== 'string') continue;
    const prefix = key === '@_xmlns' ? '' : key.startsWith('@_xmlns:') ? key.slice(8) : undefined;
    if (prefix === undefined) continue;
    inner ??= new Map(scope);
    inner.set(prefix, value.trim());
  }
  return inner ?? scope;
}

function canonicalName(name: string, scope: ReadonlyMap<string, string>): string {
  const colon = name.indexOf(':');
  const prefix = colon >= 0 ? name.slice(0, colon) : '';
  const local = colon >= 0 ? name.slice(colon + 1) : name;
  const uri = scope.get(prefix);
  const canonical = uri === undefined ? undefined : CANONICAL_PREFIX[uri];
  if (canonical === undefined) return name;
  return canonical === '' ? local : `${canonical}:${local}`;
}
