// Markup tokens: CDATA, comments, PIs and declarations are skipped whole; tags are read with
// quoted attribute values. A tag's name is followed by `>` or by a space or `/`, so the name and
// the attributes cannot split a run of letters two ways, and nothing in a tag crosses a `<` (XML
// allows none in attribute values): an unclosed `<a` or `"` never rescans the rest of the text.
const TOKEN =
  /<!\[CDATA\[[\s\S]*?(?:\]\]>|$)|<!--[\s\S]*?(?:-->|$)|<[?!][^>]*>?|<(\/?)([A-Za-z_][\w.:-]*)(?:[\s/](?:[^<>"']|"[^<"]*"|'[^<']*')*)?>/g;

// HTML elements that never have an end tag, written unclosed by feeds that paste HTML outside a
// description. Not `link` or `source`: RSS has elements of those names with content.
const HTML_VOID = new Set(['br', 'hr', 'img', 'wbr', 'input', 'embed', 'area', 'col', 'param']);

/**
 * Makes a broken document's element structure parseable without changing a well-formed one:
 * - an unclosed HTML void element (`<br>`, `<img …>`) becomes self-closing;
 * - an end tag closes the elements left open inside it; a stray end tag is dropped;
 * - tags nested deeper than `maxDepth` are dropped (their text kept), so thousands of nested
 *   elements cannot exhaust the parser's depth limit or the stack.
 * Elements named in `rawNames` (descriptions, content…) are copied untouched, since the parser
 * keeps them as raw markup; one that itself sits too deep is dropped whole. Linear time.
 */
export function balanceMarkup(xml: string, rawNames: readonly string[], maxDepth: number): string {
  const raw = new Set(rawNames);
  const open: string[] = [];
  const out: string[] = [];
  let last = 0;
  const replace = (start: number, end: number, text: string) => {
    out.push(xml.slice(last, start), text);
    last = end;
  };
  TOKEN.lastIndex = 0;
  for (let match = TOKEN.exec(xml); match !== null; match = TOKEN.exec(xml)) {
    const [tag, slash, name] = match;
    if (name === undefined) continue;
    const start = match.index;
    const end = start + tag.length;
    if (slash === '/') {
      const depth = open.lastIndexOf(name);
      if (depth < 0) replace(start, end, '');
      else {
        // Close what was left open inside, innermost first (only levels that were kept).
        const closes = open
          .slice(depth + 1, maxDepth)
          .reverse()
          .map((inner) => `</${inner}>`);
        replace(start, end, depth >= maxDepth ? closes.join('') : closes.join('') + tag);
        open.length = depth;
      }
      continue;
    }
    const selfClosing = tag.endsWith('/>');
    if (raw.has(name) && !selfClosing) {
      TOKEN.lastIndex = rawElementEnd(xml, name, end);
      if (open.length >= maxDepth) replace(start, TOKEN.lastIndex, '');
      continue;
    }
    if (open.length >= maxDepth) {
      replace(start, end, '');
      if (!selfClosing && !HTML_VOID.has(name.toLowerCase())) open.push(name);
    } else if (selfClosing) continue;
    else if (HTML_VOID.has(name.toLowerCase())) replace(start, end, `${tag.slice(0, -1)}/>`);
    else open.push(name);
  }
  out.push(xml.slice(last));
  return out.join('');
}

// Index just past the end tag that closes a raw element opened before `from`, counting nested
// elements of the same name as the parser does; the end of the text when it is never closed.
function rawElementEnd(xml: string, name: string, from: number): number {
  // `[^<>]*`: an unclosed tag must not be rescanned to the end of the text from every `<name`.
  const pattern = new RegExp(`<(/?)${name.replace(/\./g, '\\.')}(?=[\\s/>])[^<>]*>`, 'g');
  pattern.lastIndex = from;
  let depth = 1;
  for (let match = pattern.exec(xml); match !== null; match = pattern.exec(xml)) {
    if (match[1] === '/') depth--;
    else if (!match[0].endsWith('/>')) depth++;
    if (depth === 0) return pattern.lastIndex;
  }
  return xml.length;
}
