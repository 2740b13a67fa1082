import { stripControlChars } from '@tidings/http';
import { Element } from 'domhandler';
import { appendChild } from 'domutils';
import type { Article, ExtractOptions, TextSource } from './article';
import { type BodyContext, cleanBody } from './body-lines';
import { takeCaptions } from './captions';
import { removeBoilerplate, removeJunk } from './clean';
import { findContent } from './content';
import {
  type AnyNode,
  absoluteHttpUrl,
  bodyOf,
  descendants,
  innerHtml,
  isElement,
  parseDocument,
} from './dom';
import { ExtractError } from './errors';
import { fallbackBodies } from './fallback';
import { detectLanguage } from './language';
import { findSubtitleElement, readMetadata } from './metadata';
import { findWall, isTeaserOnly } from './paywall';
import { pruneBody } from './prune';
import { applyDropRules, selectKeptBody } from './rules';
import { sanitizeArticleHtml } from './sanitize';
import { countWords, toPlainText } from './text';

/**
 * Extracts the article from a page: metadata, body as text and sanitised
 * HTML, captions kept apart, language and word count.
 *
 * Order matters: metadata is read from the untouched page; the site's drop
 * rules go first, then page furniture and captions, so that the body search
 * can neither pick them nor keep them; the body is pruned and cleaned line
 * by line after it is found; sanitising comes last. When the site's keep
 * rules match, they are the body and the search is skipped. Every text
 * field leaves without control characters or lone surrogates
 * (`stripControlChars`), so language, word count, entities and the
 * fingerprint are computed on the text the index gets.
 *
 * @throws ExtractError when the page has no article text at all.
 */
export function extractArticle(html: string, options: ExtractOptions): Article {
  const doc = parseDocument(html);
  const meta = readMetadata(doc, options.url, { now: options.now });
  const wall = findWall(doc);
  const context: BodyContext = { title: meta.title, subtitle: meta.subtitle, byline: meta.byline };
  const body = bodyOf(doc);
  applyDropRules(body, options.rules);

  let root: Element;
  let captions: string[];
  const kept = selectKeptBody(body, options.rules);
  if (kept) {
    root = wrap(kept);
    removeJunk(root);
    captions = takeCaptions(root);
  } else {
    removeBoilerplate(body, findSubtitleElement(doc));
    captions = takeCaptions(body);
    root = wrap(findContent(body) ?? []);
    pruneBody(root);
  }
  let text = bodyText(root, captions, context);
  let textSource: TextSource = 'page';
  // Operators' keep rules are trusted unless they yield nothing.
  if (kept ? !text : isWeak(text)) {
    for (const candidate of fallbackBodies(html, options.rules)) {
      const candidateRoot = wrap(candidate.nodes);
      const candidateText = bodyText(candidateRoot, candidate.captions, context);
      // The platform's container around the same text confirms the strict body.
      if (candidateText === text) break;
      if (!candidateText || (candidate.kind !== 'platform' && candidateText.length <= text.length)) continue;
      [root, captions, text, textSource] = [
        candidateRoot,
        candidate.captions,
        candidateText,
        'page-fallback',
      ];
      break;
    }
  }
  if (!text) throw new ExtractError(`no article text found at ${options.url}`);

  const firstImage = descendants(root).find((el) => el.name === 'img')?.attribs.src;
  return {
    title: clean(meta.title) ?? text.split('\n')[0]?.slice(0, 200) ?? '',
    subtitle: clean(meta.subtitle),
    byline: clean(meta.byline),
    publishedAt: meta.publishedAt,
    dateZone: meta.dateZone,
    updatedAt: meta.updatedAt,
    siteName: clean(meta.siteName),
    language: detectLanguage(text, meta.languageHints),
    leadImage: meta.leadImage ?? absoluteHttpUrl(firstImage, options.url),
    captions: captions.map((caption) => clean(caption)).filter((caption) => caption !== undefined),
    text,
    html: stripControlChars(sanitizeArticleHtml(innerHtml(root), options.url)),
    wordCount: countWords(text),
    textSource,
    ...(isTeaserOnly(wall, text) ? { paywalled: true } : {}),
  };
}

// Below this many characters the strict body may be a stray block (a footer
// line, a teaser) picked because the post's own lines were too short to score.
const WEAK_BODY_CHARS = 200;

function isWeak(text: string): boolean {
  return text.length < WEAK_BODY_CHARS;
}

/** Cleans the body line by line (its captions join `captions`) and returns its plain text, trimmed. */
function bodyText(root: Element, captions: string[], context: BodyContext): string {
  for (const caption of cleanBody(root, context)) {
    if (!captions.includes(caption)) captions.push(caption);
  }
  // Controls arrive raw, as numeric references (&#1;) and as JSON-LD escapes (\u0001), so they
  // are stripped from what leaves rather than from the page.
  return stripControlChars(toPlainText(root)).trim();
}

/** A metadata field without control characters; undefined when nothing else was left. */
function clean(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const cleaned = stripControlChars(value);
  return cleaned.trim() ? cleaned : undefined;
}

// One element stays itself; several are gathered under a new <div> in order.
function wrap(nodes: AnyNode[]): Element {
  const [only] = nodes;
  if (nodes.length === 1 && only && isElement(only)) return only;
  const root = new Element('div', {});
  for (const node of nodes) appendChild(root, node);
  return root;
}
