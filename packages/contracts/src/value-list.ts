/**
 * Several values in one query-string parameter (`person=Ada Park,이서연`):
 * comma-separated, as CSV writes a row (RFC 4180): a value holding a comma
 * or starting with a double quote is written in double quotes, a quote in it
 * doubled (`org="Samsung Electronics Co., Ltd.",Hyundai`). The API reads
 * every list parameter this way; clients write them with
 * {@link formatValueList}. No dependencies: the web app bundles it.
 */

/** What {@link parseValueList} found: the values, or why the text is not a list. */
export type ParsedValueList = { ok: true; values: string[] } | { ok: false; error: string };

/**
 * Reads a list: values trimmed, empty ones dropped, each kept once, in
 * order. One pass over the text, no regular expression.
 */
export function parseValueList(text: string): ParsedValueList {
  const values = new Set<string>();
  let at = 0;
  while (at <= text.length) {
    while (at < text.length && isSpace(text[at]!)) at++;
    let value: string;
    if (text[at] === '"') {
      const opened = at;
      let quoted = '';
      at++;
      for (;;) {
        if (at >= text.length)
          return { ok: false, error: `a quote opened at character ${opened + 1} is never closed` };
        const char = text[at]!;
        if (char === '"' && text[at + 1] === '"') {
          quoted += '"';
          at += 2;
        } else if (char === '"') {
          at++;
          break;
        } else {
          quoted += char;
          at++;
        }
      }
      while (at < text.length && isSpace(text[at]!)) at++;
      if (at < text.length && text[at] !== ',')
        return {
          ok: false,
          error: `after the quoted value at character ${opened + 1}, a comma or the end was expected`,
        };
      value = quoted.trim();
    } else {
      const comma = text.indexOf(',', at);
      const end = comma === -1 ? text.length : comma;
      value = text.slice(at, end).trim();
      at = end;
    }
    if (value) values.add(value);
    at++; // past the comma (or the end)
  }
  return { ok: true, values: [...values] };
}

/** Writes values as a list {@link parseValueList} reads back into the same values. */
export function formatValueList(values: readonly string[]): string {
  return values.map((v) => (needsQuotes(v) ? `"${v.replaceAll('"', '""')}"` : v)).join(',');
}

const needsQuotes = (value: string) => value.includes(',') || value.trimStart().startsWith('"');
const isSpace = (char: string) => char === ' ' || char === '\t';
