import type { Article, ExtractOptions } from './article';
import { type BodyContext, cleanBody } from './body-lines';
import { takeCaptions } from './captions';
import { removeBoilerplate } from './clean';
import { largestTextBlock, readabilityContent } from './content';
import { absoluteHttpUrl, parseDocument } from './dom';
import { ExtractError } from './errors';
import { detectLanguage } from './language';
import { readMetadata } from './metadata';
import { sanitizeArticleHtml } from './sanitize';
import { countWords, toPlainText } from './text';

// Below this many characters Readability has probably latched onto a stub
// (a teaser, a cookie notice) and the fallback gets a chance to do better.
const SHORT_BODY = 200;

/**
 * Extracts the article from a page: metadata, body as text and sanitised
 * HTML, captions kept apart, language and word count.
 *
 * Order matters: metadata is read from the untouched page; captions and page
 * furniture are removed before Readability so it can neither pick them nor
 * keep them; the body is cleaned line by line after it; sanitising comes last.
 *
 * @throws ExtractError when the page has no article text at all.
 */
export function extractArticle(html: string, options: ExtractOptions): Article {
  const doc = parseDocument(html);
  const meta = readMetadata(doc, options.url);
  const context: BodyContext = { title: meta.title, subtitle: meta.subtitle, byline: meta.byline };

  let body = readBody(doc, context, (d) => readabilityContent(d));
  if (!body || body.text.length < SHORT_BODY) {
    // Readability emptied `doc`; the fallback needs the page again.
    const fallback = readBody(parseDocument(html), context, largestTextBlock);
    if (fallback && (!body || fallback.text.length > body.text.length * 2)) body = fallback;
  }
  if (!body?.text) throw new ExtractError(`no article text found at ${options.url}`);

  const firstImage = body.root.querySelector('img')?.getAttribute('src');
  return {
    title: meta.title ?? body.text.split('\n')[0]?.slice(0, 200) ?? '',
    subtitle: meta.subtitle,
    byline: meta.byline,
    publishedAt: meta.publishedAt,
    updatedAt: meta.updatedAt,
    siteName: meta.siteName,
    language: detectLanguage(body.text, meta.languageHints),
    leadImage: meta.leadImage ?? absoluteHttpUrl(firstImage, options.url),
    captions: body.captions,
    text: body.text,
    html: sanitizeArticleHtml(body.root.innerHTML, options.url),
    wordCount: countWords(body.text),
  };
}

interface Body {
  root: Element;
  text: string;
  captions: string[];
}

function readBody(
  doc: Document,
  context: BodyContext,
  locate: (doc: Document) => Element | undefined,
): Body | undefined {
  removeBoilerplate(doc);
  const captions = takeCaptions(doc);
  const root = locate(doc);
  if (!root) return undefined;
  for (const caption of cleanBody(root, context)) {
    if (!captions.includes(caption)) captions.push(caption);
  }
  return { root, text: toPlainText(root), captions };
}
