import { decodeText } from '@tidings/http';
import { encodeSignature, fingerprint } from '@tidings/stories';
import type { Article } from './article';
import { parseDocument } from './dom';
import { type Entities, extractEntities } from './entities';
import { ExtractError } from './errors';
import { extractArticle } from './extract';
import { findWall } from './paywall';
import type { SiteRules } from './rules';

/** One page as fetched: its bytes, how it was served and where from. Copied to a worker thread whole (a page is small next to the work on it). */
export interface PageTask {
  body: Uint8Array;
  contentType?: string;
  url: string;
  rules?: SiteRules;
}

/**
 * Errors lose their class crossing a thread boundary, so "this page has no
 * article" comes back as a value the caller can tell from a crash.
 */
export type PageResult =
  | {
      ok: true;
      article: Article;
      charset: string;
      /** MinHash of the body text, base64 (see `encodeSignature`): computed here, off the event loop, for story clustering. */
      signature: string;
      /** People, places and organisations the text mentions: tagging is the costliest step after extraction, so it runs here too. */
      entities: Entities;
    }
  | {
      ok: false;
      reason: string;
      /** The page has no article text and says it is behind a paywall or consent wall (see `findWall`). */
      paywalled?: boolean;
    };

/**
 * Bytes to article: decode the page's charset, extract the article, find the
 * entities it mentions and fingerprint its text. What the parser's worker
 * threads, the bench and `tidings extract` all run.
 */
export function extractPage(task: PageTask): PageResult {
  const { text, charset } = decodeText(task.body, { contentType: task.contentType, kind: 'html' });
  try {
    const article = extractArticle(text, { url: task.url, rules: task.rules });
    const entities = extractEntities(article.text, { language: article.language, title: article.title });
    return { ok: true, article, charset, signature: encodeSignature(fingerprint(article.text)), entities };
  } catch (err) {
    if (!(err instanceof ExtractError)) throw err;
    // Read again, on this rare path only: extraction has stripped the wall's markup from its copy.
    const walled = findWall(parseDocument(text)) !== undefined;
    return { ok: false, reason: err.message, ...(walled ? { paywalled: true } : {}) };
  }
}
