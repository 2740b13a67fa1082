import { XMLParser } from 'fast-xml-parser';
import { textConstructToHtml } from './atom-text';
import { balanceMarkup } from './balance';
import type { DraftFeed, DraftItem } from './draft';
import { FeedParseError } from './errors';
import { canonicalizeNames, rawElementNames } from './namespaces';
import { rawElementText } from './text';
import { asArray, candidates, firstOf, isImageMedia, isNode, nonEmpty, type XmlNode } from './xml-values';

/**
 * Parses XML leniently into a canonical-name tree (see namespaces.ts). fast-xml-parser tolerates
 * what sax/xml2js reject: unclosed elements at the end of a truncated document, raw HTML inside
 * descriptions (kept raw as stop nodes), prefixed namespaces; balanceMarkup first fixes unclosed
 * HTML between elements and bounds the nesting depth.
 */
export function parseXmlTree(xml: string): XmlNode {
  const rawNames = rawElementNames(xml);
  return canonicalizeNames(parse(balanceMarkup(xml, rawNames, MAX_DEPTH), rawNames));
}

// Feeds use fewer than 10 levels; fast-xml-parser refuses more than 100 (its maxNestedTags).
const MAX_DEPTH = 32;

function parse(xml: string, rawNames: string[]): XmlNode {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    textNodeName: '#text',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    // The input has no DOCTYPE left (repairXml), so only the predefined and numeric entities remain.
    processEntities: true,
    htmlEntities: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    allowBooleanAttributes: true,
    stopNodes: rawNames.map((name) => `*.${name}`),
    isArray: (_name, _path, _isLeaf, isAttribute) => !isAttribute,
  });
  return parser.parse(xml) as XmlNode;
}

/** The lenient reader for RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom 0.3/1.0, used when rss-parser fails. */
export function readWithLenientParser(xml: string): DraftFeed {
  const tree = parseXmlTree(xml);
  const rootName = Object.keys(tree).find((key) => !key.startsWith('?') && !key.startsWith('#'));
  // An empty root (`<rss></rss>`, a feed with nothing in it yet) parses as '', not a node.
  const root =
    firstNode(tree, rootName ?? '') ??
    (rootName !== undefined && tree[rootName] !== undefined ? {} : undefined);
  if (rootName === undefined || root === undefined)
    throw new FeedParseError('the document has no root element');
  switch (rootName) {
    case 'feed':
      return readAtom(root);
    case 'rss':
    case 'rdf:RDF':
    case 'RDF': {
      // RSS 1.0 puts items beside the channel; some servers omit <channel> altogether.
      const channel = firstNode(root, 'channel');
      return readRss(root, channel);
    }
    case 'channel':
      return readRss(root, undefined);
    default:
      throw new FeedParseError(`not a feed: the document root is <${rootName}>`);
  }
}

// The root is <rss>, <rdf:RDF> or a bare <channel>. RSS 1.0 puts items beside the channel, under
// the root; some servers omit <channel> altogether. Each item keeps the xml:base chain of its
// own ancestors.
function readRss(root: XmlNode, channelNode: XmlNode | undefined): DraftFeed {
  const channel = channelNode ?? root;
  const rootBases = baseChain([], root);
  const channelBases = channelNode ? baseChain(rootBases, channelNode) : rootBases;
  const items = [
    ...nodes(channel, 'item').map((item) => readRssItem(item, channelBases)),
    ...(channelNode ? nodes(root, 'item').map((item) => readRssItem(item, rootBases)) : []),
  ];
  const link = pickLink(channel);
  return {
    title: raw(channel, 'title'),
    link: link.href,
    linkBase: link.base,
    language: firstOf(text(channel, 'language'), text(channel, 'dc:language'), attr(channel, 'xml:lang')),
    updated: candidates(
      text(channel, 'lastBuildDate'),
      text(channel, 'pubDate'),
      text(channel, 'dc:date'),
      text(channel, 'dcterms:modified'),
      text(channel, 'dcterms:date'),
      text(channel, 'updated'),
    ),
    bases: channelBases,
    ttl: text(channel, 'ttl'),
    updatePeriod: text(channel, 'sy:updatePeriod'),
    updateFrequency: text(channel, 'sy:updateFrequency'),
    items,
  };
}

