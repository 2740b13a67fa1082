import { charsetParameter } from '@tidings/http';
import { textToHtml } from './text';

/** The attributes of an Atom text construct (title, summary, content) that decide what its text means. */
export interface TextConstructAttributes {
  /** Atom 1.0: text | html | xhtml | a MIME type; Atom 0.3: a MIME type (default text/plain). */
  type?: string;
  /** Atom 0.3 only: xml (default) | escaped | base64. */
  mode?: string;
}

/** Decoded base64 text past this size is dropped whole (a cut could split a tag or a character). */
export const MAX_BASE64_DECODED_BYTES = 1024 * 1024;

/**
 * An Atom text construct as HTML, from its text with XML entities already decoded (inline markup
 * kept as written). Plain text is escaped; html and xhtml are markup already; base64 (Atom 0.3
 * `mode="base64"`) is decoded first, as UTF-8 unless the type names a charset (invalid or
 * oversized base64 yields undefined); binary content (RFC 4287 §4.1.3.3: any other MIME type is
 * base64 of that media type; in Atom 0.3, base64 of a non-text type) is not HTML at all and
 * yields undefined.
 */
export function textConstructToHtml(
  text: string | undefined,
  { type, mode }: TextConstructAttributes,
): string | undefined {
  if (text === undefined) return undefined;
  const kind = constructKind(type);
  if (kind === 'binary') return undefined;
  const decoded =
    mode?.trim().toLowerCase() === 'base64' ? decodeBase64Text(text, charsetParameter(type)) : text;
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

// Base64 of text in `charset` (UTF-8 by default), whitespace and line breaks allowed; undefined
// when it is not base64, too long, or not text in that charset.
function decodeBase64Text(text: string, charset: string | undefined): string | undefined {
  const maxChars = Math.ceil(MAX_BASE64_DECODED_BYTES / 3) * 4;
  // Whitespace may wrap the lines (76 characters each in MIME), so the raw text may be longer.
  if (text.length > maxChars * 2) return undefined;
  const compact = text.replace(/\s+/g, '');
  if (compact.length > maxChars) return undefined;
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) return undefined;
  const bytes = Buffer.from(compact, 'base64');
  try {
    return new TextDecoder(charset ?? 'utf-8', { fatal: true }).decode(bytes);
  } catch {
    // Not text in that charset, or a charset label TextDecoder does not know.
    return undefined;
  }
}
