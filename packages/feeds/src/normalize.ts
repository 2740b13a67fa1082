import { type DateReading, type ReadDateOptions, readDate, siteZone, trustedUntil } from '@tidings/dates';
import { stripControlChars } from '@tidings/http';
import { resolveContentUrls } from './content-urls';
import type { DraftFeed, DraftItem } from './draft';
import { cleanTitle, htmlToText, squash } from './text';
import type { FeedItem, ParsedFeed } from './types';

/**
 * Turns a reader's draft into the public shape: links absolute (http/https only) against the
 * xml:base in effect (feed, item and element level), relative URLs in content too, dates UTC
 * ISO-8601 (a bad date, or one more than a day ahead of the clock, is dropped alone), text
 * cleaned (control characters too: titles and authors become documents' fields), empty fields
 * omitted, and duplicate items (same guid, else same link) dropped. The feed's updatedAt is its
 * newest date (see {@link feedUpdatedAt}).
 */
export function normalizeFeed(draft: DraftFeed, feedUrl: string | undefined): ParsedFeed {
  const documentUrl = absoluteHttpUrl(feedUrl, undefined);
  const feedBase = withBases(documentUrl, draft.bases);
  const link = absoluteHttpUrl(draft.link, withBases(feedBase, [draft.linkBase]));
  // Without a document URL, relative item links can still resolve against the site link.
  const itemStart = documentUrl ?? link;

  const dates = feedDates(draft);

  const seen = new Set<string>();
  const items: FeedItem[] = [];
  for (const draftItem of draft.items) {
    const item = normalizeItem(draftItem, withBases(itemStart, draftItem.bases), dates);
    if (item === undefined) continue;
    const key = item.guid ?? item.link;
    if (key !== undefined) {
      if (seen.has(key)) continue;
      seen.add(key);
    }
    items.push(item);
  }

  return compact({
    title: plain(cleanTitle(draft.title)) ?? '',
    link: link ?? documentUrl ?? '',
    language: squash(draft.language),
    updatedAt: feedUpdatedAt(draft, items, dates),
    updateIntervalSeconds: updateInterval(draft),
    items,
  });
}

