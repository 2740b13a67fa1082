import { classWords, closest, type Document, type Element, isElement, walk } from './dom';
import { type JsonObject, readJsonLdNodes } from './jsonld';
import { countWords } from './text';

/**
 * How a page says it is behind a wall: `declared` in its metadata (schema.org
 * `isAccessibleForFree: false`, `article:content_tier` locked or metered), or
 * `marked` by a paywall, registration-wall or consent-wall element.
 */
export type WallSignal = 'declared' | 'marked';

/**
 * A walled page whose text is under this many words shows a teaser. Teasers
 * show the lead: one to three paragraphs, typically 30–150 words; news
 * articles are rarely under 200. A short article that does sit on a walled
 * site loses nothing by it: the parser takes the feed's text instead only
 * when the feed has more.
 */
export const TEASER_MAX_WORDS = 200;

// Class or id tokens, lower-cased and without `-`/`_`, that name a wall.
// Plain cookie banners ("cookie", "consent") are not walls: nearly every
// European page has one over its full text.
const WALL_MARKS = [
  'paywall',
  'paygate',
  'regwall',
  'registrationwall',
  'loginwall',
  'subscriberonly',
  'subscribersonly',
  'premiumcontent',
  'consentwall',
  'consentgate',
  'cookiewall',
];
// Piano (the most common paywall vendor) renders its offers into these.
const PIANO_PREFIXES = ['tp-container', 'tp-modal', 'tp-backdrop'];
// Every wall mark and Piano prefix contains one of these.
const NAME_HINTS = ['wall', 'gate', 'only', 'premium', 'tp-'];
// A class or id longer than this is no hand-written name; it is not read.
const MAX_NAME = 500;
const LOCKED_TIERS = new Set(['locked', 'metered']);

/**
 * Whether the page says it is behind a paywall or consent wall. Read from the
 * untouched page: cleaning removes the wall's markup. General signals only:
 * schema.org `isAccessibleForFree: false` on any JSON-LD node or on a part of
 * one (`hasPart`), `<meta property="article:content_tier" content="locked">`
 * (or `metered`), and well-known wall markup (class or id words such as
 * paywall, regwall, subscriber-only, premium-content, consent-wall, Piano's
 * `tp-container`). A newsletter box or a "subscribe" link is not a wall.
 */
export function findWall(doc: Document): WallSignal | undefined {
  const scripts: Element[] = [];
  let declared = false;
  let marked = false;
  walk(doc, (node) => {
    if (!isElement(node)) return true;
    if (node.name === 'script') scripts.push(node);
    else if (node.name === 'meta' && isLockedTier(node)) declared = true;
    if (!marked && isWallMarkup(node) && !closest(node, isPageChrome)) marked = true;
    return true;
  });
  if (declared || readJsonLdNodes(scripts).some(notFree)) return 'declared';
  return marked ? 'marked' : undefined;
}

/**
 * A page behind a wall whose text is a teaser: fewer than
 * {@link TEASER_MAX_WORDS} words. A walled page with a full text (publishers
 * serve it to crawlers, or the wall is metered) is no teaser.
 */
export function isTeaserOnly(wall: WallSignal | undefined, text: string): boolean {
  return wall !== undefined && countWords(text) < TEASER_MAX_WORDS;
}

// A paywall vendor's account widget ("paywall-login-link") sits in the
// header, navigation or footer of every page, free ones too: not a wall
// over the article. Told by tag, role or class/id word.
const CHROME_TAGS = new Set(['header', 'nav', 'footer']);
const CHROME_WORDS = new Set(['header', 'footer', 'nav', 'navbar', 'navigation', 'menu', 'masthead']);
function isPageChrome(el: Element): boolean {
  if (CHROME_TAGS.has(el.name) || el.attribs.role === 'banner' || el.attribs.role === 'navigation')
    return true;
  return classWords(el).some((word) => CHROME_WORDS.has(word));
}

function isLockedTier(meta: Element): boolean {
  const key = (meta.attribs.property ?? meta.attribs.name ?? '').trim().toLowerCase();
  return (
    key === 'article:content_tier' && LOCKED_TIERS.has((meta.attribs.content ?? '').trim().toLowerCase())
  );
}

function isWallMarkup(el: Element): boolean {
  for (const value of [el.attribs.class, el.attribs.id]) {
    if (!value || value.length > MAX_NAME) continue;
    const lower = value.toLowerCase();
    // Most names hold none of these; only those that do are split into tokens.
    if (!NAME_HINTS.some((hint) => lower.includes(hint))) continue;
    for (const token of lower.split(/\s+/)) {
      if (PIANO_PREFIXES.some((prefix) => token.startsWith(prefix))) return true;
      const compact = token.replaceAll('-', '').replaceAll('_', '');
      if (WALL_MARKS.some((mark) => compact.includes(mark))) return true;
    }
  }
  return false;
}

// The node itself, or one of its parts (`hasPart`: the paywalled section), is not free.
function notFree(node: JsonObject): boolean {
  if (isFalse(node.isAccessibleForFree)) return true;
  const parts = Array.isArray(node.hasPart) ? node.hasPart : [node.hasPart];
  return parts.some(
    (part) => typeof part === 'object' && part !== null && isFalse((part as JsonObject).isAccessibleForFree),
  );
}

// Publishers write the boolean as JSON or, following Google's examples, as "False".
function isFalse(value: unknown): boolean {
  return value === false || (typeof value === 'string' && value.trim().toLowerCase() === 'false');
}
