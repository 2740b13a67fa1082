import Parser from 'rss-parser';
import { textConstructToHtml } from './atom-text';
import type { DraftFeed, DraftItem } from './draft';
import { usesConventionalPrefixes } from './namespaces';
import { asArray, candidates, firstOf, isImageMedia, isNode, nonEmpty, type XmlNode } from './xml-values';

// rss-parser gives every RSS description, content:encoded and Atom content a `contentSnippet`
// (its stripHtml), whose `/<(?:.|\n)*?>/` rescans to the end of the text from every `<` without a
// `>`: quadratic in the text's length (a description of `&lt;script` or `&lt;![CDATA[` runs took
// seconds at 100 KB, hours at a few MB). The snippet is never used, so xml2js renames these
// elements before rss-parser sees them (`*` cannot occur in an XML name) and they come back as
// custom fields, with no snippet.
const SNIPPET_SOURCES = new Map([
  ['description', 'description*'],
  ['content:encoded', 'content:encoded*'],
  ['content', 'content*'],
]);

// Extra elements rss-parser does not map by itself. keepArray keeps every occurrence (and the
// attributes), which images and categories need.
const CUSTOM_FIELDS = {
  feed: [
    'dc:language',
    'dc:date',
    ['dcterms:modified', 'dctermsModified'],
    ['dcterms:date', 'dctermsDate'],
    'ttl',
    'sy:updatePeriod',
    'sy:updateFrequency',
    'updated',
    'modified',
    'author',
    ['link', 'linkElements', { keepArray: true }],
    ['title', 'titleElements', { keepArray: true }],
  ],
  item: [
    ['media:content', 'mediaContent', { keepArray: true }],
    ['media:thumbnail', 'mediaThumbnail', { keepArray: true }],
    ['media:group', 'mediaGroup', { keepArray: true }],
    ['itunes:image', 'itunesImage', { keepArray: true }],
    ['itunes:author', 'itunesAuthor'],
    // rss-parser maps dc:* for RSS only; Atom entries carry them too.
    'dc:creator',
    'dc:date',
    ['link', 'linkElements', { keepArray: true }],
    ['category', 'categoryElements', { keepArray: true }],
    ['dc:subject', 'dcSubject', { keepArray: true }],
    ['dcterms:issued', 'dctermsIssued'],
    ['dcterms:created', 'dctermsCreated'],
    ['dcterms:modified', 'dctermsModified'],
    ['dcterms:date', 'dctermsDate'],
    ['published', 'published'],
    ['updated', 'updated'],
    ['issued', 'issued'],
    ['modified', 'modified'],
    ['created', 'created'],
    // Raw Atom text constructs, with the type/mode attributes rss-parser drops.
    ['title', 'titleElements', { keepArray: true }],
    ['summary', 'summaryElements', { keepArray: true }],
    ['content*', 'contentElements', { keepArray: true }],
    ['description*', 'descriptionElements', { keepArray: true }],
    ['content:encoded*', 'encodedElements', { keepArray: true }],
  ],
};

type Format = 'atom' | 'rss';

/**
 * Whether rss-parser can read this document without losing fields: xml2js scrambles mixed
 * content (Atom xhtml), rss-parser ignores xml:base and knows module elements only by their usual
 * prefix. Other documents go straight to the lenient reader.
 */
