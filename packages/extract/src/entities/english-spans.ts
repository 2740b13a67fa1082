/**
 * Capitalised spans of English text: the candidates for names. One regex
 * pass, no tagging, so a whole article costs well under a millisecond.
 */

/** A run of capitalised words as written, with what stood around it. */
export interface Span {
  words: string[];
  /** The word before the span, lower-cased ('' at a sentence start). */
  before: string;
  /** The word after the span, lower-cased. */
  after: string;
  /** The span opened a sentence, where any word is capitalised. */
  sentenceStart: boolean;
}

// A word (letters with inner apostrophes, dots, hyphens or "&"), or a piece of punctuation.
const TOKEN = /\p{L}[\p{L}\p{M}\d'’.&-]*|\d[\d.,]*|[.!?;:,()"“”—–&]|\n/gu;
const SENTENCE_END = /^[.!?:;\n"“”]$/;

/** Lower-case words that may sit inside a name: "Bank of England", "Ludwig van Beethoven". */
export const CONNECTORS = new Set([
  'of',
  'for',
  'de',
  'del',
  'da',
  'di',
  'van',
  'von',
  'der',
  'den',
  'la',
  'le',
  'du',
  'bin',
  'al',
  '&',
]);

const isCapitalised = (word: string) => /^\p{Lu}/u.test(word);

/**
 * Every maximal run of capitalised words, joined across connectors when a
 * capitalised word follows them. A word ending in "." ends the run unless it
 * is an initial or an abbreviation ("J.", "U.S.", "St.").
 */
export function capitalisedSpans(text: string): Span[] {
  const tokens = text.match(TOKEN) ?? [];
  const spans: Span[] = [];
  let sentenceStart = true;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (!isCapitalised(token)) {
      if (SENTENCE_END.test(token) || (token.endsWith('.') && token.length > 1)) sentenceStart = true;
      else if (/\p{L}|\d/u.test(token)) sentenceStart = false;
      continue;
    }
    const startsSentence = sentenceStart;
    const words: string[] = [];
    let j = i;
    for (; j < tokens.length; j++) {
      const word = tokens[j]!;
      if (isCapitalised(word)) {
        // A possessive ends the name: "Britain’s economy".
        const possessive = /['’]s$/u.test(word);
        words.push(possessive ? word.slice(0, -2) : word);
        if (possessive || (word.endsWith('.') && !isAbbreviation(word))) {
          j++;
          break;
        }
      } else if (CONNECTORS.has(word) && words.length > 0 && isCapitalised(tokens[j + 1] ?? '')) {
        words.push(word);
      } else break;
    }
    const last = tokens[j - 1] ?? '';
    spans.push({
      words: words.map((w) => w.replace(/\.$/, (dot) => (isAbbreviation(w) ? dot : ''))),
      before: startsSentence ? '' : bare(tokens[i - 1]),
      after: bare(tokens[j]),
      sentenceStart: startsSentence,
    });
    // The run's closing period ends the sentence, so the next capital opens one.
    sentenceStart = last.endsWith('.') && !isAbbreviation(last);
    i = j - 1;
  }
  return spans;
}

/** A neighbouring word as context: lower-case, without a sentence's closing dot. */
const bare = (token: string | undefined) => (token ?? '').toLowerCase().replace(/(?<=\p{L})\.$/u, '');

/** "J.", "U.S.", "Mr.", "St.": a dot that does not end the sentence. */
function isAbbreviation(word: string): boolean {
  return (
    /^\p{Lu}\.$/u.test(word) ||
    /^(?:\p{L}\.){2,}$/u.test(word) ||
    /^(?:Mr|Mrs|Ms|Dr|St|Sen|Rep|Gov|Gen|Col|Lt|Sgt|Capt|Prof|Jr|Sr|Mt|Ft|Rev|Adm|Maj|Cmdr|Supt|Insp|Det|Hon)\.$/.test(
      word,
    )
  );
}
