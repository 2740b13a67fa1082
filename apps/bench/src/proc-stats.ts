import { readFileSync } from 'node:fs';

/** Linux reports CPU time in clock ticks; 100 per second on every mainstream kernel build. */
const TICKS_PER_SECOND = 100;

/** CPU seconds (user + system) a process has used so far, from /proc; undefined once it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; fields are counted after its closing parenthesis.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** Resident set size in MiB, from /proc; undefined once the process is gone. */
export function rssMiB(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Samples the RSS of named processes at a fixed period: peak per process, and
 * the whole series for a growth check.
 */
export class RssSampler {
  readonly peak: Record<string, number> = {};
  readonly series: Array<{ at: number; rss: Record<string, number> }> = [];
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pids: () => Record<string, number | undefined>,
    periodMs = 500,
  ) {
    this.timer = setInterval(() => this.sample(), periodMs);
    this.timer.unref();
  }

  sample(): void {
    const rss: Record<string, number> = {};
    for (const [name, pid] of Object.entries(this.pids())) {
      const mib = pid ? rssMiB(pid) : undefined;
      if (mib === undefined) continue;
      rss[name] = mib;
      this.peak[name] = Math.max(this.peak[name] ?? 0, mib);
    }
    this.series.push({ at: Date.now(), rss });
  }

  stop(): void {
    clearInterval(this.timer);
  }
}

/** CPU seconds used so far by each named process. */
export function cpuSnapshot(pids: Record<string, number | undefined>): Record<string, number | undefined> {
  return Object.fromEntries(
    Object.entries(pids).map(([name, pid]) => [name, pid ? cpuSeconds(pid) : undefined]),
  );
}

/** CPU seconds used by each named process between two snapshots. */
export function cpuDelta(
  before: Record<string, number | undefined>,
  after: Record<string, number | undefined>,
): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [name, end] of Object.entries(after)) {
    const start = before[name];
    if (end !== undefined && start !== undefined) out[name] = end - start;
  }
  return out;
}
