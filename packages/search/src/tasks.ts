import type { Meilisearch, Task } from 'meilisearch';

/**
 * Wait for a Meilisearch task to finish, polling soon and then less often:
 * 25 ms doubling to 100 ms. A poll costs Meilisearch about 0.3 CPU-ms, and
 * every ms between the task's end and the poll that sees it is freshness.
 * The client's own `waitTask` polls at a fixed interval and hangs one abort
 * listener per poll on a signal that lives as long as the wait: thousands on
 * a long task. Resolves with the finished task, whatever its status.
 */
export async function waitForTask(
  client: Meilisearch,
  taskUid: number,
  options: { timeoutMs?: number } = {},
): Promise<Task> {
  const deadline = Date.now() + (options.timeoutMs ?? 120_000);
  for (let interval = 25; ; interval = Math.min(100, interval * 2)) {
    const task = await client.tasks.getTask(taskUid);
    if (task.status === 'succeeded' || task.status === 'failed' || task.status === 'canceled') return task;
    if (Date.now() + interval > deadline)
      throw new Error(
        `Meilisearch task ${taskUid} still ${task.status} after ${options.timeoutMs ?? 120_000} ms`,
      );
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** A Meilisearch task that failed or was canceled; for an indexing task, every document in it must be retried. */
export class IndexTaskError extends Error {
  constructor(
    message: string,
    readonly taskUid?: number,
    /** Meilisearch's error code (`invalid_document_id`, `internal`, …); undefined for a canceled task. */
    readonly meiliCode?: string,
    /** Meilisearch's error type: `invalid_request`, `internal`, `auth` or `system`. */
    readonly meiliType?: string,
  ) {
    super(message);
    this.name = 'IndexTaskError';
  }
}

/** {@link waitForTask}, then {@link IndexTaskError} unless the task succeeded; `what` names the task in the message. */
export async function waitForSuccess(
  client: Meilisearch,
  taskUid: number,
  what: string,
  options: { timeoutMs?: number } = {},
): Promise<Task> {
  const task = await waitForTask(client, taskUid, options);
  if (task.status !== 'succeeded')
    throw new IndexTaskError(
      `${what}: Meilisearch task ${task.uid} ${task.status}: ${task.error?.message ?? 'no reason given'}`,
      task.uid,
      task.error?.code,
      task.error?.type,
    );
  return task;
}

/**
 * Error codes of a failed document addition that blame the documents, not
 * Meilisearch or the index. One such document fails the whole task, and the
 * same document alone fails again. Seen with the real Meilisearch 1.21:
 * `invalid_document_id` (characters other than a-z A-Z 0-9 - _, or over 511
 * bytes), `missing_document_id`, `max_fields_limit_exceeded` (over 65,535
 * fields), `invalid_vectors_type` (a malformed `_vectors`). The others are
 * Meilisearch's documented document errors (`invalid_document_geo_field`
 * needs `_geo` filterable or sortable, which this index is not).
 */
const DOCUMENT_ERROR_CODES = new Set([
  'missing_document_id',
  'max_fields_limit_exceeded',
  'document_fields_limit_reached',
]);
const DOCUMENT_ERROR_PREFIXES = ['invalid_document_', 'invalid_vectors_'];
/**
 * What Meilisearch's JSON parser (serde_json) says, under an `internal`
 * error, about a payload it cannot read: such a task fails for what a
 * document holds, never for Meilisearch's own trouble. Seen with 1.21: a lone
 * UTF-16 surrogate ("lone leading surrogate in hex escape", "unexpected end of
 * hex escape"); the others are serde_json's messages for the same kind of fault.
 */
const PAYLOAD_PARSE_ERRORS = [
  'hex escape',
  'lone leading surrogate',
  'invalid unicode code point',
  'recursion limit exceeded',
  'control character',
];

/** Whose fault a failed indexing task was: one of its documents, perhaps one, or nobody's (retry later). */
export type IndexFailure = 'document' | 'maybe-document' | 'transient';

/**
 * What a failed upsert says about its documents:
 *
 * - `document` — Meilisearch rejected one or more documents of the batch
 *   (an `invalid_request` error about a document, or an `internal` one from
 *   its JSON parser: a lone UTF-16 surrogate, nesting deeper than 128).
 *   Retrying the same batch fails the same way; the rest of the batch is fine
 *   without them.
 * - `maybe-document` — any other `internal` error: Meilisearch's own trouble
 *   as a rule, yet possibly a document it cannot take. Only a part of the
 *   batch that succeeds next to the failing one tells them apart.
 * - `transient` — anything else: Meilisearch unreachable or answering 5xx, a
 *   task that timed out or was canceled, a whole-index or system error (no
 *   space left, index primary key conflicts). The whole batch is retried later.
 */
export function classifyIndexFailure(err: unknown): IndexFailure {
  if (!(err instanceof IndexTaskError) || !err.meiliCode) return 'transient';
  const code = err.meiliCode;
  if (DOCUMENT_ERROR_CODES.has(code) || DOCUMENT_ERROR_PREFIXES.some((p) => code.startsWith(p)))
    return 'document';
  if (code === 'internal' && err.meiliType === 'internal') {
    return PAYLOAD_PARSE_ERRORS.some((phrase) => err.message.includes(phrase))
      ? 'document'
      : 'maybe-document';
  }
  return 'transient';
}
