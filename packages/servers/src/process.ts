import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';

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
  logFile: string;
  url: string;
  ready: () => Promise<boolean>;
  timeoutMs?: number;
}): Promise<RunningServer> {
  mkdirSync(dirname(options.logFile), { recursive: true });
  const log = createWriteStream(options.logFile, { flags: 'a' });
  const child = spawn(options.command, options.args, { stdio: ['ignore', 'pipe', 'pipe'] });
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
  if (spawnError) throw new Error(`could not start ${options.name} (${options.command}): ${spawnError.message}`);

  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  while (!(await options.ready().catch(() => false))) {
    if (exitNote) throw new Error(`${options.name} ${exitNote} before it was ready; see ${options.logFile}`);
    if (Date.now() > deadline) {
      await stopChild(child, exited, 1000);
      throw new Error(`${options.name} was not ready after ${options.timeoutMs ?? 30_000} ms; see ${options.logFile}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: options.url, pid: child.pid!, stop: (graceMs = 10_000) => stopChild(child, exited, graceMs) };
}

async function stopChild(child: ChildProcess, exited: Promise<void>, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}
