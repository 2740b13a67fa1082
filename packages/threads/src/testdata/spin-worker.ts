// A worker for the pool's tests: holds its thread for the given milliseconds, as a slow parse would.
import { withDeadline } from '../deadline-pool';

export default withDeadline((ms: number) => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    // busy, like CPU-bound parsing: the thread cannot be interrupted from inside
  }
  return ms;
});
