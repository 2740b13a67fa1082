import { textToHtml } from './text';

/** The attributes of an Atom text construct (title, summary, content) that decide what its text means. */
export interface TextConstructAttributes {
  /** Atom 1.0: text | html | xhtml | a MIME type; Atom 0.3: a MIME type (default text/plain). */
  type?: string;
  /** Atom 0.3 only: xml (default) | escaped | base64. */
  mode?: string;
}

/**
 * An Atom text construct as HTML, from its text with XML entities already decoded (inline markup
 * kept as written). Plain text is escaped; html and xhtml are markup already; base64 (Atom 0.3
 * `mode="base64"`) is decoded first; binary content (RFC 4287 §4.1.3.3: any other MIME type is
 * base64 of that media type) is not HTML at all and yields undefined.
 */
export function textConstructToHtml(
  text: string | undefined,
  { type, mode }: TextConstructAttributes,
): string | undefined {
  if (text === undefined) return undefined;
  const kind = constructKind(type);
  if (kind === 'binary') return undefined;
  const decoded = mode?.trim().toLowerCase() === 'base64' ? decodeBase64Text(text) : text;
  if (decoded === undefined || decoded.trim() === '') return undefined;
  return kind === 'text' ? textToHtml(decoded) : decoded;
}

function constructKind(type: string | undefined): 'text' | 'markup' | 'binary' {
  const mime = type?.split(';')[0]?.trim().toLowerCase() ?? '';
  if (mime === '' || mime === 'text' || mime === 'text/plain') return 'text';
  if (mime === 'html' || mime === 'xhtml' || mime === 'text/html') return 'markup';
  if (mime.endsWith('+xml') || mime.endsWith('/xml')) return 'markup';
  if (mime.startsWith('text/')) return 'text';
  return 'binary';
}

// Base64 of UTF-8 text, whitespace and line breaks allowed; undefined when it is not base64.
function decodeBase64Text(text: string): string | undefined {
  const compact = text.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) return undefined;
  const decoded = Buffer.from(compact, 'base64').toString('utf8');
  return decoded.includes('\uFFFD') ? undefined : decoded;
}
