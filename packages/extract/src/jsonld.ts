import { collapseWhitespace, type Element, rawTextOf } from './dom';

/** The article fields Tidings reads from schema.org JSON-LD. */
export interface JsonLdArticle {
  headline?: string;
  alternativeHeadline?: string;
  authors: string[];
  datePublished?: string;
  dateModified?: string;
  publisher?: string;
  images: string[];
  inLanguage?: string;
}

/** One JSON-LD object, as parsed. */
export type JsonObject = Record<string, unknown>;

const ARTICLE_TYPES = new Set([
  'article',
  'newsarticle',
  'reportagenewsarticle',
  'analysisnewsarticle',
  'opinionnewsarticle',
  'reviewnewsarticle',
  'backgroundnewsarticle',
  'askpublicnewsarticle',
  'blogposting',
  'liveblogposting',
  'socialmediaposting',
  'techarticle',
  'report',
]);

/**
 * Reads the first article-typed node (NewsArticle, Article, BlogPosting and
 * their subtypes) from the page's JSON-LD blocks, looking inside arrays,
 * `@graph` and `mainEntity`, and following `@id` references for authors and
 * publisher. Returns undefined when no block describes an article.
 * `elements` are the page's elements in document order.
 */
export function readJsonLdArticle(elements: Element[]): JsonLdArticle | undefined {
  const nodes = readJsonLdNodes(elements);
  const byId = new Map<string, JsonObject>();
  for (const node of nodes) {
    if (typeof node['@id'] === 'string') byId.set(node['@id'], node);
  }
  const article = nodes.find(isArticle);
  if (!article) return undefined;
  const resolve = (value: unknown): unknown => {
    if (isObject(value) && typeof value['@id'] === 'string' && Object.keys(value).length === 1) {
      return byId.get(value['@id']) ?? value;
    }
    return value;
  };

  return {
    headline: firstString(article.headline) ?? firstString(article.name),
    alternativeHeadline: firstString(article.alternativeHeadline),
    authors: toArray(article.author)
      .map(resolve)
      .map(nameOf)
      .filter((n): n is string => Boolean(n)),
    datePublished: firstString(article.datePublished) ?? firstString(article.dateCreated),
    dateModified: firstString(article.dateModified),
    publisher: nameOf(resolve(toArray(article.publisher)[0])),
    images: toArray(article.image)
      .map(resolve)
      .map(urlOf)
      .filter((u): u is string => Boolean(u)),
    inLanguage: languageOf(article.inLanguage),
  };
}

/**
 * Every object node of the page's JSON-LD blocks, in document order, with
 * arrays, `@graph` and `mainEntity` opened. `elements` may be any of the
 * page's elements: only `<script type="application/ld+json">` are read.
 */
export function readJsonLdNodes(elements: Element[]): JsonObject[] {
  const nodes: JsonObject[] = [];
  for (const script of elements) {
    if (script.name !== 'script' || script.attribs.type?.trim().toLowerCase() !== 'application/ld+json')
      continue;
    const data = parseLenient(rawTextOf(script));
    if (data !== undefined) collectNodes(data, nodes);
  }
  return nodes;
}

// Publishers' JSON-LD is often hand-templated: raw newlines inside strings
// and CDATA or comment wrappers are common, and browsers' consumers tolerate
// them, so we do too.
function parseLenient(source: string): unknown {
  const text = source
    .replace(/^\s*(?:\/\/\s*)?<!\[CDATA\[/, '')
    .replace(/(?:\/\/\s*)?\]\]>\s*$/, '')
    .replace(/^\s*<!--/, '')
    .replace(/-->\s*$/, '')
    .trim();
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(text.replace(/[\u0000-\u001f]+/g, ' '));
    } catch {
      return undefined;
    }
  }
}

function collectNodes(value: unknown, out: JsonObject[], depth = 0): void {
  if (depth > 6) return;
  if (Array.isArray(value)) {
    for (const item of value) collectNodes(item, out, depth + 1);
    return;
  }
  if (!isObject(value)) return;
  out.push(value);
  if (value['@graph'] !== undefined) collectNodes(value['@graph'], out, depth + 1);
  if (isObject(value.mainEntity) || Array.isArray(value.mainEntity))
    collectNodes(value.mainEntity, out, depth + 1);
}

function isArticle(node: JsonObject): boolean {
  return toArray(node['@type']).some((t) => typeof t === 'string' && ARTICLE_TYPES.has(t.toLowerCase()));
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

function firstString(value: unknown): string | undefined {
  for (const item of toArray(value)) {
    if (typeof item === 'string' && item.trim()) return collapseWhitespace(item);
  }
  return undefined;
}

function nameOf(value: unknown): string | undefined {
  if (typeof value === 'string') return collapseWhitespace(value) || undefined;
  if (isObject(value)) return firstString(value.name);
  return undefined;
}

function urlOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (isObject(value)) return firstString(value.url) ?? firstString(value.contentUrl);
  return undefined;
}

function languageOf(value: unknown): string | undefined {
  const first = toArray(value)[0];
  if (typeof first === 'string') return first.trim() || undefined;
  if (isObject(first)) return firstString(first.alternateName) ?? firstString(first.name);
  return undefined;
}
