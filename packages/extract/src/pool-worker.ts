// The module a pool thread loads: its default export runs each task (see @tidings/threads).
import { withDeadline } from '@tidings/threads';
import { extractPage } from './extract-page';

export default withDeadline(extractPage);
