import {
  type AnyNode,
  BLOCK_TAGS,
  collapseWhitespace,
  descendants,
  isElement,
  isText,
  markAncestors,
  NON_TEXT_TAGS,
  type ParentNode,
  rawTextOf,
  remove,
  tagOf,
  textOf,
} from './dom';
import {
  AD_LABEL,
  ARROW_PREFIX,
  BYLINE_LINE,
  COPYRIGHT,
  FILING_LINE,
  PHOTO_CREDIT,
  PROMPT,
  SHORTCODE,
  SIGNATURE,
  SOCIAL_PROFILE,
  TEASER_HEADING,
  TEASER_LINE,
} from './patterns';

/** What the body is checked against: lines repeating these are not body text. */
export interface BodyContext {
  title?: string;
  subtitle?: string;
  byline?: string;
}

/**
 * One visual line of the body: a block's inline content, or a run between
 * <br>s. Korean portals often write the whole article as one <div> with <br>
 * line breaks, so boilerplate has to be found per line, not per element.
 */
interface Line {
  nodes: AnyNode[];
  text: string;
  linkShare: number;
  afterImage: boolean;
}

const MEDIA_TAGS = new Set(['img', 'picture', 'video', 'iframe']);
const KEEP_EMPTY = new Set(['img', 'picture', 'video', 'br', 'hr', 'td', 'th', 'tr', 'iframe', 'source']);

/**
 * Cleans the extracted body in place, line by line: copyright lines, teaser
 * headings with their link lists, "read more" and subscription prompts, ad
 * labels, a byline/dateline or the title repeated at the top, and a reporter
 * signature at the bottom are removed; photo captions and credits still in the
 * body are removed and returned, to be kept apart from the text.
 */
export function cleanBody(root: ParentNode, context: BodyContext): string[] {
  const lines = splitLines(root);
  const captions: string[] = [];
  const drop = new Set<Line>();

  let inTeaserList = false;
  for (const line of lines) {
    const { text } = line;
    if (inTeaserList) {
      if (text.length <= 200 && (line.linkShare >= 0.5 || ARROW_PREFIX.test(text))) {
        drop.add(line);
        continue;
      }
      inTeaserList = false;
    }
    if (looksLikeCaption(line)) {
      if (!captions.includes(text)) captions.push(text);
      drop.add(line);
    } else if (text.length <= 40 && TEASER_HEADING.test(text)) {
      drop.add(line);
      inTeaserList = true;
    } else if (isBoilerplateLine(line)) {
      drop.add(line);
    }
  }

  const kept = lines.filter((line) => !drop.has(line));
  for (const line of leadingRepeats(kept, context)) drop.add(line);
  for (const line of trailingSignatures(kept)) drop.add(line);

  for (const line of drop) {
    for (const node of line.nodes) remove(node);
  }
  removeEmptyElements(root);
  return captions;
}

function isBoilerplateLine(line: Line): boolean {
  const { text } = line;
  if (text.length <= 250 && COPYRIGHT.test(text)) return true;
  if (text.length > 200) return false;
  if (TEASER_LINE.test(text) || AD_LABEL.test(text) || PROMPT.test(text) || SHORTCODE.test(text)) return true;
  return ARROW_PREFIX.test(text) && line.linkShare >= 0.5;
}

function looksLikeCaption(line: Line): boolean {
  const { text } = line;
  if (text.length > 300) return false;
  if (line.afterImage && /^\s*▲/.test(text)) return true;
  const m = PHOTO_CREDIT.exec(text);
  if (!m) return false;
  // A labelled credit ("사진=", "Photo:") opens a caption; an agency credit
  // ("AP Photo/...") closes one. Elsewhere it is a mention ("Getty Images
  // said...") unless an image sits just above.
  const labelled = /[=:：＝／/]|\b(?:by|credit|courtesy)\b/i.test(m[0]);
  return line.afterImage || (m.index <= 3 && labelled) || m.index + m[0].length >= text.length - 30;
}

function leadingRepeats(lines: Line[], context: BodyContext): Line[] {
  const repeats = [context.title, context.subtitle, context.byline]
    .map((s) => normalise(s ?? ''))
    .filter(Boolean);
  const out: Line[] = [];
  for (const line of lines.slice(0, 4)) {
    const text = normalise(line.text);
    // The repeat must be most of the line: a Korean lead paragraph opens with
    // "(서울=연합뉴스) 홍길동 기자 =" and is article text all the same.
    const repeated = repeats.some(
      (r) => text === r || (r.length >= 4 && text.includes(r) && text.length <= r.length * 2),
    );
    if (!(repeated || isMetaLine(line.text))) break;
    out.push(line);
  }
  return out;
}

