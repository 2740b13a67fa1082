import { collapseWhitespace } from './dom';

// Separators sites put between a headline and their name or section. They
// need spaces on both sides: "Self-driving" is not a separator. A spaced
// colon is not one either: French headlines use it inside the sentence. The title is
// whitespace-collapsed first, so one space stands for `\s+` (which was quadratic over a long run
// of spaces without a separator).
const SEPARATOR = / (?:\||-|–|—|::|·|•|»|<|>) /g;

const CJK = /[\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/**
 * Removes a site-name prefix or suffix from a page title: "Storm hits - Site",
 * "Site | Storm hits", and section chains like "제목 < 정치 < 기사본문 - 한겨레".
 *
 * With a known site name only segments naming the site are cut. Without one
 * (or after it), a trailing segment is cut only when it is short and what
 * remains still reads as a headline, so "Pros - and cons" survives.
 */
export function stripSiteSuffix(title: string, siteName?: string): string {
  let segments = splitTitle(collapseWhitespace(title));
  if (segments.length === 1) return segments[0]?.text ?? '';

  if (siteName) {
    const site = normalise(siteName);
    if (site) {
      const names = (s: Segment) => {
        const part = normalise(s.text);
        return part.length > 0 && (part === site || part.includes(site) || site.includes(part));
      };
      while (segments.length > 1 && names(segments[segments.length - 1]!)) segments = segments.slice(0, -1);
      while (segments.length > 1 && names(segments[0]!)) segments = segments.slice(1);
    }
  }

  while (segments.length > 1) {
    const last = segments[segments.length - 1]!;
    const rest = segments.slice(0, -1);
    const head = join(rest);
    // A site or section label is short next to the headline it follows.
    if (!isShortLabel(last.text) || !readsAsHeadline(head) || head.length < last.text.length * 1.5) break;
    segments = rest;
  }
  return join(segments);
}

interface Segment {
  /** Separator that precedes this segment (empty for the first). */
  sep: string;
  text: string;
}

function splitTitle(title: string): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  let sep = '';
  for (const m of title.matchAll(SEPARATOR)) {
    segments.push({ sep, text: title.slice(last, m.index) });
    sep = m[0];
    last = m.index + m[0].length;
  }
  segments.push({ sep, text: title.slice(last) });
  return segments.filter((s) => s.text.trim() !== '');
}

function join(segments: Segment[]): string {
  return segments
    .map((s, i) => (i === 0 ? s.text : s.sep + s.text))
    .join('')
    .trim();
}

function normalise(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

function isShortLabel(text: string): boolean {
  if (CJK.test(text)) return text.replace(/\s+/g, '').length <= 12;
  return text.length <= 40 && text.split(/\s+/).length <= 4;
}

function readsAsHeadline(text: string): boolean {
  if (CJK.test(text)) return text.replace(/\s+/g, '').length >= 6;
  return text.split(/\s+/).length >= 3;
}