function readRssItem(item: XmlNode, parentBases: string[]): DraftItem {
  const enclosures = nodes(item, 'enclosure').filter((e) => attr(e, 'type')?.startsWith('image/'));
  const link = pickLink(item);
  return {
    guid: firstOf(text(item, 'guid'), attr(item, 'rdf:about')),
    title: firstOf(raw(item, 'title'), text(item, 'dc:title')),
    link: link.href,
    // The modification dates come last: an item that states only when it changed was published
    // no later than that (as Atom's required <updated> stands in for <published>).
    published: candidates(
      text(item, 'pubDate'),
      text(item, 'dc:date'),
      text(item, 'dcterms:issued'),
      text(item, 'dcterms:created'),
      text(item, 'dcterms:date'),
      text(item, 'published'),
      text(item, 'dcterms:modified'),
      text(item, 'updated'),
    ),
    updated: candidates(text(item, 'dcterms:modified'), text(item, 'updated')),
    author: firstOf(text(item, 'author'), text(item, 'dc:creator'), text(item, 'itunes:author')),
    summaryHtml: raw(item, 'description'),
    contentHtml: raw(item, 'content:encoded'),
    categories: [...asArray(item.category), ...asArray(item['dc:subject'])]
      .map((c) => (isNode(c) ? nonEmpty(c['#text']) : nonEmpty(c)))
      .filter((c): c is string => c !== undefined),
    images: [...mediaImages(item), ...enclosures.map((e) => attr(e, 'url'))].filter(
      (url): url is string => url !== undefined,
    ),
    bases: baseChain(parentBases, item),
    linkBase: link.base,
    contentBase: elementBase(item, 'content:encoded'),
    summaryBase: elementBase(item, 'description'),
  };
}

function readAtom(feed: XmlNode): DraftFeed {
  const feedAuthor = authorName(feed);
  const bases = baseChain([], feed);
  const link = pickLink(feed);
  return {
    title: textConstruct(element(feed, 'title')),
    link: link.href,
    linkBase: link.base,
    language: attr(feed, 'xml:lang'),
    updated: candidates(
      text(feed, 'updated'),
      text(feed, 'modified'),
      text(feed, 'dcterms:modified'),
      text(feed, 'dc:date'),
      text(feed, 'dcterms:date'),
    ),
    bases,
    items: nodes(feed, 'entry').map((entry) => readAtomEntry(entry, feedAuthor, bases)),
  };
}

function readAtomEntry(entry: XmlNode, feedAuthor: string | undefined, feedBases: string[]): DraftItem {
  const imageLinks = nodes(entry, 'link').filter(
    (l) => attr(l, 'rel') === 'enclosure' && attr(l, 'type')?.startsWith('image/'),
  );
  const link = pickLink(entry);
  return {
    guid: text(entry, 'id'),
    title: textConstruct(element(entry, 'title')),
    link: link.href,
    // Atom requires only <updated>; it is the best publication date an entry without <published> has.
    published: candidates(
      text(entry, 'published'),
      text(entry, 'issued'),
      text(entry, 'created'),
      text(entry, 'dcterms:issued'),
      text(entry, 'dcterms:created'),
      text(entry, 'dc:date'),
      text(entry, 'dcterms:date'),
      text(entry, 'updated'),
      text(entry, 'modified'),
      text(entry, 'dcterms:modified'),
    ),
    updated: candidates(text(entry, 'updated'), text(entry, 'modified'), text(entry, 'dcterms:modified')),
    author: firstOf(authorName(entry), text(entry, 'dc:creator'), feedAuthor),
    summaryHtml: textConstruct(element(entry, 'summary')),
    contentHtml: textConstruct(element(entry, 'content')),
    categories: nodes(entry, 'category')
      .map((c) => firstOf(attr(c, 'term'), attr(c, 'label')))
      .filter((c): c is string => c !== undefined),
    images: [...mediaImages(entry), ...imageLinks.map((l) => attr(l, 'href'))].filter(
      (url): url is string => url !== undefined,
    ),
    bases: baseChain(feedBases, entry),
    linkBase: link.base,
    contentBase: elementBase(entry, 'content'),
    summaryBase: elementBase(entry, 'summary'),
  };
}

