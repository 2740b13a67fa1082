// Small readers for the loosely-typed trees that XML parsers return.

/** A parsed element: attributes, children and text under string keys. */
export type XmlNode = Record<string, unknown>;

export function isNode(value: unknown): value is XmlNode {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? value : [value];
}

/** A non-empty trimmed string, or undefined. */
export function nonEmpty(value: unknown): string | undefined {
  if (typeof value === 'number') return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** First defined value of a list of lazily computed candidates. */
export function firstOf<T>(...candidates: Array<T | undefined>): T | undefined {
  return candidates.find((candidate) => candidate !== undefined);
}

/** The defined values of a list of candidates, best first, for fields where a later one may stand in. */
export function candidates<T>(...values: Array<T | undefined>): T[] {
  return values.filter((value): value is T => value !== undefined);
}

/**
 * Whether a Media RSS `media:content` is an image: its `medium` says so, else
 * its MIME `type`, else its URL ends like an image file. Both readers ask it
 * of their own node shape.
 */
export function isImageMedia(media: { medium?: string; type?: string; url?: string }): boolean {
  if (media.medium !== undefined) return media.medium === 'image';
  if (media.type !== undefined) return media.type.startsWith('image/');
  return /\.(?:jpe?g|png|gif|webp|avif)(?:[?#]|$)/i.test(media.url ?? '');
}
