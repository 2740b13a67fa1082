import { selectAll } from 'css-select';
import { takeCaptions } from './captions';
import { removeBoilerplate, removeJunk } from './clean';
import { findContent, LOOSE } from './content';
import { type AnyNode, bodyOf, type Element, isElement, parseDocument } from './dom';
import { pruneBody } from './prune';
import { applyDropRules, type SiteRules } from './rules';
import { measure } from './stats';

/**
 * The article-body containers of blog and CMS platforms, most specific
 * first. Platform markup, not sites: every blog on the platform writes it.
 */
const PLATFORM_BODIES = [
  // schema.org
  '[itemprop="articleBody"]',
  // Tistory
  '.tt_article_useless_p_margin',
  '#article-view',
  '.article-view',
  // Naver blog: SmartEditor ONE, then the older editor
  '.se-main-container',
  '#postViewArea',
  // Substack
  '.available-content .body.markup',
  '.available-content',
  // Ghost
  '.gh-content',
  '.post-full-content',
  // WordPress, and Jekyll/Hugo themes that borrowed its names
  '.entry-content',
  '.post-content',
  // Blogger
  '.post-body',
  // Tumblr themes
  '.post .body-text',
  '.text-post',
  // microformats2 (Jekyll, Hugo, IndieWeb)
  '.e-content',
];

/**
 * Last resort: a semantic entry whose content is not marked (a Medium post
 * is an <article> of <section>s; news sites nest teasers in <article>, so it
 * is no platform marker).
 */
const GENERIC_ENTRIES = ['article', '.h-entry', '.hentry'];

/** A body found by a fallback, with the captions taken out of it. */
export interface FallbackBody {
  /** The body's nodes in document order. */
  nodes: AnyNode[];
  captions: string[];
  /**
   * `platform` when the platform marks it as the post's body: then it beats
   * a short strict result; a guessed body (`loose`, `entry`) must be longer to win.
   */
  kind: 'platform' | 'loose' | 'entry';
  /** The selector that found it, for platform and entry bodies. */
  selector?: string;
}

/**
 * Bodies to try, in order, when the strict search found nothing good enough:
 * the platform's own article-body container, then the best candidate of a
 * looser search (every block with text is a paragraph; link-dense blocks
 * are not pruned, as a post of short linked lines is made of them), then a
 * generic <article> or h-entry.
 *
 * They come from one fresh parse, as the strict attempt has cut up its tree
 * and may have removed the very container (a Blogger post sits in a
 * "widget"). Each step works on what the steps before it left: a step is
 * only reached when the one before found no text or too little, so little
 * is lost, and a hostile page is parsed twice at most.
 */
export function* fallbackBodies(html: string, rules: SiteRules | undefined): Generator<FallbackBody> {
  const body = bodyOf(parseDocument(html));
  applyDropRules(body, rules);
  removeJunk(body);

  const platform = largest(PLATFORM_BODIES, body);
  if (platform) yield { ...cleaned(platform.el), kind: 'platform', selector: platform.selector };

  removeBoilerplate(body);
  const captions = takeCaptions(body);
  const found = findContent(body, LOOSE);
  if (found) {
    for (const node of found) if (isElement(node)) pruneBody(node, { keepLinkDense: true });
    yield { nodes: found, captions, kind: 'loose' };
  }

  const entry = largest(GENERIC_ENTRIES, body);
  if (entry) yield { ...cleaned(entry.el), kind: 'entry', selector: entry.selector };
}

// The container's own furniture (share bar, author box) and captions go, and
// its non-prose blocks are pruned as the strict body's are.
function cleaned(container: Element): { nodes: AnyNode[]; captions: string[] } {
  removeBoilerplate(container);
  const captions = takeCaptions(container);
  pruneBody(container);
  return { nodes: [container], captions };
}

/**
 * The first selector, in order, that matches an element with text; of its
 * matches the one with the most text, as a teaser card can reuse the body's class.
 */
function largest(selectors: string[], body: Element): { el: Element; selector: string } | undefined {
  const stats = measure(body);
  for (const selector of selectors) {
    let best: Element | undefined;
    let bestText = 0;
    for (const el of selectAll(selector, body)) {
      const text = stats.get(el)?.text ?? 0;
      if (text > bestText) {
        best = el;
        bestText = text;
      }
    }
    if (best) return { el: best, selector };
  }
  return undefined;
}
