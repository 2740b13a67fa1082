// C0 controls except tab, LF and CR; DEL; and lone surrogates. With the u flag a valid surrogate
// pair is one code point outside \p{Cs}, so only unpaired halves match. One character per match:
// linear time on any input.
const UNWANTED = /[\0-\x08\v\f\x0e-\x1f\x7f]|\p{Cs}/gu;

/**
 * Text fit for a document: C0 control characters (but tab, LF and CR) and DEL removed, a lone
 * UTF-16 surrogate replaced by U+FFFD (as a decoder does with bytes it cannot read). Vertical tab
 * and form feed become a space, since they separate words (Word writes a line break as VT).
 * Controls come from pages and feeds through numeric references (`&#1;`) and JSON escapes
 * (`\u0001`); the search index must never see them: its highlight markers are control
 * characters, and one in the text unbalances `<mark>` in snippets.
 */
export function stripControlChars(text: string): string {
  return text.replace(UNWANTED, (found) =>
    found === '\v' || found === '\f' ? ' ' : found.length === 1 && found >= '\ud800' ? '\ufffd' : '',
  );
}
