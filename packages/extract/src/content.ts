import {
  type AnyNode,
  BLOCK_TAGS,
  descendants,
  type Element,
  isElement,
  nameWords,
  type ParentNode,
  textOf,
} from './dom';
import { linkDensity, measure, type TextStats } from './stats';

// Class/id words that make an element more or less likely to hold the article.
const POSITIVE = /article|body|content|entry|main|page|post|text|blog|story|news_?view|view_?cont/;
const NEGATIVE =
  /^(?:ad|ads|hid|hidden)$|banner|combx|comment|contact|footer|gdpr|masthead|meta|outbrain|promo|related|scroll|share|shoutbox|sidebar|skyscraper|sponsor|shopping|tags?$|widget|caption|byline|author|recommend|popular|more/;

// A paragraph's text is shared with the elements above it, less with each level.
const LEVEL_SHARE = [1, 0.5, 1 / 6, 1 / 9, 1 / 12];

/** How much text a block needs to count as a paragraph. */
export interface SearchThresholds {
  /** Characters of text. */
  minParagraph: number;
}

/** The normal search: a paragraph is a sentence or more. */
export const STRICT: SearchThresholds = { minParagraph: 25 };
/**
 * For posts written in short lines (a line per <p> or <div>, a Korean blog's
 * "오늘은 비가 왔다."): every block with text counts.
 */
export const LOOSE: SearchThresholds = { minParagraph: 1 };

/** A paragraph-like element and what it holds. */
interface Unit {
  /** The first element its score goes to. */
  owner: Element;
  text: number;
  commas: number;
}

/**
 * Finds the element holding the article, by text density as Readability and
 * boilerpipe do: every paragraph (a <p>, <pre> or <td>, or the text a <div>
 * holds directly, as <br>-written bodies do) scores by its length and commas
 * and passes the score to its parent, less to its grandparent and further
 * ancestors; a container's score shrinks with the share of its text that is
 * links and moves with what its class and id say. The best container is then
 * widened to an ancestor its runner-up rivals share, and siblings that score
 * well or read as paragraphs join it.
 *
 * Returns the nodes of the body in document order (one element, usually), or
 * undefined when the page has no paragraph at all.
 */
export function findContent(body: ParentNode, thresholds = STRICT): AnyNode[] | undefined {
  const stats = measure(body);
  const marked = descendants(body).find((el) => el.attribs.itemprop === 'articleBody');
  const scores = scoreContainers(body, stats, thresholds.minParagraph);
  if (scores.size === 0) return marked ? [marked] : undefined;

  const ranked = [...scores].sort((a, b) => b[1] - a[1]);
  let [top, topScore] = ranked[0] as [Element, number];
  // schema.org's articleBody marker, when it holds real text, settles it.
  // The marker declares the whole body: nothing beside it is added.
  if (marked && (stats.get(marked)?.text ?? 0) >= (stats.get(top)?.text ?? 0) * 0.5) return [marked];
  top = widen(top, topScore, ranked, scores, body);
  return withSiblings(top, scores.get(top) ?? topScore, scores, stats, body);
}

function scoreContainers(
  body: ParentNode,
  stats: Map<AnyNode, TextStats>,
  minParagraph: number,
): Map<Element, number> {
  const raw = new Map<Element, number>();
  for (const unit of paragraphUnits(body, stats, minParagraph)) {
    const score = 1 + unit.commas + Math.min(Math.floor(unit.text / 100), 3);
    let node: ParentNode | null = unit.owner;
    for (let level = 0; level < LEVEL_SHARE.length && node && isElement(node); level++, node = node.parent) {
      if (!raw.has(node)) raw.set(node, baseScore(node));
      raw.set(node, (raw.get(node) ?? 0) + score * (LEVEL_SHARE[level] ?? 0));
    }
  }
  const scores = new Map<Element, number>();
  for (const [el, score] of raw) scores.set(el, score * (1 - linkDensity(stats.get(el))));
  return scores;
}

function paragraphUnits(body: ParentNode, stats: Map<AnyNode, TextStats>, minParagraph: number): Unit[] {
  const units: Unit[] = [];
  for (const el of descendants(body)) {
    const s = stats.get(el);
    if (!s || s.text < minParagraph) continue;
    if (el.name === 'p' || el.name === 'pre' || el.name === 'td') {
      if (el.parent && isElement(el.parent)) units.push({ owner: el.parent, text: s.text, commas: s.commas });
      continue;
    }
    if (!DIRECT_TEXT_HOLDERS.has(el.name)) continue;
    // Text a container holds outside its block children: <br>-separated lines.
    let text = s.text;
    let commas = s.commas;
    for (const child of el.children) {
      if (!isElement(child)) continue;
      const c = stats.get(child);
      if (c && BLOCK_TAGS.has(child.name)) {
        text -= c.text;
        commas -= c.commas;
      }
    }
    if (text >= minParagraph) units.push({ owner: el, text, commas });
  }
  return units;
}

