import chardet from 'chardet';
import iconv from 'iconv-lite';

/** What kind of document the bytes are: decides which in-document declaration is looked for. */
export type DocumentKind = 'xml' | 'html';

// chardet's statistics need text: below this confidence (a few short CJK titles score 10 while
// the ASCII markup scores ~40 as Latin-1) its first answer is not trusted on its own.
const CONFIDENT = 50;
// Enough for chardet and for the language declaration of any feed or page head.
const SAMPLE_BYTES = 64 * 1024;

// The legacy charsets a document in this language most likely uses, when it says its language
// but not its charset; the first that decodes the bytes cleanly wins. EUC-JP goes before
// Shift_JIS because Shift_JIS text (kana leads with 0x82/0x83) never decodes as EUC-JP, while
// EUC-JP text would decode as Shift_JIS half-width katakana.
const LANGUAGE_CHARSETS: Array<[RegExp, string[]]> = [
  [/^ko\b/, ['cp949']],
  [/^ja\b/, ['euc-jp', 'cp932']],
  [/^zh-(?:tw|hk|mo|hant)\b/, ['big5']],
  [/^zh\b/, ['gb18030']],
];

/**
 * Guesses the charset of bytes that declare none and are not UTF-8: chardet's answer when it is
 * confident, else the charset of the language the document declares (`<language>`, `xml:lang`,
 * `<html lang>`) if the bytes decode cleanly in it, else chardet's best guess. Returns a label as
 * chardet or iconv-lite names it (the caller widens and validates it), or undefined.
 */
export function detectCharset(bytes: Buffer, kind: DocumentKind): string | undefined {
  const sample = bytes.subarray(0, SAMPLE_BYTES);
  const best = chardet.analyse(sample)[0];
  if (best !== undefined && best.confidence >= CONFIDENT) return best.name;

  const language = declaredLanguage(sample.toString('latin1'), kind);
  const likely = LANGUAGE_CHARSETS.find(([pattern]) => language && pattern.test(language))?.[1] ?? [];
  const cut = sample.length < bytes.length;
  return likely.find((charset) => decodesCleanly(sample, charset, cut)) ?? best?.name;
}

// The head is 64 KB of untrusted bytes, so each pattern reads it in linear time: a tag ends before
// any `<` (not `[^>]*`, which rescans the rest from every unclosed `<html`), and no two runs of
// spaces sit side by side around an optional part.
function declaredLanguage(head: string, kind: DocumentKind): string | undefined {
  const language =
    kind === 'xml'
      ? (head.match(/<(?:dc:)?language>\s*(?:<!\[CDATA\[\s*)?([A-Za-z-]+)/i)?.[1] ??
        head.match(/\bxml:lang\s*=\s*["']([A-Za-z-]+)/i)?.[1])
      : (head.match(/<html\b[^<>]*\blang\s*=\s*["']?([A-Za-z-]+)/i)?.[1] ?? contentLanguageMeta(head));
  return language?.toLowerCase();
}

// `<meta http-equiv="content-language" content="ko">`: the tag first, then its two attributes,
// rather than one pattern with two `[^>]*` in a row (quadratic within a long tag).
function contentLanguageMeta(head: string): string | undefined {
  for (const [tag] of head.matchAll(/<meta\b[^<>]*>/gi)) {
    if (!/\bhttp-equiv\s*=\s*["']?content-language\b/i.test(tag)) continue;
    const language = tag.match(/\bcontent\s*=\s*["']?([A-Za-z-]+)/i)?.[1];
    if (language) return language;
  }
  return undefined;
}

// Invalid sequences decode to U+FFFD; a sample cut mid-character may end with one.
function decodesCleanly(sample: Buffer, charset: string, cut: boolean): boolean {
  const text = iconv.decode(sample, charset);
  return !(cut ? text.slice(0, -1) : text).includes('\uFFFD');
}
