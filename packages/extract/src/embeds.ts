import { type AnyNode, descendants, type Element, isElement, type ParentNode } from './dom';
import type { TextStats } from './stats';

// The classes the networks' embed codes put on the quoted post.
const EMBED_CLASSES = new Set([
  'twitter-tweet',
  'twitter-video',
  'instagram-media',
  'tiktok-embed',
  'bluesky-embed',
  'text-post-media',
  'reddit-embed-bq',
  'fb-xfbml-parse-ignore',
]);
// An embed's wrapper sits a few levels up at most ("social-media-embed" > figure > blockquote).
const WRAPPER_LEVELS = 4;
const EMBED_SHARE = 0.6;

/** A social network's embedded post as its embed code writes it: <blockquote class="twitter-tweet">… */
export function isEmbeddedPost(el: Element): boolean {
  const cls = el.attribs.class;
  return el.name === 'blockquote' && cls !== undefined && cls.split(/\s+/).some((c) => EMBED_CLASSES.has(c));
}

/**
 * The embedded posts under root and their wrappers: elements whose text is
 * mostly embedded posts. A story quotes the tweets it embeds (they are its
 * text, and benchmarks' truths keep them), but the wrappers are often named
 * "social" or "embed", words of share bars and widgets.
 */
export function embedHolders(root: ParentNode, stats: Map<AnyNode, TextStats>): Set<Element> {
  const embedText = new Map<Element, number>();
  for (const embed of descendants(root).filter(isEmbeddedPost)) {
    const text = stats.get(embed)?.text ?? 0;
    let node: ParentNode | null = embed;
    for (let level = 0; node && node !== root && isElement(node) && level <= WRAPPER_LEVELS; level++) {
      embedText.set(node, (embedText.get(node) ?? 0) + text);
      node = node.parent;
    }
  }
  const holders = new Set<Element>();
  for (const [el, text] of embedText) {
    if (text >= (stats.get(el)?.text ?? 0) * EMBED_SHARE) holders.add(el);
  }
  return holders;
}
