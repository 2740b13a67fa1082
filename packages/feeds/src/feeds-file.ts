import { parse as parseYaml } from 'yaml';
import { FeedListError } from './errors';
import { parseOpml } from './opml';
import type { FeedSource } from './types';

/**
 * Reads a list of feeds to subscribe to, by file extension: `.opml`/`.xml` as OPML; `.yaml`,
 * `.yml` or `.json` as YAML (JSON is valid YAML) holding either a list or `{feeds: [...]}`, each
 * entry a URL string or `{url, title?, intervalSeconds?, categories?}`.
 * Throws {@link FeedListError} naming the first bad entry.
 */
export function parseFeedsFile(text: string, filename: string): FeedSource[] {
  const extension = filename.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  switch (extension) {
    case 'opml':
    case 'xml':
      return parseOpml(text);
    case 'yaml':
    case 'yml':
    case 'json':
      return parseYamlList(text, filename);
    default:
      throw new FeedListError(`${filename}: unknown feeds file type; use .opml, .xml, .yaml, .yml or .json`);
  }
}

function parseYamlList(text: string, filename: string): FeedSource[] {
  let document: unknown;
  try {
    document = parseYaml(text);
  } catch (error) {
    throw new FeedListError(`${filename}: not valid YAML: ${(error as Error).message}`, { cause: error });
  }
  if (document === null || document === undefined) return [];
  const list = Array.isArray(document) ? document : (document as { feeds?: unknown }).feeds;
  if (!Array.isArray(list)) {
    throw new FeedListError(`${filename}: expected a list of feeds, or a mapping with a "feeds" list`);
  }
  return list.map((entry, index) => toSource(entry, `${filename}: feed ${index + 1}`));
}

function toSource(entry: unknown, where: string): FeedSource {
  if (typeof entry === 'string') return { url: requireUrl(entry, where) };
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new FeedListError(`${where}: expected a URL or a mapping with "url"`);
  }
  const { url, title, intervalSeconds, categories } = entry as Record<string, unknown>;
  if (typeof url !== 'string') throw new FeedListError(`${where}: "url" is missing or not a string`);
  const source: FeedSource = { url: requireUrl(url, where) };
  if (title !== undefined && title !== null) {
    if (typeof title !== 'string') throw new FeedListError(`${where}: "title" must be a string`);
    if (title.trim() !== '') source.title = title.trim();
  }
  if (intervalSeconds !== undefined && intervalSeconds !== null) {
    if (typeof intervalSeconds !== 'number' || !Number.isInteger(intervalSeconds) || intervalSeconds <= 0) {
      throw new FeedListError(`${where}: "intervalSeconds" must be a positive whole number`);
    }
    source.intervalSeconds = intervalSeconds;
  }
  if (categories !== undefined && categories !== null) {
    if (!Array.isArray(categories) || !categories.every((c) => typeof c === 'string')) {
      throw new FeedListError(`${where}: "categories" must be a list of strings`);
    }
    source.categories = categories;
  }
  return source;
}

function requireUrl(url: string, where: string): string {
  const trimmed = url.trim();
  if (trimmed === '') throw new FeedListError(`${where}: empty URL`);
  return trimmed;
}
