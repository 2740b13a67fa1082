import { isUtf8 } from 'node:buffer';
import iconv from 'iconv-lite';
import { type DocumentKind, detectCharset } from './charset-detect';

export type { DocumentKind };

/** Options for {@link decodeText}. */
export interface DecodeTextOptions {
  /** The HTTP Content-Type header, if any; its `charset` parameter is honoured. */
  contentType?: string;
  kind: DocumentKind;
}

/** Decoded text and the charset actually used to decode it (an iconv-lite name such as `cp949`). */
export interface DecodedText {
  text: string;
  charset: string;
}

// Decode labels as the superset that real servers mean: "euc-kr" pages contain CP949-only
// syllables, "iso-8859-1" pages contain windows-1252 quotes, and so on (WHATWG does the same).
const WIDER: Record<string, string> = {
  'euc-kr': 'cp949',
  'ks_c_5601-1987': 'cp949',
  'ks_c_5601-1989': 'cp949',
  ksc5601: 'cp949',
  ksc_5601: 'cp949',
  korean: 'cp949',
  'windows-949': 'cp949',
  'x-windows-949': 'cp949',
  uhc: 'cp949',
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  iso_8859_1: 'windows-1252',
  'iso_8859-1': 'windows-1252',
  latin1: 'windows-1252',
  l1: 'windows-1252',
  'us-ascii': 'windows-1252',
  ascii: 'windows-1252',
  cp1252: 'windows-1252',
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  cp936: 'gb18030',
  'euc-cn': 'gb18030',
  chinese: 'gb18030',
  shift_jis: 'cp932',
  'shift-jis': 'cp932',
  sjis: 'cp932',
  'x-sjis': 'cp932',
  ms_kanji: 'cp932',
  'windows-31j': 'cp932',
  csshiftjis: 'cp932',
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
};

const SNIFF_BYTES = 4096;

/**
 * Turns fetched bytes into text. Priority: byte-order mark; the HTTP charset; for XML the
 * `<?xml encoding?>` declaration (and UTF-16 byte patterns), for HTML `<meta charset>` /
 * `http-equiv` in the first 4 KB; then UTF-8 when the bytes are valid UTF-8, else detection
 * (see detectCharset: chardet, helped by the document's declared language on short texts).
 * A declared UTF-8 that the bytes contradict is ignored, since mislabelled legacy pages are common.
 * Decoding uses iconv-lite, because TextDecoder's EUC-KR drops CP949-only syllables.
 */
export function decodeText(bytes: Uint8Array, options: DecodeTextOptions): DecodedText {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const charset = chooseCharset(buffer, options);
  if (charset === 'utf-8') {
    // Node's own decoder: iconv-lite goes through a StringDecoder and was a
    // tenth of the parser's CPU on 100 KiB pages. Same output, U+FFFD included.
    const bom = buffer[0] === 0xef && buffer[1] === 0xbb && buffer[2] === 0xbf ? 3 : 0;
    return { text: buffer.toString('utf8', bom), charset };
  }
  return { text: iconv.decode(buffer, charset, { stripBOM: true }), charset };
}

function chooseCharset(buffer: Buffer, options: DecodeTextOptions): string {
  const fromBom = bomCharset(buffer);
  if (fromBom) return fromBom;

  const validUtf8 = isUtf8(buffer);
  const usable = (label: string | undefined): string | undefined => {
    const charset = normalizeCharset(label);
    if (charset === undefined) return undefined;
    if (charset === 'utf-8' && !validUtf8) return undefined;
    return charset;
  };

  const fromHeader = usable(charsetParameter(options.contentType));
  if (fromHeader) return fromHeader;

  const fromPattern = utf32Pattern(buffer) ?? utf16Pattern(buffer);
  if (fromPattern) return fromPattern;

  const head = buffer.subarray(0, SNIFF_BYTES).toString('latin1');
  const declared =
    options.kind === 'xml' ? xmlDeclaredEncoding(head) : (metaCharset(head) ?? xmlDeclaredEncoding(head));
  const fromDocument = usable(declared);
  // A declaration we could read as ASCII cannot truthfully say UTF-16/32.
  if (fromDocument && !/^utf-(16|32)/.test(fromDocument)) return fromDocument;

  if (validUtf8) return 'utf-8';
  return usable(detectCharset(buffer, options.kind)) ?? 'windows-1252';
}

