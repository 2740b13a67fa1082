/** A piece of a snippet: text, marked (a match) or not. */
export interface SnippetPart {
  text: string;
  mark: boolean;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'" };

/** Undo the API's escaping; an entity it never writes stays as it is. */
const decodeEntities = (text: string) =>
  text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ENTITIES[name]!);

/**
 * A snippet as the API sends it (matches in `<mark>`, everything else
 * HTML-escaped) as plain parts, for rendering as text nodes and `<mark>`
 * elements: nothing of it is ever parsed as HTML, so a snippet that broke
 * the promise would show its tags as text rather than run them.
 */
export function parseSnippet(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  let mark = false;
  // split() with a capture group keeps the tags; no backtracking in the pattern.
  for (const piece of snippet.split(/(<\/?mark>)/)) {
    if (piece === '<mark>') mark = true;
    else if (piece === '</mark>') mark = false;
    else if (piece) {
      const text = decodeEntities(piece);
      const last = parts[parts.length - 1];
      if (last && last.mark === mark) last.text += text;
      else parts.push({ text, mark });
    }
  }
  return parts;
}
