import type { DraftFeed, DraftItem } from './draft';
import { FeedParseError } from './errors';
import { textToHtml } from './text';
import { asArray, candidates, firstOf, isNode, nonEmpty, type XmlNode } from './xml-values';

/** Reads a JSON Feed 1.0 or 1.1 document (https://www.jsonfeed.org/version/1.1/). */
export function readJsonFeed(text: string): DraftFeed {
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (error) {
    throw new FeedParseError(`invalid JSON: ${(error as Error).message}`, { cause: error });
  }
  const version = isNode(document) ? nonEmpty(document.version) : undefined;
  if (!isNode(document) || !(version?.includes('jsonfeed.org/version/') || Array.isArray(document.items))) {
    throw new FeedParseError('the JSON document is not a JSON Feed');
  }
  const feedAuthor = authorName(document);
  return {
    title: nonEmpty(document.title),
    link: nonEmpty(document.home_page_url),
    language: nonEmpty(document.language),
    items: asArray(document.items)
      .filter(isNode)
      .map((item) => readItem(item, feedAuthor)),
  };
}

function readItem(item: XmlNode, feedAuthor: string | undefined): DraftItem {
  const contentText = nonEmpty(item.content_text);
  const summary = nonEmpty(item.summary);
  return {
    guid: nonEmpty(item.id),
    title: nonEmpty(item.title),
    link: firstOf(nonEmpty(item.url), nonEmpty(item.external_url)),
    published: candidates(nonEmpty(item.date_published)),
    updated: candidates(nonEmpty(item.date_modified)),
    author: firstOf(authorName(item), feedAuthor),
    // JSON Feed summary and content_text are plain text; the draft carries markup.
    summaryHtml: summary === undefined ? undefined : textToHtml(summary),
    contentHtml: firstOf(
      nonEmpty(item.content_html),
      contentText === undefined ? undefined : textToHtml(contentText),
    ),
    categories: asArray(item.tags)
      .map(nonEmpty)
      .filter((tag): tag is string => tag !== undefined),
    images: [nonEmpty(item.image), nonEmpty(item.banner_image)].filter(
      (url): url is string => url !== undefined,
    ),
  };
}

// 1.1 has an `authors` array; 1.0 a single `author`.
function authorName(node: XmlNode): string | undefined {
  const authors = [...asArray(node.authors), node.author].filter(isNode);
  return authors.map((author) => nonEmpty(author.name)).find((name) => name !== undefined);
}
