import { decodeText } from '@tidings/http';
import type { DraftFeed } from './draft';
import { FeedParseError } from './errors';
import { readJsonFeed } from './json-feed';
import { normalizeFeed } from './normalize';
import { cutAfterLastItem, repairXml } from './repair';
import { readWithRssParser, rssParserKeepsEverything } from './rss-parser-reader';
import type { ParsedFeed, ParseFeedOptions } from './types';
import { readWithLenientParser } from './xml-reader';

/**
 * Parses a fetched feed (RSS 0.9x–2.0, RSS 1.0/RDF, Atom 0.3/1.0, JSON Feed 1.0/1.1) into
 * normalised items. Decodes the bytes itself (BOM, HTTP charset, XML declaration, detection).
 * XML goes through repairXml, then rss-parser (unless it is known to lose fields of that
 * document); when rss-parser throws or finds no items, a lenient reader takes over.
 * Throws {@link FeedParseError} only when nothing usable is left.
 */
export async function parseFeed(body: Uint8Array, options: ParseFeedOptions = {}): Promise<ParsedFeed> {
  if (body.byteLength === 0) throw new FeedParseError('the response body is empty');
  const { text } = decodeText(body, {
    kind: 'xml',
    ...(options.contentType ? { contentType: options.contentType } : {}),
  });
  const start = text.replace(/^[\s\uFEFF]+/, '');
  if (start === '') throw new FeedParseError('the response body is blank');
  const draft = start.startsWith('{') ? readJsonFeed(start) : await readXmlFeed(start);
  return normalizeFeed(draft, options.url);
}

async function readXmlFeed(text: string): Promise<DraftFeed> {
  // Comments before the root are skipped with indexOf, not a regex: `(?:<!--[\s\S]*?-->\s*)*`
  // backtracks exponentially over a few dozen `<!---->` (26 of them held a poller for seconds).
  if (/^<(?:!doctype\s+html|html)\b/i.test(afterLeadingComments(text))) {
    throw new FeedParseError('this is an HTML page, not a feed');
  }
  const repaired = repairXml(text);
  const root = repaired.match(/<([A-Za-z_][\w.:-]*)/)?.[1];
  if (root === undefined) throw new FeedParseError('the document is neither XML nor JSON');
  if (root.toLowerCase() === 'html') throw new FeedParseError('this is an HTML page, not a feed');
  // A document that does not end with its root's end tag was cut off (repairXml trims after the
  // last one): an item after the last complete one holds truncated fields, so it goes.
  const xml = repaired.endsWith(`</${root}>`) ? repaired : (cutAfterLastItem(repaired) ?? repaired);

  const format = root === 'feed' ? 'atom' : 'rss';
  let primary: DraftFeed | undefined;
  let primaryError: unknown;
  if (rssParserKeepsEverything(xml, format)) {
    try {
      primary = await readWithRssParser(xml, format);
      if (primary.items.length > 0) return primary;
    } catch (error) {
      primaryError = error;
    }
  }
  try {
    const lenient = readLeniently(xml);
    return primary === undefined || lenient.items.length > primary.items.length ? lenient : primary;
  } catch (error) {
    if (primary !== undefined) return primary;
    if (error instanceof FeedParseError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new FeedParseError(`the XML could not be parsed: ${detail}`, { cause: primaryError ?? error });
  }
}

function readLeniently(xml: string): DraftFeed {
  try {
    return readWithLenientParser(xml);
  } catch (error) {
    // A truncated download still holds complete items before the cut.
    const complete = error instanceof FeedParseError ? undefined : cutAfterLastItem(xml);
    if (complete === undefined) throw error;
    return readWithLenientParser(complete);
  }
}

// The text after the comments (and the whitespace between them) that open it. Linear time.
function afterLeadingComments(text: string): string {
  let at = 0;
  while (text.startsWith('<!--', at)) {
    const end = text.indexOf('-->', at + 4);
    if (end < 0) return '';
    at = end + 3;
    while (at < text.length && /\s/.test(text[at] as string)) at++;
  }
  return text.slice(at);
}
