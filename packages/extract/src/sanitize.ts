import sanitize from 'sanitize-html';
import { absoluteHttpUrl } from './dom';

const ALLOWED_TAGS = [
  'p',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'blockquote',
  'table',
  'caption',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'a',
  'img',
  'figure',
  'em',
  'strong',
  'b',
  'i',
  'br',
  'pre',
  'code',
];

/**
 * Reduces article HTML to a small allow-list of structural tags with no
 * scripts, styles, event handlers or `javascript:` URLs, and makes every link
 * and image absolute against the page URL so the HTML can be shown anywhere.
 *
 * Runs last, on the already-cleaned body, so that nothing done after it can
 * reintroduce markup; sanitize-html parses independently of the DOM used
 * for extraction, so a parser quirk in one cannot smuggle markup past both.
 */
export function sanitizeArticleHtml(html: string, pageUrl: string): string {
  return sanitize(html, {
    allowedTags: ALLOWED_TAGS,
    allowedAttributes: {
      a: ['href'],
      img: ['src', 'alt'],
      td: ['colspan', 'rowspan'],
      th: ['colspan', 'rowspan', 'scope'],
    },
    allowedSchemes: ['http', 'https', 'mailto'],
    allowedSchemesByTag: { img: ['http', 'https'] },
    allowProtocolRelative: false,
    disallowedTagsMode: 'discard',
    transformTags: {
      h1: 'h2',
      a: (tagName, attribs) => ({ tagName, attribs: withUrl(attribs, 'href', pageUrl, true) }),
      img: (tagName, attribs) => ({ tagName, attribs: withUrl(attribs, 'src', pageUrl, false) }),
    },
    // A link without a target or an image without a source shows nothing.
    exclusiveFilter: (frame) => {
      if (frame.tag === 'img') return !frame.attribs.src;
      if (frame.tag === 'a' && !frame.attribs.href) return 'excludeTag';
      return false;
    },
  }).trim();
}

function withUrl(
  attribs: sanitize.Attributes,
  name: string,
  pageUrl: string,
  allowMailto: boolean,
): sanitize.Attributes {
  const out: sanitize.Attributes = {};
  for (const [key, value] of Object.entries(attribs)) {
    if (key !== name) {
      out[key] = value;
    } else if (allowMailto && /^\s*mailto:/i.test(value)) {
      out[key] = value.trim();
    } else {
      const absolute = absoluteHttpUrl(value, pageUrl);
      if (absolute) out[key] = absolute;
    }
  }
  return out;
}
