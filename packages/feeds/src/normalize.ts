import { type DateReading, type ReadDateOptions, readDate, siteZone, trustedUntil } from '@tidings/dates';
import { stripControlChars } from '@tidings/http';
import type { DraftFeed, DraftItem } from './draft';
import { cleanTitle, htmlToText, squash } from './text';
import type { FeedItem, ParsedFeed } from './types';

/**
 * Turns a reader's draft into the public shape: links absolute (http/https only), dates UTC
 * ISO-8601 (a bad date, or one more than a day ahead of the clock, is dropped alone), text
 * cleaned (control characters too: titles and authors become documents' fields), empty fields
 * omitted, and duplicate items (same guid, else same link) dropped.
 */
export function normalizeFeed(draft: DraftFeed, feedUrl: string | undefined): ParsedFeed {
  const documentUrl = absoluteHttpUrl(feedUrl, undefined);
  const feedBase = absoluteUrl(draft.base, documentUrl) ?? documentUrl;
  const link = absoluteHttpUrl(draft.link, feedBase);
  // Without a document URL, relative item links can still resolve against the site link.
  const itemBase = feedBase ?? link;

  const dates = feedDates(draft);

  const seen = new Set<string>();
  const items: FeedItem[] = [];
  for (const draftItem of draft.items) {
    const item = normalizeItem(draftItem, absoluteUrl(draftItem.base, itemBase) ?? itemBase, dates);
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
    updatedAt: firstDate(draft.updated, dates)?.iso,
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
  let link = absoluteHttpUrl(draft.link, base);
  // RSS guids are permalinks by default; many feeds carry the article URL only there.
  if (link === undefined && guid !== undefined && /^https?:\/\//i.test(guid))
    link = absoluteHttpUrl(guid, undefined);
  const contentHtml = nonBlank(draft.contentHtml) ?? nonBlank(draft.summaryHtml);
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
  return { zone: siteZone({ dates: written.flat(), languages: [draft.language] }), notAfter: trustedUntil() };
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
