/**
 * Institution words: a run of capitalised words holding one ("Bank of
 * Japan", "Oregon Department of Education") is an organisation. compromise
 * knows famous names but misses most long institutional ones.
 */
const INSTITUTION_WORDS =
  'Agency Association Authority Bank Board Bureau Commission Committee Company Corporation Council Court Department Federation Foundation Fund Group Institute Ministry Office Organisation Organization Party Police Programme Program Service Society Trust Union University College School Schools Laboratory Hospital Administration Survey Reserve'.split(
    ' ',
  );

const CAP = "[A-Z][\\p{L}&'.-]*";
// "and"/"the" would join two institutions in a list into one name.
const LINK = '(?:of|for|de|&)';
const PHRASE = new RegExp(`${CAP}(?:\\s+(?:${LINK}\\s+)*${CAP})*`, 'gu');
export const INSTITUTION = new RegExp(`\\b(?:${INSTITUTION_WORDS.join('|')})\\b`);

/** Capitalised phrases naming an institution, as written; a leading "The" dropped. */
export function institutionNames(text: string): string[] {
  const out: string[] = [];
  for (const line of text.split(/[\n.;:!?]\s/)) {
    for (const match of line.matchAll(PHRASE)) {
      // `\s` then trimEnd, not `\s+…$`, which is quadratic over a long run of spaces.
      const phrase = match[0]
        .replace(/^The\s+/, '')
        .replace(/\s(?:of|for|de|&)$/, '')
        .trimEnd();
      // Two words at least: "Bank" or "Court" alone is a common noun at a sentence start.
      if (phrase.includes(' ') && INSTITUTION.test(phrase)) out.push(phrase);
    }
  }
  return out;
}
