/** People, places and organisations an article mentions, one spelling each, most-mentioned first. */
export interface Entities {
  people: string[];
  places: string[];
  organizations: string[];
}

/** What `extractEntities` may know besides the text. */
export interface EntityOptions {
  /** BCP-47 primary subtag ("en", "ko"); decides which recogniser runs. */
  language?: string;
  /** The headline: read with the text when it is written as a sentence. */
  title?: string;
}

/** The three kinds of entity, named as the article document names its lists. */
export type EntityKind = keyof Entities;
