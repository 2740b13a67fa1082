import { toUtcIso } from './dates';
import { absoluteHttpUrl, classWords, collapseWhitespace, textOf } from './dom';
import { readJsonLdArticle } from './jsonld';
import { stripSiteSuffix } from './title';

/** What the page says about itself, before its body is read. */
export interface PageMetadata {
  title?: string;
  subtitle?: string;
  byline?: string;
  publishedAt?: string;
  updatedAt?: string;
  siteName?: string;
  leadImage?: string;
  /** Declared languages, most trusted first (html lang, og:locale, JSON-LD, http-equiv). */
  languageHints: string[];
}

/**
 * Reads title, deck, byline, dates, site name, lead image and declared
 * language, trusting JSON-LD first, then OpenGraph and Twitter cards, then
 * plain meta tags, then the markup itself (<time>, itemprop, <title>, <h1>).
 * Does not modify the document.
 */
export function readMetadata(doc: Document, url: string): PageMetadata {
  const meta = metaTags(doc);
  const ld = readJsonLdArticle(doc);
  const all = (...keys: string[]) => keys.map((key) => meta.get(key));
  const pick = (...keys: string[]) => first(...all(...keys));

  const siteName = first(pick('og:site_name'), ld?.publisher, pick('application-name', 'al:ios:app_name'));

  const rawTitle = first(
    ld?.headline,
    pick('og:title', 'twitter:title', 'title', 'dc.title', 'headline'),
    textOf(doc.querySelector('title')),
    textOf(doc.querySelector('h1')),
  );
  const title = rawTitle ? stripSiteSuffix(rawTitle, siteName) : undefined;

  const subtitleEl = findSubtitleElement(doc);
  const subtitle = first(
    ld?.alternativeHeadline,
    pick('subtitle'),
    subtitleEl ? textOf(subtitleEl) : undefined,
  );

  return {
    title: title || undefined,
    subtitle: subtitle && subtitle !== title ? subtitle : undefined,
    byline: readByline(doc, ld?.authors ?? [], pick),
    // Dates take the first source that parses: a placeholder in one meta
    // tag must not hide a real date in the next.
    publishedAt: firstDate(
      ld?.datePublished,
      ...all(
        'article:published_time',
        'og:published_time',
        'datepublished',
        'pubdate',
        'publishdate',
        'publish-date',
        'publish_date',
        'date',
        'dc.date.issued',
        'dc.date',
        'dcterms.issued',
        'dcterms.created',
        'sailthru.date',
        'parsely-pub-date',
        'article.published',
        'originalpublicationdate',
        'article_date_original',
      ),
      timeAttr(doc, 'time[itemprop="datePublished"], [itemprop="datePublished"]'),
      timeAttr(doc, 'time[pubdate]'),
      timeAttr(doc, 'time[datetime]'),
    ),
    updatedAt: firstDate(
      ld?.dateModified,
      ...all('article:modified_time', 'og:updated_time', 'datemodified', 'dcterms.modified', 'last-modified'),
      timeAttr(doc, 'time[itemprop="dateModified"], [itemprop="dateModified"]'),
    ),
    siteName,
    leadImage: first(
      ...[
        pick('og:image:secure_url', 'og:image:url', 'og:image', 'twitter:image', 'twitter:image:src'),
        ...(ld?.images ?? []),
        doc.querySelector('link[rel="image_src"]')?.getAttribute('href') ?? undefined,
      ].map((src) => absoluteHttpUrl(src, url)),
    ),
    languageHints: [
      doc.documentElement?.getAttribute('lang'),
      pick('og:locale'),
      ld?.inLanguage,
      pick('content-language', 'language', 'dc.language'),
    ].filter((v): v is string => Boolean(v?.trim())),
  };
}

// Sites mark the deck with many names; these are the common ones, matched on
// class/id words so "article_subtitle" and "subTitle" both count.
const SUBTITLE_WORDS = new Set(['subtitle', 'subheadline', 'subhead', 'standfirst', 'deck', 'dek', 'subtit']);

/**
 * The element holding the article's deck (subtitle), if the page marks one.
 * Cleaning removes it from the body so the deck is not repeated in `text`.
 */
export function findSubtitleElement(doc: Document): Element | undefined {
  const body = doc.body;
  if (!body) return undefined;
  const marked = body.querySelector('[itemprop="alternativeHeadline"]');
  if (marked && isDeckText(textOf(marked))) return marked;
  for (const el of Array.from(body.querySelectorAll('h2, h3, h4, p, div, span, strong'))) {
    const words = classWords(el);
    const joined = words.join('');
    if (!words.some((w) => SUBTITLE_WORDS.has(w)) && !/sub_?title|subhead/.test(joined)) continue;
    if (el.closest('nav, footer, aside')) continue;
    if (isDeckText(textOf(el))) return el;
  }
  return undefined;
}

function isDeckText(text: string): boolean {
  return text.length >= 8 && text.length <= 400;
}

function readByline(
  doc: Document,
  ldAuthors: string[],
  pick: (...keys: string[]) => string | undefined,
): string | undefined {
  const fromLd = ldAuthors.filter((a) => !looksLikeUrl(a));
  if (fromLd.length > 0) return cleanByline(Array.from(new Set(fromLd)).join(', '));
  const candidates = [
    pick(
      'author',
      'article:author',
      'byl',
      'sailthru.author',
      'parsely-author',
      'dc.creator',
      'twitter:creator',
    ),
    textOf(doc.querySelector('[itemprop="author"] [itemprop="name"]')),
    textOf(doc.querySelector('[itemprop="author"]')),
    textOf(doc.querySelector('[rel="author"]')),
    textOf(doc.querySelector('.byline, .author-name')),
  ];
  for (const candidate of candidates) {
    if (candidate && !looksLikeUrl(candidate) && !candidate.startsWith('@')) {
      const cleaned = cleanByline(candidate);
      if (cleaned) return cleaned;
    }
  }
  return undefined;
}

function cleanByline(value: string): string | undefined {
  const text = collapseWhitespace(value).replace(/^by\s+/i, '');
  return text && text.length <= 200 ? text : undefined;
}

function looksLikeUrl(value: string): boolean {
  return /^(https?:)?\/\//i.test(value.trim());
}

function metaTags(doc: Document): Map<string, string> {
  const map = new Map<string, string>();
  for (const el of Array.from(doc.querySelectorAll('meta'))) {
    const key = el.getAttribute('property') ?? el.getAttribute('name') ?? el.getAttribute('itemprop');
    const httpEquiv = el.getAttribute('http-equiv');
    const content = collapseWhitespace(el.getAttribute('content') ?? '');
    if (!content) continue;
    for (const k of [key, httpEquiv]) {
      const lower = k?.trim().toLowerCase();
      if (lower && !map.has(lower)) map.set(lower, content);
    }
  }
  return map;
}

function timeAttr(doc: Document, selector: string): string | undefined {
  for (const el of Array.from(doc.querySelectorAll(selector))) {
    const value = el.getAttribute('datetime') ?? el.getAttribute('content') ?? textOf(el);
    if (value) return value;
  }
  return undefined;
}

function firstDate(...values: (string | undefined)[]): string | undefined {
  for (const value of values) {
    const iso = toUtcIso(value);
    if (iso) return iso;
  }
  return undefined;
}

function first(...values: (string | undefined | null)[]): string | undefined {
  for (const value of values) {
    const trimmed = value?.trim();
    if (trimmed) return trimmed;
  }
  return undefined;
}
