import { selectAll } from 'css-select';
import { type AnyNode, descendants, type ParentNode, remove } from './dom';

/**
 * Per-site extraction rules, written by operators as CSS selectors (as
 * Miniflux's scraper rules): what to drop from the page before anything
 * else, and what the article body is when the heuristics get a site wrong.
 */
export interface SiteRules {
  /** Elements removed from the page before anything else is done. */
  drop?: string[];
  /** When these match, the matched elements (in document order) are the body. */
  keep?: string[];
}

/** Removes every element matched by the rules' `drop` selectors. */
export function applyDropRules(root: ParentNode, rules: SiteRules | undefined): void {
  for (const selector of rules?.drop ?? []) {
    for (const el of selectAll(selector, root)) remove(el);
  }
}

/**
 * The elements matched by the rules' `keep` selectors, in document order,
 * outermost only (an element inside another match is already kept).
 * Undefined when there are no keep rules or none matches.
 */
export function selectKeptBody(root: ParentNode, rules: SiteRules | undefined): AnyNode[] | undefined {
  const selectors = rules?.keep ?? [];
  if (selectors.length === 0) return undefined;
  const matched = new Set(selectors.flatMap((selector) => selectAll(selector, root)));
  if (matched.size === 0) return undefined;
  const outermost = [...matched].filter((el) => {
    for (let up = el.parent; up; up = up.parent) if (matched.has(up as never)) return false;
    return true;
  });
  const order = new Map<AnyNode, number>(descendants(root).map((el, i) => [el, i]));
  return outermost.sort((a, b) => (order.get(a) ?? 0) - (order.get(b) ?? 0));
}
