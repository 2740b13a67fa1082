import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { Transform } from 'node:stream';
import PinoPretty from 'pino-pretty';
import { type ServiceName, serviceEntry } from './services';

/**
 * Runs one service as a child process and restarts it when it dies, like
 * compose's `restart: unless-stopped`, with back-off so a crash loop does
 * not spin. Its JSON logs are shown pretty on a terminal, raw otherwise.
 */
export class Supervised {
  private child: ChildProcess | undefined;
  private stopping = false;
  private restarts = 0;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    readonly name: ServiceName,
    private readonly env: NodeJS.ProcessEnv,
    private readonly pretty: boolean,
    private readonly note: (message: string) => void,
  ) {}

  start(): void {
    const entry = serviceEntry(this.name);
    if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`pnpm build\` first (pnpm start does).`);
    const startedAt = Date.now();
    const child = spawn(process.execPath, ['--enable-source-maps', entry], { env: this.env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    child.stdout?.pipe(this.output()).pipe(process.stdout, { end: false });
    child.stderr?.pipe(prefixed(this.name)).pipe(process.stderr, { end: false });
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        resolve();
        if (this.stopping) return;
        // A service that ran a while before dying starts over with a short delay.
        if (Date.now() - startedAt > 30_000) this.restarts = 0;
        const delay = Math.min(1000 * 2 ** this.restarts++, 30_000);
        this.note(`${this.name} exited (${signal ?? `code ${code}`}); restarting in ${delay / 1000}s`);
        setTimeout(() => !this.stopping && this.start(), delay).unref();
      }),
    );
  }

  /** SIGTERM, then SIGKILL after the grace period. */
  async stop(graceMs: number): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  private output(): Transform {
    return this.pretty ? PinoPretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' }) : passThrough();
  }
}

function passThrough(): Transform {
  return new Transform({ transform: (chunk, _enc, done) => done(null, chunk) });
}

/** Prefix each line with the service name: stderr is not JSON (crashes, warnings). */
function prefixed(name: string): Transform {
  let rest = '';
  return new Transform({
    transform(chunk, _enc, done) {
      const lines = (rest + chunk.toString()).split('\n');
      rest = lines.pop() ?? '';
      done(null, lines.map((l) => `[${name}] ${l}\n`).join(''));
    },
    flush(done) {
      done(null, rest ? `[${name}] ${rest}\n` : '');
    },
  });
}