export function rssParserKeepsEverything(xml: string, format: Format): boolean {
  if (/\bxml:base\s*=/.test(xml) || !usesConventionalPrefixes(xml)) return false;
  return !(format === 'atom' && /\btype\s*=\s*["']xhtml["']/.test(xml));
}

/**
 * Reads a (repaired) XML feed with rss-parser, the first-choice parser. Throws whatever
 * rss-parser throws; the caller falls back to the lenient reader.
 */
export async function readWithRssParser(xml: string, format: Format): Promise<DraftFeed> {
  // A fresh parser per document: xml2js parsers keep state between calls.
  const parser = new Parser({
    defaultRSS: 2,
    customFields: CUSTOM_FIELDS as never,
    xml2js: { tagNameProcessors: [(name: string) => SNIPPET_SOURCES.get(name) ?? name] },
  });
  const output = (await parser.parseString(xml)) as unknown as XmlNode;
  const feedAuthor = isNode(output.author) ? text(asArray(output.author.name)[0]) : undefined;
  return {
    title: format === 'atom' ? atomText(output.titleElements) : text(output.title),
    link: format === 'atom' ? firstOf(atomLink(output.linkElements), text(output.link)) : text(output.link),
    language: firstOf(
      text(output.language),
      text(output['dc:language']),
      // `[^<>]*`: from every `<feed` without a `>`, `[^>]*` would rescan to the end of the document.
      xml.match(/<feed\b[^<>]*\bxml:lang\s*=\s*["']([^"']+)/)?.[1],
    ),
    updated: candidates(
      text(output.lastBuildDate),
      text(output.pubDate),
      text(output['dc:date']),
      text(output.dctermsModified),
      text(output.dctermsDate),
      text(output.updated),
      text(output.modified),
    ),
    ttl: text(output.ttl),
    updatePeriod: text(output['sy:updatePeriod']),
    updateFrequency: text(output['sy:updateFrequency']),
    items: asArray(output.items)
      .filter(isNode)
      .map((item) => toDraftItem(item, format, feedAuthor)),
  };
}

function toDraftItem(item: XmlNode, format: Format, feedAuthor: string | undefined): DraftItem {
  const common = {
    author: firstOf(
      text(item.creator),
      text(item.author),
      text(item['dc:creator']),
      text(item.itunesAuthor),
      feedAuthor,
    ),
    images: images(item),
  };
  if (format === 'atom') {
    return {
      ...common,
      guid: text(item.id),
      title: atomText(item.titleElements),
      link: firstOf(atomLink(item.linkElements), text(item.link)),
      // Atom requires only <updated>; it is the best publication date an entry without <published> has.
      published: candidates(
        text(item.published),
        text(item.issued),
        text(item.created),
        text(item.dctermsIssued),
        text(item.dctermsCreated),
        text(item['dc:date']),
        text(item.dctermsDate),
        text(item.updated),
        text(item.modified),
        text(item.dctermsModified),
      ),
      updated: candidates(text(item.updated), text(item.modified), text(item.dctermsModified)),
      summaryHtml: atomText(item.summaryElements),
      contentHtml: atomText(item.contentElements),
      categories: asArray(item.categoryElements)
        .map((c) => firstOf(attribute(c, 'term'), attribute(c, 'label')))
        .filter((c): c is string => c !== undefined),
    };
  }
  return {
    ...common,
    guid: firstOf(text(item.guid), text(item['rdf:about'])),
    title: text(item.title),
    link: text(item.link),
    published: candidates(
      text(item.pubDate),
      text(item['dc:date']),
      text(item.dctermsIssued),
      text(item.dctermsCreated),
      text(item.dctermsDate),
      text(item.published),
      // An item that states only when it changed was published no later than that.
      text(item.dctermsModified),
      text(item.updated),
    ),
    updated: candidates(text(item.dctermsModified), text(item.updated)),
    summaryHtml: markupText(item.descriptionElements),
    contentHtml: markupText(item.encodedElements),
    categories: [
      ...asArray(item.categories).map(text),
      ...asArray(item.categoryElements).map((c) => firstOf(attribute(c, 'term'), attribute(c, 'label'))),
      ...asArray(item.dcSubject).map(text),
    ].filter((c): c is string => c !== undefined),
  };
}

/**
 * An Atom text construct from xml2js as HTML. xml2js cannot give back inline markup (it splits
 * mixed content into keys), so such a document is refused and the lenient reader reads it.
 */
function atomText(elements: unknown): string | undefined {
  const element = asArray(elements)[0];
  if (element === undefined || typeof element === 'string') return textConstructToHtml(nonEmpty(element), {});
  if (!isNode(element)) return undefined;
  if (Object.keys(element).some((key) => key !== '_' && key !== '$'))
    throw new Error('inline markup in an Atom text construct');
  return textConstructToHtml(nonEmpty(element._), {
    type: attribute(element, 'type'),
    mode: attribute(element, 'mode'),
  });
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
    ...mediaContent
      .filter((m) =>
        isImageMedia({
          medium: attribute(m, 'medium'),
          type: attribute(m, 'type'),
          url: attribute(m, 'url'),
        }),
      )
      .map((m) => attribute(m, 'url')),
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

/**
 * The text of an RSS description or content:encoded as xml2js read it. Unescaped HTML in it that
 * happens to be well-formed XML (`<p>a</p>`, a repaired `<script>`) comes as child elements, and
 * xml2js splits mixed content into keys, losing its order, so such a document is refused and the
 * lenient reader, which keeps the markup as written, reads it.
 */
function markupText(elements: unknown): string | undefined {
  const element = asArray(elements)[0];
  if (isNode(element) && Object.keys(element).some((key) => key !== '_' && key !== '$'))
    throw new Error('markup in an RSS description or content:encoded');
  return text(element);
}

/** xml2js text: a string, or `_` of an element that also had attributes. */
function text(value: unknown): string | undefined {
  if (isNode(value)) return nonEmpty(value._);
  return nonEmpty(value);
}

function attribute(value: unknown, name: string): string | undefined {
  return isNode(value) && isNode(value.$) ? nonEmpty(value.$[name]) : undefined;
}
