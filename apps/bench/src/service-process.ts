import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** A service's built entry point (`pnpm bench` and `pnpm chaos` build them first). */
export function serviceEntry(name: string): string {
  return join(dirname(createRequire(import.meta.url).resolve(`@tidings/${name}/package.json`)), 'dist', 'main.js');
}

/** SIGTERM, resolved once the process has exited; at once when it already has. */
export async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

/** What every benchmarked service needs: the servers the bench started, and leave to fetch from loopback newsrooms. */
export function serviceEnv(redisUrl: string, meiliUrl: string, masterKey: string, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, REDIS_URL: redisUrl, MEILI_URL: meiliUrl, MEILI_MASTER_KEY: masterKey, ALLOW_PRIVATE_NETWORKS: 'true', ...extra };
}
