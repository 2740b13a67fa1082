import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { StopWaiting, waitFor } from './wait';

/** A server process this code started, and how to stop it. */
export interface RunningServer {
  url: string;
  pid: number;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Spawn a long-running server with its output appended to `logFile`, and
 * wait until `ready()` resolves. If the process exits first, the error says
 * so and points at the log, which is where the reason will be.
 */
export async function spawnServer(options: {
  name: string;
  command: string;
  args: string[];
  /** The child's environment (default: this process's). */
  env?: NodeJS.ProcessEnv;
  logFile: string;
  url: string;
  ready: () => Promise<boolean>;
  timeoutMs?: number;
}): Promise<RunningServer> {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(options.command, options.args, {
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let exitNote = '';
  child.once('exit', (code, signal) => {
    exitNote = `exited with ${signal ?? `code ${code}`}`;
  });
  const spawnError = await new Promise<Error | undefined>((resolve) => {
    child.once('error', resolve);
    child.once('spawn', () => resolve(undefined));
  });
  if (spawnError)
    throw new Error(`could not start ${options.name} (${options.command}): ${spawnError.message}`);

  const timeoutMs = options.timeoutMs ?? 30_000;
  try {
    await waitFor(
      async () => {
        if (exitNote)
          throw new StopWaiting(`${options.name} ${exitNote} before it was ready; see ${options.logFile}`);
        return options.ready().catch(() => false);
      },
      { timeoutMs, intervalMs: 50, what: `${options.name} to be ready` },
    );
  } catch (err) {
    if (err instanceof StopWaiting) throw new Error(err.message);
    await terminate(child, exited, 1000);
    throw new Error(`${options.name} was not ready after ${timeoutMs} ms; see ${options.logFile}`);
  }
  return { url: options.url, pid: child.pid!, stop: (graceMs = 10_000) => terminate(child, exited, graceMs) };
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when `exited` does (at once if the child is gone). */
export async function terminate(child: ChildProcess, exited: Promise<void>, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