/** The xml:base chain of a node: its parent's chain, plus its own xml:base if it has one. */
function baseChain(parentBases: string[], node: XmlNode): string[] {
  const own = attr(node, 'xml:base');
  return own === undefined ? parentBases : [...parentBases, own];
}

function elementBase(node: XmlNode, name: string): string | undefined {
  const value = element(node, name);
  return isNode(value) ? attr(value, 'xml:base') : undefined;
}

function authorName(node: XmlNode): string | undefined {
  const author = firstNode(node, 'author');
  return author ? firstOf(text(author, 'name'), nonEmpty(author['#text'])) : text(node, 'author');
}

/** An Atom text construct (raw element kept by the parser) as HTML; see textConstructToHtml. */
function textConstruct(value: XmlNode | string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const rawText = typeof value === 'string' ? value : nonEmpty(value['#text']);
  if (rawText === undefined) return undefined;
  const attributes =
    typeof value === 'string' ? {} : { type: attr(value, 'type'), mode: attr(value, 'mode') };
  return textConstructToHtml(rawElementText(rawText), attributes);
}

/**
 * Preferred link: element text (RSS), else href of rel=alternate (or no rel), preferring
 * text/html; with the xml:base of the link element, against which it resolves.
 */
function pickLink(node: XmlNode): { href?: string; base?: string } {
  const links = asArray(node.link);
  const textLink = links.find((l) => (isNode(l) ? nonEmpty(l['#text']) : nonEmpty(l)) !== undefined);
  if (textLink !== undefined) {
    return isNode(textLink)
      ? { href: nonEmpty(textLink['#text']), base: attr(textLink, 'xml:base') }
      : { href: nonEmpty(textLink) };
  }
  const alternates = links.filter(isNode).filter((l) => {
    const rel = attr(l, 'rel');
    return rel === undefined || rel === 'alternate';
  });
  const html = alternates.find((l) => attr(l, 'type') === undefined || attr(l, 'type') === 'text/html');
  const chosen = html ?? alternates[0] ?? {};
  return { href: attr(chosen, 'href'), base: attr(chosen, 'xml:base') };
}

function mediaImages(node: XmlNode): Array<string | undefined> {
  const groups = nodes(node, 'media:group');
  const contents = [node, ...groups]
    .flatMap((n) => nodes(n, 'media:content'))
    .filter((m) => isImageMedia({ medium: attr(m, 'medium'), type: attr(m, 'type'), url: attr(m, 'url') }));
  const thumbnails = [node, ...groups].flatMap((n) => nodes(n, 'media:thumbnail'));
  const itunes = nodes(node, 'itunes:image').map((i) => attr(i, 'href'));
  return [...contents.map((c) => attr(c, 'url')), ...thumbnails.map((t) => attr(t, 'url')), ...itunes];
}

function nodes(node: XmlNode, name: string): XmlNode[] {
  return asArray(node[name]).filter(isNode);
}

function firstNode(node: XmlNode, name: string): XmlNode | undefined {
  return nodes(node, name)[0];
}

function element(node: XmlNode, name: string): XmlNode | string | undefined {
  const value = asArray(node[name])[0];
  return isNode(value) || typeof value === 'string' ? value : undefined;
}

/** Text of a plain (non-raw) element. */
function text(node: XmlNode, name: string): string | undefined {
  const value = element(node, name);
  return typeof value === 'string' ? nonEmpty(value) : nonEmpty(value?.['#text']);
}

/** Text of a raw element (title, description, content…), CDATA unwrapped and entities decoded. */
function raw(node: XmlNode, name: string): string | undefined {
  const value = text(node, name);
  return value === undefined ? undefined : nonEmpty(rawElementText(value));
}

function attr(node: XmlNode, name: string): string | undefined {
  return nonEmpty(node[`@_${name}`]);
}