function normalizeItem(
  draft: DraftItem,
  base: string | undefined,
  dates: ReadDateOptions,
): FeedItem | undefined {
  const guid = squash(draft.guid);
  let link = absoluteHttpUrl(draft.link, withBases(base, [draft.linkBase]));
  // RSS guids are permalinks by default; many feeds carry the article URL only there.
  if (link === undefined && guid !== undefined && /^https?:\/\//i.test(guid))
    link = absoluteHttpUrl(guid, undefined);
  const content = nonBlank(draft.contentHtml);
  const contentHtml = content
    ? withAbsoluteUrls(content, withBases(base, [draft.contentBase]))
    : withAbsoluteUrls(nonBlank(draft.summaryHtml), withBases(base, [draft.summaryBase]));
  const published = firstDate(draft.published, dates);
  const item = compact<FeedItem>({
    guid,
    title: plain(cleanTitle(draft.title)),
    link,
    publishedAt: published?.iso,
    dateZone: published && published.zone !== 'stated' ? published.zone : undefined,
    updatedAt: firstDate(draft.updated, dates)?.iso,
    author: plain(cleanAuthor(draft.author)),
    summary: plain(htmlToText(draft.summaryHtml)),
    contentHtml,
    categories: uniqueCategories(draft.categories),
    imageUrl: draft.images?.map((image) => absoluteHttpUrl(image, base)).find((image) => image !== undefined),
  });
  const usable = item.title ?? item.link ?? item.guid ?? item.contentHtml;
  return usable === undefined ? undefined : item;
}

/**
 * How this feed's dates are read: a date without a zone in the site's zone (the offset the
 * feed's other dates state most often, else its language's; see `siteZone`), and none more
 * than a day ahead of the clock (it would rank the item newest for good).
 */
function feedDates(draft: DraftFeed): ReadDateOptions {
  const written = [
    draft.updated ?? [],
    ...draft.items.flatMap((item) => [item.published ?? [], item.updated ?? []]),
  ];
  const titles = [draft.title, ...draft.items.map((item) => item.title)];
  return {
    zone: siteZone({ dates: written.flat(), languages: [draft.language], text: titles }),
    notAfter: trustedUntil(),
  };
}

/**
 * When the feed last changed: the newest of its own dates (Atom `updated`, RSS `lastBuildDate`,
 * `pubDate`, `dc:date`, `dcterms:modified`…: publishers update one and leave another stale), and
 * when it states none, the newest date of its items (published or updated).
 */
function feedUpdatedAt(draft: DraftFeed, items: FeedItem[], dates: ReadDateOptions): string | undefined {
  const own = (draft.updated ?? []).map((value) => firstDate([value], dates)?.iso);
  return newest(own) ?? newest(items.flatMap((item) => [item.publishedAt, item.updatedAt]));
}

function newest(dates: Array<string | undefined>): string | undefined {
  let best: string | undefined;
  for (const date of dates) {
    if (date !== undefined && (best === undefined || Date.parse(date) > Date.parse(best))) best = date;
  }
  return best;
}

// A bad date or one from the future is passed over for the next candidate; with none the item is undated.
function firstDate(values: string[] | undefined, options: ReadDateOptions): DateReading | undefined {
  for (const value of values ?? []) {
    const date = readDate(value, options);
    if (date !== undefined) return date;
  }
  return undefined;
}

// After entities are decoded (`&#1;` is a control character too); squashed again, so a control
// between two spaces leaves one space.
function plain(text: string | undefined): string | undefined {
  return text === undefined ? undefined : squash(stripControlChars(text));
}

/**
 * The base in effect after a chain of xml:base values (outermost first), each relative to the
 * last. A value past MAX_BASE_LENGTH is ignored: every link and content URL of the item is
 * resolved against the base, so a huge one would cost its length that many times.
 */
function withBases(
  start: string | undefined,
  bases: Array<string | undefined> | undefined,
): string | undefined {
  let base = start;
  for (const value of bases ?? []) {
    if (value !== undefined && value.length <= MAX_BASE_LENGTH) base = absoluteUrl(value, base) ?? base;
  }
  return base;
}

const MAX_BASE_LENGTH = 4096;

function withAbsoluteUrls(html: string | undefined, base: string | undefined): string | undefined {
  return html !== undefined && base !== undefined && /^https?:/i.test(base)
    ? resolveContentUrls(html, base)
    : html;
}

function absoluteUrl(value: string | undefined, base: string | undefined): string | undefined {
  const trimmed = value?.trim();
  if (!trimmed) return undefined;
  try {
    return new URL(trimmed, base).href;
  } catch {
    return undefined;
  }
}

function absoluteHttpUrl(value: string | undefined, base: string | undefined): string | undefined {
  const url = absoluteUrl(value, base);
  return url !== undefined && /^https?:/i.test(url) ? url : undefined;
}

function nonBlank(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

// RSS <author> is "email (Name)" by the spec; the name is what readers want.
function cleanAuthor(author: string | undefined): string | undefined {
  const text = htmlToText(author);
  if (text === undefined) return undefined;
  // Not /^\S+@\S+\s*\((.+)\)$/: `\S+@\S+` splits a run of `@`s every way (cubic time).
  const address = /^[^\s@()]+@[^\s()]+\s*\(/.exec(text)?.[0];
  if (address === undefined || !text.endsWith(')') || text.length <= address.length + 1) return text;
  return text.slice(address.length, -1).trim();
}

function uniqueCategories(categories: string[] | undefined): string[] | undefined {
  if (categories === undefined) return undefined;
  const unique = [
    ...new Set(categories.map((category) => plain(htmlToText(category))).filter((c) => c !== undefined)),
  ];
  return unique.length > 0 ? unique : undefined;
}

/** Drops undefined properties so results serialise and compare without noise. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

const PERIOD_SECONDS: Record<string, number> = {
  hourly: 3600,
  daily: 86_400,
  weekly: 604_800,
  monthly: 2_592_000,
  yearly: 31_536_000,
};

/**
 * How often the publisher says to check: RSS `<ttl>` minutes, or the
 * syndication module's period divided by its frequency; the longer of the two.
 */
function updateInterval(draft: DraftFeed): number | undefined {
  const ttlMinutes = Number.parseInt(draft.ttl?.trim() ?? '', 10);
  const ttl = Number.isFinite(ttlMinutes) && ttlMinutes > 0 ? ttlMinutes * 60 : 0;
  const period = PERIOD_SECONDS[draft.updatePeriod?.trim().toLowerCase() ?? ''];
  const frequency = Number.parseInt(draft.updateFrequency?.trim() ?? '1', 10);
  const sy = period ? period / (Number.isFinite(frequency) && frequency > 0 ? frequency : 1) : 0;
  return Math.max(ttl, sy) || undefined;
}