const DIRECT_TEXT_HOLDERS = new Set(['div', 'section', 'article', 'main', 'font', 'center', 'span', 'td']);

function baseScore(el: Element): number {
  let score = 0;
  switch (el.name) {
    case 'div':
    case 'article':
    case 'main':
      score = 5;
      break;
    case 'pre':
    case 'td':
    case 'blockquote':
      score = 3;
      break;
    case 'address':
    case 'ol':
    case 'ul':
    case 'dl':
    case 'dd':
    case 'dt':
    case 'li':
    case 'form':
      score = -3;
      break;
    case 'h1':
    case 'h2':
    case 'h3':
    case 'h4':
    case 'h5':
    case 'h6':
    case 'th':
      score = -5;
      break;
  }
  return score + classWeight(el);
}

/** +25 for a class or id naming article content, −25 for one naming furniture. */
export function classWeight(el: Element): number {
  let weight = 0;
  for (const value of [el.attribs.class, el.attribs.id]) {
    if (!value) continue;
    const words = nameWords(value);
    if (words.some((w) => NEGATIVE.test(w))) weight -= 25;
    if (words.some((w) => POSITIVE.test(w))) weight += 25;
  }
  return weight;
}

/**
 * When rivals close to the top score sit under one ancestor with the top
 * container (a story split into several blocks), that ancestor is the body.
 * Then climb while the parent scores higher, and past wrappers that hold
 * nothing but the body.
 */
function widen(
  top: Element,
  topScore: number,
  ranked: Array<[Element, number]>,
  scores: Map<Element, number>,
  body: ParentNode,
): Element {
  const rivals = ranked
    .slice(1, 5)
    .filter(([, score]) => score >= topScore * 0.75)
    .map(([el]) => el);
  if (rivals.length >= 3) {
    const rivalAncestors = rivals.map(ancestorsOf);
    for (let up = top.parent; up && up !== body && isElement(up); up = up.parent) {
      const holds = rivalAncestors.filter((set) => set.has(up)).length;
      if (holds >= 3) {
        top = up;
        break;
      }
    }
  }
  let lastScore = scores.get(top) ?? topScore;
  for (let up = top.parent; up && up !== body && isElement(up); up = up.parent) {
    const score = scores.get(up);
    if (score === undefined) continue;
    if (score < lastScore / 3) break;
    if (score > lastScore) top = up;
    lastScore = score;
  }
  while (
    top.parent &&
    top.parent !== body &&
    isElement(top.parent) &&
    top.parent.children.filter(isElement).length === 1
  )
    top = top.parent;
  return top;
}

function ancestorsOf(node: AnyNode): Set<AnyNode> {
  const set = new Set<AnyNode>();
  for (let n = node.parent; n; n = n.parent) set.add(n);
  return set;
}

/**
 * The top container and those of its siblings that belong to the story: ones
 * that score well themselves, or paragraphs that read as prose (long with
 * few links, or short, link-free and ending a sentence).
 */
function withSiblings(
  top: Element,
  topScore: number,
  scores: Map<Element, number>,
  stats: Map<AnyNode, TextStats>,
  body: ParentNode,
): AnyNode[] {
  const parent = top.parent;
  if (!parent || top === body) return [top];
  const threshold = Math.max(10, topScore * 0.2);
  const out: AnyNode[] = [];
  for (const sibling of parent.children) {
    if (sibling === top) {
      out.push(top);
      continue;
    }
    if (!isElement(sibling)) continue;
    const sameClass =
      sibling.attribs.class && sibling.attribs.class === top.attribs.class ? topScore * 0.2 : 0;
    const score = scores.get(sibling);
    if (score !== undefined && score + sameClass >= threshold) {
      out.push(sibling);
      continue;
    }
    if (sibling.name !== 'p' && !isProseDiv(sibling)) continue;
    const s = stats.get(sibling);
    if (!s) continue;
    const density = linkDensity(s);
    if (s.text > 80 && density < 0.25) out.push(sibling);
    else if (s.text > 0 && s.text <= 80 && density === 0 && /\.(?:\s|$)/.test(textOf(sibling)))
      out.push(sibling);
  }
  return out;
}

function isProseDiv(el: Element): boolean {
  return el.name === 'div' && !el.children.some((c) => isElement(c) && BLOCK_TAGS.has(c.name));
}
