import { englishEntities } from './english';
import { koreanEntities } from './korean';
import type { Entities, EntityOptions } from './types';

/**
 * People, places and organisations an article mentions, one spelling per
 * entity, most-mentioned first. English goes to compromise's tagger; Korean
 * to a gazetteer and pattern recogniser; text in other languages gives empty
 * lists rather than guesses (see README "Entities").
 */
export function extractEntities(text: string, options: EntityOptions = {}): Entities {
  const language = options.language ?? guessLanguage(text);
  if (language === 'en') return englishEntities(text, options.title);
  if (language === 'ko') return koreanEntities(text, options.title);
  return { people: [], places: [], organizations: [] };
}

/** Without a declared language: Hangul text is Korean, plain Latin text is taken as English. */
function guessLanguage(text: string): string | undefined {
  const sample = text.slice(0, 1000);
  const letters = sample.match(/\p{L}/gu)?.length ?? 0;
  if (letters === 0) return undefined;
  const hangul = sample.match(/\p{Script=Hangul}/gu)?.length ?? 0;
  if (hangul / letters >= 0.2) return 'ko';
  const ascii = sample.match(/[A-Za-z]/g)?.length ?? 0;
  return ascii / letters >= 0.95 ? 'en' : undefined;
}

export type { Entities, EntityKind, EntityOptions } from './types';