/** Maps a charset label to the iconv-lite name used for decoding, or undefined when unknown. */
export function normalizeCharset(label: string | undefined): string | undefined {
  if (!label) return undefined;
  const cleaned = label
    .trim()
    .replace(/^["']|["']$/g, '')
    .toLowerCase();
  if (cleaned === '') return undefined;
  const charset = WIDER[cleaned] ?? cleaned;
  return iconv.encodingExists(charset) ? charset : undefined;
}

function bomCharset(buffer: Buffer): string | undefined {
  const [b0, b1, b2, b3] = buffer;
  if (b0 === 0xef && b1 === 0xbb && b2 === 0xbf) return 'utf-8';
  if (b0 === 0xff && b1 === 0xfe) return b2 === 0 && b3 === 0 ? 'utf-32le' : 'utf-16le';
  if (b0 === 0xfe && b1 === 0xff) return 'utf-16be';
  if (b0 === 0 && b1 === 0 && b2 === 0xfe && b3 === 0xff) return 'utf-32be';
  return undefined;
}

// Without a BOM, "<" in UTF-32 is three zero bytes and 0x3C (XML 1.0 appendix F).
function utf32Pattern(buffer: Buffer): string | undefined {
  const [b0, b1, b2, b3] = buffer;
  if (b0 === 0 && b1 === 0 && b2 === 0 && b3 === 0x3c) return 'utf-32be';
  if (b0 === 0x3c && b1 === 0 && b2 === 0 && b3 === 0) return 'utf-32le';
  return undefined;
}

// Without a BOM, ASCII markup in UTF-16 shows as a zero byte beside every character.
function utf16Pattern(buffer: Buffer): string | undefined {
  const sample = Math.min(buffer.length - (buffer.length % 2), 512);
  if (sample < 4) return undefined;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let i = 0; i < sample; i += 2) {
    if (buffer[i] === 0) zeroEven++;
    if (buffer[i + 1] === 0) zeroOdd++;
  }
  const pairs = sample / 2;
  if (zeroOdd > pairs * 0.4 && zeroEven < pairs * 0.05) return 'utf-16le';
  if (zeroEven > pairs * 0.4 && zeroOdd < pairs * 0.05) return 'utf-16be';
  return undefined;
}

/** The charset a media type names (`text/html; charset="iso-8859-1"` → `iso-8859-1`), unquoted; undefined when none. */
export function charsetParameter(contentType: string | undefined): string | undefined {
  const match = contentType?.match(/;\s*charset\s*=\s*(?:"([^"]*)"|([^;\s]*))/i);
  return (match?.[1] ?? match?.[2])?.replace(/^'|'$/g, '').trim() || undefined;
}

function xmlDeclaredEncoding(head: string): string | undefined {
  // `[^<>]`: from every `<?xml` without a `>`, `[^>]*?` would rescan the rest of the head.
  return head.match(/<\?xml\b[^<>]*?\bencoding\s*=\s*["']\s*([^"'\s]+)/i)?.[1];
}

function metaCharset(head: string): string | undefined {
  // A tag ends before any `<`, and one optional quote sits between the spaces: each part of the
  // head is read a bounded number of times, however it is cut or repeated.
  for (const [tag] of head.matchAll(/<meta\b[^<>]*>/gi)) {
    const direct = tag.match(/\bcharset\s*=\s*(?:["']\s*)?([^"'\s/>;]+)/i);
    if (direct?.[1]) return direct[1];
  }
  return undefined;
}
