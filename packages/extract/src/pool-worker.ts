// The module a pool thread loads: its default export runs each task (see @tidings/threads).
import { withDeadline } from '@tidings/threads';
import { extractPage } from './extract-page';
import { extractFeedContent } from './feed-content';
import type { ExtractTask } from './pool';

export default withDeadline((task: ExtractTask) =>
  task.kind === 'feed' ? extractFeedContent(task.feed) : extractPage(task.page),
);
