// The module a FeedPool thread loads: its default export runs each task (see @tidings/threads).
import { withDeadline } from '@tidings/threads';
import { FeedListError, FeedParseError } from './errors';
import { parseOpml } from './opml';
import { parseFeed } from './parse-feed';
import type { FeedSource, ParsedFeed, ParseFeedOptions } from './types';

/** A feed as fetched. The bytes are copied to the thread (a feed is small next to the work on it). */
export interface FeedTask {
  kind: 'feed';
  body: Uint8Array;
  options: ParseFeedOptions;
}

/** An OPML document to read. */
export interface OpmlTask {
  kind: 'opml';
  xml: string;
}

/**
 * Errors lose their class crossing a thread boundary, so "this is not a feed"
 * comes back as a value the caller can tell from a crash (which still throws).
 */
export type TaskResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** One task: a feed or an OPML document. */
function run(
  task: FeedTask | OpmlTask,
): Promise<TaskResult<ParsedFeed | FeedSource[]>> | TaskResult<ParsedFeed | FeedSource[]> {
  return task.kind === 'feed' ? feed(task) : opml(task);
}

async function feed(task: FeedTask): Promise<TaskResult<ParsedFeed>> {
  try {
    return { ok: true, value: await parseFeed(task.body, task.options) };
  } catch (error) {
    if (error instanceof FeedParseError) return { ok: false, reason: error.reason };
    throw error;
  }
}

function opml(task: OpmlTask): TaskResult<FeedSource[]> {
  try {
    return { ok: true, value: parseOpml(task.xml) };
  } catch (error) {
    if (error instanceof FeedListError) return { ok: false, reason: error.message };
    throw error;
  }
}

// A single default export, as in @tidings/extract: from the TypeScript
// sources the thread loads this file through tsx's require hook, which
// reaches the default export only.
export default withDeadline(run);
