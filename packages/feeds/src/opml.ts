import { escapeUTF8 } from 'entities';
import { FeedListError } from './errors';
import { repairXml } from './repair';
import type { FeedSource } from './types';
import { parseXmlTree } from './xml-reader';
import { asArray, isNode, nonEmpty, type XmlNode } from './xml-values';

/**
 * Reads the feeds of an OPML 1.0/2.0 document: every `<outline>` with an `xmlUrl`, at any depth.
 * Enclosing outlines without `xmlUrl` are folders; their names, and `category` attributes,
 * become the feed's categories. Throws {@link FeedListError} when the document is not OPML.
 */
export function parseOpml(xml: string): FeedSource[] {
  let tree: XmlNode;
  try {
    tree = parseXmlTree(repairXml(xml));
  } catch (error) {
    throw new FeedListError(`the OPML document could not be parsed: ${(error as Error).message}`, {
      cause: error,
    });
  }
  const opml = asArray(tree.opml).filter(isNode)[0];
  if (opml === undefined) throw new FeedListError('not an OPML document: no <opml> root element');
  const sources: FeedSource[] = [];
  for (const body of asArray(opml.body).filter(isNode)) collect(body, [], sources);
  return sources;
}

function collect(parent: XmlNode, folders: string[], sources: FeedSource[]): void {
  for (const outline of asArray(parent.outline).filter(isNode)) {
    const attributes = lowerCaseAttributes(outline);
    const name = nonEmpty(attributes.title) ?? nonEmpty(attributes.text);
    const url = nonEmpty(attributes.xmlurl);
    if (url === undefined) {
      collect(outline, name === undefined ? folders : [...folders, name], sources);
      continue;
    }
    const categories = [...folders, ...splitCategories(attributes.category)];
    const source: FeedSource = { url };
    if (name !== undefined && name !== url) source.title = name;
    if (categories.length > 0) source.categories = [...new Set(categories)];
    sources.push(source);
  }
}

// OPML writers disagree on attribute case (xmlUrl, xmlurl, XMLURL).
function lowerCaseAttributes(outline: XmlNode): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const [key, value] of Object.entries(outline)) {
    if (key.startsWith('@_') && typeof value === 'string') attributes[key.slice(2).toLowerCase()] = value;
  }
  return attributes;
}

// OPML 2.0: comma-separated, each either a tag or a slash-delimited path ("/Tech/News").
function splitCategories(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .flatMap((category) => category.split('/'))
    .map((category) => category.trim())
    .filter((category) => category !== '');
}

/**
 * Writes feeds as an OPML 2.0 document, one flat `<outline type="rss">` per
 * feed; tags go to the `category` attribute, which {@link parseOpml} reads back.
 */
export function toOpml(
  feeds: Array<{ url: string; title?: string; tags?: string[] }>,
  title = 'Tidings feeds',
): string {
  const outlines = feeds.map((feed) => {
    const text = feed.title ?? feed.url;
    const titleAttribute = feed.title === undefined ? '' : ` title="${escapeUTF8(feed.title)}"`;
    const tags = (feed.tags ?? []).map((t) => t.replace(/[,/]/g, ' ').trim()).filter(Boolean);
    const categoryAttribute = tags.length === 0 ? '' : ` category="${escapeUTF8(tags.join(','))}"`;
    return `    <outline type="rss" text="${escapeUTF8(text)}"${titleAttribute}${categoryAttribute} xmlUrl="${escapeUTF8(feed.url)}"/>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    '  <head>',
    `    <title>${escapeUTF8(title)}</title>`,
    '  </head>',
    '  <body>',
    ...outlines,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}
