import { type ChildProcess, type StdioOptions, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { terminate } from './process';

/**
 * The pipeline's processes, in start order (consumers before producers),
 * with the port of each worker's /metrics and health endpoints, and the
 * Meilisearch key each is given: the master key to the indexer alone (it
 * writes the index and creates the search-only key), the search-only key to
 * the services that only read it, none to the others. The compose file runs
 * the same services with the same ports and keys; a test keeps them equal.
 */
export const SERVICES = [
  { name: 'matcher', metricsPort: 9104, meiliKey: 'search' },
  { name: 'indexer', metricsPort: 9103, meiliKey: 'master' },
  { name: 'parser', metricsPort: 9102, meiliKey: undefined },
  { name: 'poller', metricsPort: 9101, meiliKey: undefined },
  { name: 'api', metricsPort: undefined, meiliKey: 'search' },
] as const;

export type Service = (typeof SERVICES)[number];
export type ServiceName = Service['name'];

/** The service of that name. */
export function serviceNamed(name: ServiceName): Service {
  return SERVICES.find((s) => s.name === name)!;
}

/** The poller's metrics port; parser, indexer and matcher follow it. */
export const DEFAULT_METRICS_BASE = 9101;

/**
 * A service's metrics port when the poller's is `base` (METRICS_PORT given to
 * a launcher): the default ports shifted alike. Undefined for the API.
 */
export function metricsPortOf(service: Service, base = DEFAULT_METRICS_BASE): number | undefined {
  return service.metricsPort === undefined ? undefined : base + service.metricsPort - DEFAULT_METRICS_BASE;
}

/**
 * Path of a service's built entry point. Found by the workspace layout
 * (`services/<name>/dist/main.js`, as the Dockerfile also has it) rather than
 * by package resolution, so that this package need not depend on the services
 * it launches: this file sits two folders below the repository root, in src/
 * and in dist/ alike.
 */
export function serviceEntry(name: ServiceName): string {
  return fileURLToPath(new URL(`../../../services/${name}/dist/main.js`, import.meta.url));
}

/** A service that ran this long before dying was healthy: its restart back-off starts over. */
export const HEALTHY_RUN_MS = 30_000;

/** How a {@link ServiceProcess} runs its child. */
export interface ServiceProcessOptions {
  env: NodeJS.ProcessEnv;
  /** Node flags before the entry point (`--enable-source-maps`, `--cpu-prof`…). */
  nodeArgs?: string[];
  /** The child's stdio (default: no stdin, output inherited). */
  stdio?: StdioOptions;
  /** Called with every child spawned, restarts included: where to pipe its output. */
  onSpawn?: (child: ChildProcess) => void;
  /**
   * After an exit nobody asked for: the delay before starting again, given how
   * many restarts in a row came before (a run of {@link HEALTHY_RUN_MS} or more
   * starts the count over); undefined, or no function, leaves the service down.
   */
  restartDelay?: (restarts: number) => number | undefined;
  /** Told of every exit nobody asked for, with the restart delay if one follows. */
  onUnexpectedExit?: (exit: {
    code: number | null;
    signal: NodeJS.Signals | null;
    restartInMs?: number;
  }) => void;
}

/**
 * One Tidings service as a child process of a launcher, a benchmark or a
 * test: started from its built entry, optionally restarted when it dies (as
 * compose's restart policy would), stopped with SIGTERM and then SIGKILL.
 */
export class ServiceProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private stopping = false;
  private restarts = 0;

  constructor(
    readonly name: ServiceName,
    private readonly options: ServiceProcessOptions,
  ) {}

  /** The running child's pid, if any. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** Spawns the service; throws when its entry point was never built. */
  start(): void {
    const entry = serviceEntry(this.name);
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`pnpm build\` first.`);
    const { env, nodeArgs = [], stdio = ['ignore', 'inherit', 'inherit'] } = this.options;
    const startedAt = Date.now();
    const child = spawn(process.execPath, [...nodeArgs, entry], { env, stdio });
    this.child = child;
    this.options.onSpawn?.(child);
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        resolve();
        if (this.stopping) return;
        if (Date.now() - startedAt >= HEALTHY_RUN_MS) this.restarts = 0;
        const restartInMs = this.options.restartDelay?.(this.restarts);
        this.options.onUnexpectedExit?.({
          code,
          signal,
          ...(restartInMs === undefined ? {} : { restartInMs }),
        });
        if (restartInMs === undefined) return;
        this.restarts++;
        setTimeout(() => !this.stopping && this.start(), restartInMs).unref();
      }),
    );
  }

  /** Sends a signal (SIGKILL by default: a crash); the restart policy applies as to any exit. */
  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    this.child?.kill(signal);
  }

  /** SIGTERM, then SIGKILL after `graceMs`; no restart follows. Resolves once the child has exited. */
  async stop(graceMs = 30_000): Promise<void> {
    this.stopping = true;
    if (this.child) await terminate(this.child, this.exited, graceMs);
  }
}
