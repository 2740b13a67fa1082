import {
  type Article,
  ExtractError,
  encodeSignature,
  type Entities,
  extractArticle,
  extractEntities,
  fingerprint,
  type SiteRules,
} from '@tidings/extract';
import { decodeText } from '@tidings/http';

/** One page to extract, sent to a worker thread (copied: a page is small next to the work on it). */
export interface ExtractTask {
  body: Uint8Array;
  contentType?: string;
  url: string;
  rules?: SiteRules;
}

/**
 * Errors lose their class crossing a thread boundary, so "this page has no
 * article" comes back as a value the caller can tell from a crash.
 */
export type ExtractResult =
  | {
      ok: true;
      article: Article;
      charset: string;
      /** MinHash of the body text, base64 (see `encodeSignature`): computed here, off the event loop, for story clustering. */
      signature: string;
      /** People, places and organisations the text mentions: tagging is the costliest step after extraction, so it runs here too. */
      entities: Entities;
    }
  | { ok: false; reason: string };

/** Runs in a worker thread: decode the page's charset, then extract the article. */
export default function extractTask(task: ExtractTask): ExtractResult {
  const { text, charset } = decodeText(task.body, { contentType: task.contentType, kind: 'html' });
  try {
    const article = extractArticle(text, { url: task.url, rules: task.rules });
    const entities = extractEntities(article.text, { language: article.language, title: article.title });
    return { ok: true, article, charset, signature: encodeSignature(fingerprint(article.text)), entities };
  } catch (err) {
    if (err instanceof ExtractError) return { ok: false, reason: err.message };
    throw err;
  }
}
