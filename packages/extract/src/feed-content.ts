import { stripControlChars } from '@tidings/http';
import { encodeSignature, fingerprint } from '@tidings/stories';
import type { Article } from './article';
import { cleanBody } from './body-lines';
import { takeCaptions } from './captions';
import { removeBoilerplate } from './clean';
import {
  absoluteHttpUrl,
  bodyOf,
  descendants,
  type Element,
  innerHtml,
  parseDocument,
  remove,
  textOf,
} from './dom';
import { type Entities, extractEntities } from './entities';
import { ExtractError } from './errors';
import { detectLanguage } from './language';
import { pruneBody } from './prune';
import { sanitizeArticleHtml } from './sanitize';
import { countWords, toPlainText } from './text';

/** A feed item's own HTML, to be read as the article when the page cannot be. */
export interface FeedContentTask {
  /** `content:encoded`, Atom `content` or a long description: a fragment, not a page. */
  html: string;
  /** Base for relative links and images: the item's link, or the feed's website. */
  baseUrl: string;
  /** The item's title: the article's title, and a line repeating it is not body text. */
  title?: string;
  /** The feed's declared language (`<language>`, `xml:lang`): a hint for detection. */
  language?: string;
}

/** As {@link PageResult}, without a charset: feed text arrives decoded. */
export type FeedContentResult =
  | { ok: true; article: Article; signature: string; entities: Entities }
  | { ok: false; reason: string };

/**
 * Feed text with fewer words than this is a teaser, not the article. Feed
 * descriptions and summaries are one to three sentences, 20–60 words
 * (WordPress's automatic excerpt is 55); news briefs rarely run under 80.
 */
export const MIN_FEED_WORDS = 80;
/** ... and with fewer sentences than this: a teaser is a sentence or two, an article is more. */
export const MIN_FEED_SENTENCES = 3;

/**
 * The feed item's HTML as an {@link Article}, cleaned by the same pipeline as
 * pages: furniture, "related" teasers, share and newsletter lines, copyright
 * lines removed, captions kept apart, sanitised, language detected, words
 * counted. The fragment is the body already, so no body search runs. Title
 * is the item's (else the text's first line); dates, byline and site come
 * from the feed item, in the parser.
 *
 * @throws ExtractError when the content is no article text: empty, or a
 *   teaser under {@link MIN_FEED_WORDS} words or {@link MIN_FEED_SENTENCES} sentences.
 */
export function extractFeedArticle(task: FeedContentTask): Article {
  const body = bodyOf(parseDocument(task.html));
  removeBoilerplate(body);
  removeFeedFurniture(body);
  const captions = takeCaptions(body);
  pruneBody(body);
  for (const caption of cleanBody(body, { title: task.title })) {
    if (!captions.includes(caption)) captions.push(caption);
  }
  const text = stripControlChars(toPlainText(body));
  const words = countWords(text);
  const sentences = countSentences(text);
  if (words < MIN_FEED_WORDS || sentences < MIN_FEED_SENTENCES)
    throw new ExtractError(
      `feed content is a teaser, not the article (${words} words, ${sentences} sentences)`,
    );

  const title = stripControlChars(task.title ?? '').trim();
  const firstImage = descendants(body).find((el) => el.name === 'img')?.attribs.src;
  return {
    title: title || (text.split('\n')[0] ?? '').slice(0, 200),
    captions: captions.map((c) => stripControlChars(c).trim()).filter(Boolean),
    text,
    html: stripControlChars(sanitizeArticleHtml(innerHtml(body), task.baseUrl)),
    wordCount: words,
    language: detectLanguage(text, task.language ? [task.language] : []),
    leadImage: absoluteHttpUrl(firstImage, task.baseUrl),
    textSource: 'feed',
  };
}

/**
 * {@link extractFeedArticle} with the entities and story fingerprint of its
 * text, as {@link extractPage} gives them for a page: what the parser's
 * worker threads run on a feed item's content.
 */
export function extractFeedContent(task: FeedContentTask): FeedContentResult {
  try {
    const article = extractFeedArticle(task);
    const entities = extractEntities(article.text, { language: article.language, title: article.title });
    return { ok: true, article, signature: encodeSignature(fingerprint(article.text)), entities };
  } catch (err) {
    if (err instanceof ExtractError) return { ok: false, reason: err.message };
    throw err;
  }
}

// What feeds add that pages do not: WordPress's "The post X appeared first on
// Y." footer, and 1×1 tracking images (FeedBurner, analytics pixels).
function removeFeedFurniture(body: Element): void {
  for (const el of descendants(body)) {
    if (el.name === 'img' && (isTiny(el.attribs.width) || isTiny(el.attribs.height))) remove(el);
    else if (el.name === 'p' && isAppearedFirstOn(el)) remove(el);
  }
}

function isTiny(size: string | undefined): boolean {
  return size !== undefined && /^\s*[01](?:px)?\s*$/.test(size);
}

function isAppearedFirstOn(p: Element): boolean {
  const text = textOf(p);
  return text.length <= 400 && /^the post\b/i.test(text) && text.includes(' appeared first on ');
}

// Sentence ends: . ! ? and their full-width forms, followed by a space, a
// closing quote or bracket, or the end. Decimal points and "U.S." inside a
// word are not followed by a space and do not count.
const TERMINATORS = new Set(['.', '!', '?', '。', '！', '？']);
const CLOSERS = new Set(['"', "'", '”', '’', ')', '」', '』']);

/** Sentences in a text, roughly: enough to tell a one-line teaser from an article. */
export function countSentences(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    if (!TERMINATORS.has(text[i]!)) continue;
    let next = i + 1;
    while (next < text.length && CLOSERS.has(text[next]!)) next++;
    const after = text[next];
    // Full-width marks end a sentence whatever follows: CJK writes no space after them.
    if (after === undefined || /\s/.test(after) || text[i]!.charCodeAt(0) > 0x7f) count++;
    i = next - 1;
  }
  return count;
}
