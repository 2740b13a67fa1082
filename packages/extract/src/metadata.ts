import { toUtcIso, trustedUntil } from '@tidings/dates';
import {
  absoluteHttpUrl,
  bodyOf,
  classWords,
  closest,
  collapseWhitespace,
  type Document,
  descendants,
  type Element,
  textOf,
} from './dom';
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
  // One walk over the page; every lookup below filters this list.
  const elements = descendants(doc);
  const firstOf = (test: (el: Element) => boolean) => elements.find(test);
  const named = (name: string) => firstOf((el) => el.name === name);
  const meta = metaTags(elements);
  const ld = readJsonLdArticle(elements);
  const all = (...keys: string[]) => keys.map((key) => meta.get(key));
  const pick = (...keys: string[]) => first(...all(...keys));

  const siteName = first(pick('og:site_name'), ld?.publisher, pick('application-name', 'al:ios:app_name'));

  const rawTitle = first(
    ld?.headline,
    pick('og:title', 'twitter:title', 'title', 'dc.title', 'headline'),
    textOf(named('title')),
    textOf(named('h1')),
  );
  const title = rawTitle ? stripSiteSuffix(rawTitle, siteName) : undefined;

  const subtitleEl = findSubtitleElement(doc, elements);
  const subtitle = first(
    ld?.alternativeHeadline,
    pick('subtitle'),
    subtitleEl ? textOf(subtitleEl) : undefined,
  );

  return {
    title: title || undefined,
    subtitle: subtitle && subtitle !== title ? subtitle : undefined,
    byline: readByline(firstOf, ld?.authors ?? [], pick),
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
      timeAttr(elements, (el) => el.attribs.itemprop === 'datePublished'),
      timeAttr(elements, (el) => el.name === 'time' && el.attribs.pubdate !== undefined),
      timeAttr(elements, (el) => el.name === 'time' && el.attribs.datetime !== undefined),
    ),
    updatedAt: firstDate(
      ld?.dateModified,
      ...all('article:modified_time', 'og:updated_time', 'datemodified', 'dcterms.modified', 'last-modified'),
      timeAttr(elements, (el) => el.attribs.itemprop === 'dateModified'),
    ),
    siteName,
    leadImage: first(
      ...[
        pick('og:image:secure_url', 'og:image:url', 'og:image', 'twitter:image', 'twitter:image:src'),
        ...(ld?.images ?? []),
        firstOf((el) => el.name === 'link' && el.attribs.rel === 'image_src')?.attribs.href,
      ].map((src) => absoluteHttpUrl(src, url)),
    ),
    languageHints: [
      named('html')?.attribs.lang,
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
export function findSubtitleElement(doc: Document, elements?: Element[]): Element | undefined {
  const all = elements ?? descendants(bodyOf(doc));
  const inBody = (el: Element) => closest(el, (a) => a.name === 'body') !== undefined;
  const marked = all.find((el) => el.attribs.itemprop === 'alternativeHeadline' && inBody(el));
  if (marked && isDeckText(textOf(marked))) return marked;
  for (const el of all) {
    if (!DECK_TAGS.has(el.name) || (!el.attribs.class && !el.attribs.id)) continue;
    const words = classWords(el);
    const joined = words.join('');
    if (!words.some((w) => SUBTITLE_WORDS.has(w)) && !/sub_?title|subhead/.test(joined)) continue;
    if (!inBody(el) || closest(el, (a) => a.name === 'nav' || a.name === 'footer' || a.name === 'aside'))
      continue;
    if (isDeckText(textOf(el))) return el;
  }
  return undefined;
}

const DECK_TAGS = new Set(['h2', 'h3', 'h4', 'p', 'div', 'span', 'strong']);

function isDeckText(text: string): boolean {
  return text.length >= 8 && text.length <= 400;
}

function readByline(
  firstOf: (test: (el: Element) => boolean) => Element | undefined,
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
    textOf(
      firstOf(
        (el) =>
          el.attribs.itemprop === 'name' && closest(el, (a) => a.attribs.itemprop === 'author') !== undefined,
      ),
    ),
    textOf(firstOf((el) => el.attribs.itemprop === 'author')),
    textOf(firstOf((el) => el.attribs.rel === 'author')),
    textOf(firstOf((el) => /(?:^|\s)(?:byline|author-name)(?:\s|$)/.test(el.attribs.class ?? ''))),
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

function metaTags(elements: Element[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const el of elements) {
    if (el.name !== 'meta') continue;
    const key = el.attribs.property ?? el.attribs.name ?? el.attribs.itemprop;
    const httpEquiv = el.attribs['http-equiv'];
    const content = collapseWhitespace(el.attribs.content ?? '');
    if (!content) continue;
    for (const k of [key, httpEquiv]) {
      const lower = k?.trim().toLowerCase();
      if (lower && !map.has(lower)) map.set(lower, content);
    }
  }
  return map;
}

function timeAttr(elements: Element[], test: (el: Element) => boolean): string | undefined {
  for (const el of elements) {
    if (!test(el)) continue;
    const value = el.attribs.datetime ?? el.attribs.content ?? textOf(el);
    if (value) return value;
  }
  return undefined;
}

// In page metadata a date outside these years is a CMS placeholder (1970, 2999), not a date.
const PLAUSIBLE_YEARS = { min: 1990, max: 2200 };

// A date more than a day ahead of the clock is no date either (trustedUntil): the next source is read.
function firstDate(...values: (string | undefined)[]): string | undefined {
  const notAfter = trustedUntil();
  for (const value of values) {
    const iso = toUtcIso(value, { years: PLAUSIBLE_YEARS, notAfter });
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
