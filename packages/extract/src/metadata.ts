import { type DateOptions, type DateReading, readDate, siteZone, trustedUntil } from '@tidings/dates';
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

/** Options of {@link readMetadata}. */
export interface MetadataOptions {
  /** The fetch time (ms since the epoch): relative dates ("3 hours ago") count back from it. Default now. */
  now?: number;
}

/** What the page says about itself, before its body is read. */
export interface PageMetadata {
  title?: string;
  subtitle?: string;
  byline?: string;
  publishedAt?: string;
  /**
   * Set when `publishedAt` was written without a zone: the zone it was read in (the site's,
   * from the page's other dates or its language), or `UTC` when the site's zone is unknown.
   */
  dateZone?: string;
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
 * Dates without a zone are read in the site's zone (see `siteZone` of @tidings/dates): the
 * offset the page's other dates state, else its declared language's; `dateZone` says which.
 * Does not modify the document.
 */
export function readMetadata(doc: Document, url: string, options: MetadataOptions = {}): PageMetadata {
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

  const languageHints = [
    named('html')?.attribs.lang,
    pick('og:locale'),
    ld?.inLanguage,
    pick('content-language', 'language', 'dc.language'),
  ].filter((v): v is string => Boolean(v?.trim()));

  const publishedCandidates: DateSource[] = [
    ...machine(ld?.datePublished),
    ...machine(
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
    ),
    ...timeValues(elements, (el) => el.attribs.itemprop === 'datePublished'),
    ...timeValues(elements, (el) => el.name === 'time' && el.attribs.pubdate !== undefined),
    ...timeValues(elements, (el) => el.name === 'time' && el.attribs.datetime !== undefined),
    ...timeValues(elements, (el) => el.name === 'time'),
  ];
  const updatedCandidates: DateSource[] = [
    ...machine(ld?.dateModified),
    ...machine(
      ...all('article:modified_time', 'og:updated_time', 'datemodified', 'dcterms.modified', 'last-modified'),
    ),
    ...timeValues(elements, (el) => el.attribs.itemprop === 'dateModified'),
  ];
  const now = options.now ?? Date.now();
  const dateOptions: DateOptions = {
    zone: siteZone({
      dates: [...publishedCandidates, ...updatedCandidates].map((source) => source.value),
      languages: languageHints,
      text: [title],
    }),
    now,
    years: PLAUSIBLE_YEARS,
    notAfter: trustedUntil(now),
  };
  const published = firstDate(publishedCandidates, dateOptions);

  return {
    title: title || undefined,
    subtitle: subtitle && subtitle !== title ? subtitle : undefined,
    byline: readByline(firstOf, ld?.authors ?? [], pick),
    publishedAt: published?.iso,
    dateZone: published && published.zone !== 'stated' ? published.zone : undefined,
    updatedAt: firstDate(updatedCandidates, dateOptions)?.iso,
    siteName,
    leadImage: first(
      ...[
        pick('og:image:secure_url', 'og:image:url', 'og:image', 'twitter:image', 'twitter:image:src'),
        ...(ld?.images ?? []),
        firstOf((el) => el.name === 'link' && el.attribs.rel === 'image_src')?.attribs.href,
      ].map((src) => absoluteHttpUrl(src, url)),
    ),
    languageHints,
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

/** A date as the page gives it; `shown` when it is text the reader sees. */
interface DateSource {
  value: string | undefined;
  shown?: boolean;
}

function machine(...values: (string | undefined)[]): DateSource[] {
  return values.map((value) => ({ value }));
}

// The first matching element's machine date and its visible text: a `<time>` whose datetime
// is a placeholder may still show the date ("2026년 11월 27일 오후 3:30", "3 hours ago").
function timeValues(elements: Element[], test: (el: Element) => boolean): DateSource[] {
  const el = elements.find(test);
  if (el === undefined) return [];
  return [...machine(el.attribs.datetime, el.attribs.content), { value: textOf(el), shown: true }];
}

// In page metadata a date outside these years is a CMS placeholder (1970, 2999), not a date.
const PLAUSIBLE_YEARS = { min: 1990, max: 2200 };

// Dates take the first source that parses: a placeholder in one meta tag must not hide a real
// date in the next, and a date more than a day ahead of the clock is no date either
// (trustedUntil). Relative forms ("3 hours ago") count only in text the reader sees: in a
// machine field ("yesterday" in a meta tag) they are a template's placeholder.
function firstDate(sources: DateSource[], options: DateOptions): DateReading | undefined {
  for (const { value, shown } of sources) {
    const reading = readDate(value, shown ? options : { ...options, now: undefined });
    if (reading) return reading;
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
