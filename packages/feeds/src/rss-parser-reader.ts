import Parser from 'rss-parser';
import type { DraftFeed, DraftItem } from './draft';
import { asArray, firstOf, isNode, nonEmpty, type XmlNode } from './xml-values';

// Extra elements rss-parser does not map by itself. keepArray keeps every occurrence (and the
// attributes), which images and categories need.
const CUSTOM_FIELDS = {
  feed: [
    'dc:language',
    'dc:date',
    'updated',
    'modified',
    'author',
    ['link', 'linkElements', { keepArray: true }],
  ],
  item: [
    ['media:content', 'mediaContent', { keepArray: true }],
    ['media:thumbnail', 'mediaThumbnail', { keepArray: true }],
    ['media:group', 'mediaGroup', { keepArray: true }],
    ['itunes:image', 'itunesImage', { keepArray: true }],
    ['itunes:author', 'itunesAuthor'],
    ['link', 'linkElements', { keepArray: true }],
    ['category', 'categoryElements', { keepArray: true }],
    ['dc:subject', 'dcSubject', { keepArray: true }],
    ['dcterms:issued', 'dctermsIssued'],
    ['dcterms:created', 'dctermsCreated'],
    ['dcterms:modified', 'dctermsModified'],
    ['published', 'published'],
    ['updated', 'updated'],
    ['issued', 'issued'],
    ['modified', 'modified'],
  ],
};

type Format = 'atom' | 'rss';

/**
 * Reads a (repaired) XML feed with rss-parser, the first-choice parser. Throws whatever
 * rss-parser throws; the caller falls back to the lenient reader.
 */
export async function readWithRssParser(xml: string, format: Format): Promise<DraftFeed> {
  // A fresh parser per document: xml2js parsers keep state between calls.
  const parser = new Parser({ defaultRSS: 2, customFields: CUSTOM_FIELDS as never });
  const output = (await parser.parseString(xml)) as unknown as XmlNode;
  const feedAuthor = isNode(output.author) ? text(asArray(output.author.name)[0]) : undefined;
  return {
    title: text(output.title),
    link: format === 'atom' ? firstOf(atomLink(output.linkElements), text(output.link)) : text(output.link),
    language: firstOf(
      text(output.language),
      text(output['dc:language']),
      xml.match(/<feed\b[^>]*\bxml:lang\s*=\s*["']([^"']+)/)?.[1],
    ),
    updated: firstOf(
      text(output.lastBuildDate),
      text(output.pubDate),
      text(output['dc:date']),
      text(output.modified),
    ),
    items: asArray(output.items)
      .filter(isNode)
      .map((item) => toDraftItem(item, format, feedAuthor)),
  };
}

function toDraftItem(item: XmlNode, format: Format, feedAuthor: string | undefined): DraftItem {
  // rss-parser puts the RSS <description> in `content`, but the Atom <content> there too.
  const isAtom = format === 'atom';
  return {
    guid: firstOf(text(item.guid), text(item.id), text(item['rdf:about'])),
    title: text(item.title),
    link: isAtom ? firstOf(atomLink(item.linkElements), text(item.link)) : text(item.link),
    published: firstOf(
      text(item.published),
      text(item.issued),
      text(item.pubDate),
      text(item['dc:date']),
      text(item.dctermsIssued),
      text(item.dctermsCreated),
    ),
    updated: firstOf(text(item.updated), text(item.modified), text(item.dctermsModified)),
    author: firstOf(
      text(item.creator),
      text(item.author),
      text(item['dc:creator']),
      text(item.itunesAuthor),
      feedAuthor,
    ),
    summaryHtml: isAtom ? text(item.summary) : text(item.content),
    contentHtml: isAtom ? text(item.content) : text(item['content:encoded']),
    categories: [
      ...asArray(item.categories).map(text),
      ...asArray(item.categoryElements).map((c) => firstOf(attribute(c, 'term'), attribute(c, 'label'))),
      ...asArray(item.dcSubject).map(text),
    ].filter((c): c is string => c !== undefined),
    images: images(item),
  };
}

function images(item: XmlNode): string[] {
  const groups = asArray(item.mediaGroup).filter(isNode);
  const mediaContent = [...asArray(item.mediaContent), ...groups.flatMap((g) => asArray(g['media:content']))];
  const thumbnails = [
    ...asArray(item.mediaThumbnail),
    ...groups.flatMap((g) => asArray(g['media:thumbnail'])),
  ];
  const enclosure = isNode(item.enclosure) ? item.enclosure : undefined;
  return [
    ...mediaContent.filter(isImageMedia).map((m) => attribute(m, 'url')),
    ...thumbnails.map((t) => attribute(t, 'url')),
    enclosure && String(enclosure.type ?? '').startsWith('image/') ? nonEmpty(enclosure.url) : undefined,
    ...asArray(item.itunesImage).map((i) => attribute(i, 'href')),
    ...asArray(item.linkElements)
      .filter((l) => attribute(l, 'rel') === 'enclosure' && attribute(l, 'type')?.startsWith('image/'))
      .map((l) => attribute(l, 'href')),
  ].filter((url): url is string => url !== undefined);
}

// rss-parser takes rel="alternate" or else the first link, but in Atom a link without rel is
// the alternate one, and the first link is often rel="self" or an enclosure.
function atomLink(links: unknown): string | undefined {
  const alternates = asArray(links).filter((link) => {
    const rel = attribute(link, 'rel');
    return rel === undefined || rel === 'alternate';
  });
  const html = alternates.find((link) => [undefined, 'text/html'].includes(attribute(link, 'type')));
  return attribute(html ?? alternates[0], 'href');
}

function isImageMedia(media: unknown): boolean {
  const medium = attribute(media, 'medium');
  const type = attribute(media, 'type');
  if (medium !== undefined) return medium === 'image';
  if (type !== undefined) return type.startsWith('image/');
  return /\.(?:jpe?g|png|gif|webp|avif)(?:[?#]|$)/i.test(attribute(media, 'url') ?? '');
}

/** xml2js text: a string, or `_` of an element that also had attributes. */
function text(value: unknown): string | undefined {
  if (isNode(value)) return nonEmpty(value._);
  return nonEmpty(value);
}

function attribute(value: unknown, name: string): string | undefined {
  return isNode(value) && isNode(value.$) ? nonEmpty(value.$[name]) : undefined;
}
