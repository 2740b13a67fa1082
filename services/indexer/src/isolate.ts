import type { IndexFailure } from '@tidings/search';

export interface IsolateOptions<T> {
  /** What a failed send says about the items in it (`classifyIndexFailure` in @tidings/search). */
  classify: (err: unknown) => IndexFailure;
  /** The item's id, looked for in the error's message to try the item it names alone first. */
  idOf: (item: T) => string;
  /** The error a rejected item's job fails with for good (a PermanentError). */
  rejected: (err: unknown, item: T) => Error;
}

/**
 * Send a batch; when it fails because of some of its items, find them by
 * bisection, so every other item still gets through and only the culprits
 * fail for good. Resolves to one entry per item: undefined when it was sent,
 * else the error its job fails with.
 *
 * Why: a Meilisearch task is all or nothing, so one document it rejects
 * fails the hundreds of good ones sent with it; retried together they would
 * fail together on every attempt. Halving a failed part until the failures
 * are single items costs about 2·log2(n) extra tasks per bad item (the
 * parts that succeed are done at once). When the error names exactly one
 * item (Meilisearch quotes the document id in most rejections), that item is
 * split off first instead: one or two tasks.
 *
 * - `transient` failures fail their whole part, to be retried later.
 * - `document` failures are trusted: a single item failing so is rejected.
 * - `maybe-document` failures (Meilisearch's `internal`, which is also how it
 *   reports a document its parser refuses) reject a single item only if some
 *   other part of the batch succeeded meanwhile, proof that Meilisearch
 *   itself is fine; otherwise they stay transient. Bisection stops after
 *   log2(n) + 2 such failures without any success, so a Meilisearch that
 *   fails every task costs a few tasks, not 2n.
 */
export async function sendIsolating<T>(
  items: readonly T[],
  send: (items: T[]) => Promise<void>,
  options: IsolateOptions<T>,
): Promise<Array<Error | undefined>> {
  const results: Array<Error | undefined> = new Array(items.length).fill(undefined);
  const unsure: Array<{ index: number; err: unknown }> = [];
  let anySucceeded = false;
  let blindFailures = 0;
  const blindBudget = Math.ceil(Math.log2(Math.max(1, items.length))) + 2;
  const failAll = (indices: number[], err: unknown) => {
    for (const i of indices) results[i] = toError(err);
  };

  // Sequential on purpose: one task in flight at a time, like the Batcher.
  let gaveUp: { err: unknown } | undefined;
  const attempt = async (indices: number[]): Promise<void> => {
    // Past the budget every part left fails as it is, unsent: Meilisearch is the likelier culprit.
    if (gaveUp) return failAll(indices, gaveUp.err);
    try {
      await send(indices.map((i) => items[i]!));
      anySucceeded = true;
      return;
    } catch (err) {
      const verdict = options.classify(err);
      if (verdict === 'transient') return failAll(indices, err);
      if (verdict === 'maybe-document' && !anySucceeded && ++blindFailures > blindBudget) {
        gaveUp = { err };
        return failAll(indices, err);
      }
      if (indices.length === 1) {
        const index = indices[0]!;
        if (verdict === 'document') results[index] = options.rejected(err, items[index]!);
        else unsure.push({ index, err });
        return;
      }
      for (const part of split(indices, err, (i) => options.idOf(items[i]!))) await attempt(part);
    }
  };
  await attempt(items.map((_, i) => i));

  for (const { index, err } of unsure)
    results[index] = anySucceeded && !gaveUp ? options.rejected(err, items[index]!) : toError(err);
  return results;
}

/** The rest first and the named item alone after, when the error names exactly one; else two halves. */
function split(indices: number[], err: unknown, idOf: (index: number) => string): number[][] {
  const message = err instanceof Error ? err.message : String(err);
  const named = indices.filter((i) => {
    const id = idOf(i);
    return id !== '' && message.includes(id);
  });
  if (named.length === 1) return [indices.filter((i) => i !== named[0]), named];
  const half = Math.ceil(indices.length / 2);
  return [indices.slice(0, half), indices.slice(half)];
}

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