function trailingSignatures(lines: Line[]): Line[] {
  const out: Line[] = [];
  for (let i = lines.length - 1; i >= 0 && out.length < 3; i--) {
    const line = lines[i]!;
    const isSignature =
      isMetaLine(line.text) ||
      (line.text.length <= 80 && (SIGNATURE.test(line.text) || SOCIAL_PROFILE.test(line.text)));
    if (!isSignature) break;
    out.push(line);
  }
  return out;
}

// A byline, dateline or filing line ("Posted by … - Tags: …") at either end of the body.
function isMetaLine(text: string): boolean {
  return (text.length <= 80 && BYLINE_LINE.test(text)) || (text.length <= 200 && FILING_LINE.test(text));
}

function normalise(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

const CONTAINER_INSIDE = new Set(['br', 'p', 'div', 'ul', 'ol', 'table', 'blockquote', 'h2', 'h3', 'h4']);

function splitLines(root: ParentNode): Line[] {
  const lines: Line[] = [];
  let current: AnyNode[] = [];
  let imageSinceText = false;

  const flush = () => {
    if (current.length === 0) return;
    const nodes = current;
    current = [];
    const text = collapseWhitespace(nodes.map(rawTextOf).join(''));
    if (!text) {
      // A run of whitespace or a lone <br> belongs to no line; keep it.
      return;
    }
    lines.push({ nodes, text, linkShare: linkShare(nodes, text.length), afterImage: imageSinceText });
    imageSinceText = false;
  };

  const holdsContainer = markAncestors(root, (d) => CONTAINER_INSIDE.has(d.name));
  const holdsMedia = markAncestors(root, (d) => MEDIA_TAGS.has(d.name));
  // A FLUSH marker on the stack closes a container's lines once its children are done.
  const FLUSH = null;
  const stack: Array<AnyNode | null> = [...root.children].reverse();
  while (stack.length > 0) {
    const child = stack.pop() as AnyNode | null;
    if (child === FLUSH) {
      flush();
      continue;
    }
    if (isText(child)) {
      current.push(child);
      continue;
    }
    if (!isElement(child)) continue;
    const tag = tagOf(child);
    if (NON_TEXT_TAGS.has(tag)) continue;
    if (tag === 'br') {
      // The <br> ends its line and goes with it if the line is removed.
      current.push(child);
      flush();
      continue;
    }
    if (MEDIA_TAGS.has(tag)) {
      flush();
      imageSinceText = true;
      continue;
    }
    // An inline wrapper around blocks or <br>s (<font>, <span>) is laid out
    // as a container, or its lines would merge into one.
    if (BLOCK_TAGS.has(tag) || holdsContainer.has(child)) {
      flush();
      stack.push(FLUSH);
      for (let i = child.children.length - 1; i >= 0; i--) stack.push(child.children[i] as AnyNode);
      continue;
    }
    if (holdsMedia.has(child) && textOf(child) === '') {
      // A linked image (<a><img></a>) is an image, not an empty line.
      flush();
      imageSinceText = true;
      continue;
    }
    current.push(child);
  }
  flush();
  return lines;
}

function linkShare(nodes: AnyNode[], textLength: number): number {
  let linked = 0;
  for (const node of nodes) {
    if (!isElement(node)) continue;
    if (tagOf(node) === 'a') linked += textOf(node).length;
    else for (const a of descendants(node)) if (a.name === 'a') linked += textOf(a).length;
  }
  return textLength === 0 ? 0 : Math.min(1, linked / textLength);
}

// Removing lines leaves empty paragraphs, lists and wrappers behind. Children
// come before their parents in reversed document order, so emptiness spreads up.
function removeEmptyElements(root: ParentNode): void {
  for (const el of descendants(root).reverse()) {
    if (KEEP_EMPTY.has(tagOf(el))) continue;
    if (el.children.every(isBlank)) remove(el);
  }
}

function isBlank(node: AnyNode): boolean {
  if (isText(node)) return node.data.trim() === '';
  return !isElement(node);
}
