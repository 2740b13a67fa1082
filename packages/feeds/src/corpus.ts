// Support for the fixture corpus (testdata/corpus), shared by corpus.test.ts and the parse report
// in bench/. Not part of the public API.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the corpus lives: one folder per fault or format class. */
export const CORPUS_DIR = fileURLToPath(new URL('../testdata/corpus/', import.meta.url));

/** A feed-shaped result to check against a sidecar; `null` in a sidecar means "must be absent". */
export type Fields = Record<string, unknown>;

/** The `<name>.expected.json` sidecar of a fixture. */
export interface Expectation {
  /** What the fixture is about, for people. */
  about: string;
  /** Passed to parseFeed as they would come from the fetcher. */
  options?: { url?: string; contentType?: string };
  /** When set, parsing must fail with a FeedParseError whose reason matches this pattern. */
  error?: string;
  /** Feed-level fields to check (title, link, language, updatedAt). */
  feed?: Fields;
  /** Exact number of items. */
  itemCount?: number;
  /** Per item, in order: the fields to check. Fields not listed are not checked. */
  items?: Fields[];
}

/** One fixture: its class (folder), name, bytes and expectation. */
export interface Fixture {
  id: string;
  className: string;
  name: string;
  bytes: Uint8Array;
  expected: Expectation;
}

const SIDECAR = '.expected.json';

/** Every fixture of the corpus, sorted by class and name. Throws on a fixture without sidecar. */
export function loadCorpus(dir: string = CORPUS_DIR): Fixture[] {
  const fixtures: Fixture[] = [];
  for (const className of readdirSync(dir, { withFileTypes: true })) {
    if (!className.isDirectory()) continue;
    const classDir = join(dir, className.name);
    const files = readdirSync(classDir).sort();
    for (const file of files) {
      if (file.endsWith(SIDECAR)) continue;
      const name = file.replace(/\.[^.]+$/, '');
      const sidecar = `${name}${SIDECAR}`;
      if (!files.includes(sidecar))
        throw new Error(`corpus fixture ${className.name}/${file} has no ${sidecar}`);
      fixtures.push({
        id: `${className.name}/${file}`,
        className: className.name,
        name,
        bytes: new Uint8Array(readFileSync(join(classDir, file))),
        expected: JSON.parse(readFileSync(join(classDir, sidecar), 'utf8')) as Expectation,
      });
    }
  }
  return fixtures.sort((a, b) => a.id.localeCompare(b.id));
}

/**
 * Differences between a parse result and a fixture's expectation, as readable lines; empty when
 * the result matches. `outcome` is the parsed feed, or the error the parser threw.
 */
export function compareWithExpectation(
  outcome: { feed: Fields } | { error: unknown },
  expected: Expectation,
): string[] {
  if ('error' in outcome) {
    if (expected.error === undefined) return [`threw ${describeError(outcome.error)}`];
    const reason = (outcome.error as { reason?: unknown }).reason;
    if (typeof reason !== 'string') return [`threw ${describeError(outcome.error)} without a reason`];
    return new RegExp(expected.error, 'i').test(reason)
      ? []
      : [`reason ${JSON.stringify(reason)} does not match /${expected.error}/`];
  }
  if (expected.error !== undefined) return [`parsed, but should fail with /${expected.error}/`];

  const { feed } = outcome;
  const problems = compareFields('feed', feed, expected.feed ?? {});
  const items = Array.isArray(feed.items) ? (feed.items as Fields[]) : [];
  if (expected.itemCount !== undefined && items.length !== expected.itemCount)
    problems.push(`item count ${items.length}, expected ${expected.itemCount}`);
  (expected.items ?? []).forEach((fields, index) => {
    const item = items[index];
    if (item === undefined) problems.push(`item ${index} missing`);
    else problems.push(...compareFields(`item ${index}`, item, fields));
  });
  return problems;
}

function compareFields(where: string, actual: Fields, expected: Fields): string[] {
  const problems: string[] = [];
  for (const [key, want] of Object.entries(expected)) {
    const got = actual[key];
    if (JSON.stringify(got ?? null) !== JSON.stringify(want))
      problems.push(`${where} ${key}: got ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
  }
  return problems;
}

function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
