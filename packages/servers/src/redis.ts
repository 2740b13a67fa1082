import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { type RunningServer, spawnServer } from './process';

/** True when a Redis server answers PING at this URL's host and port. */
export function redisAnswers(url: string, timeoutMs = 1000): Promise<boolean> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port || 6379) });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    // An auth-protected server answers -NOAUTH: it is there, just not ours to judge.
    socket.once('data', (data) => done(/^(\+PONG|-NOAUTH)/.test(data.toString())));
  });
}

/** Where `redis-server` is, or a message telling the operator how to get it. */
export function findRedisServer(): string {
  const found = spawnSync('redis-server', ['--version'], { encoding: 'utf8' });
  if (found.error || found.status !== 0) {
    throw new Error(
      'redis-server was not found on PATH. Install Redis 7 (Debian/Ubuntu: `apt-get install redis-server`; macOS: `brew install redis`) or point REDIS_URL at a running Redis.',
    );
  }
  return 'redis-server';
}

/**
 * Start `redis-server` on the URL's host and port with its files in `dir`.
 * `durable` turns on the append-only file, as the compose stack does.
 */
export async function startRedis(options: {
  url: string;
  dir: string;
  durable: boolean;
}): Promise<RunningServer> {
  const { hostname, port } = new URL(options.url);
  mkdirSync(options.dir, { recursive: true });
  const command = findRedisServer();
  const args = [
    '--port',
    port || '6379',
    '--bind',
    hostname.replace(/^\[|\]$/g, ''),
    '--dir',
    options.dir,
    '--save',
    '',
    '--appendonly',
    options.durable ? 'yes' : 'no',
    '--maxmemory-policy',
    'noeviction',
    '--daemonize',
    'no',
  ];
  return spawnServer({
    name: 'redis-server',
    command,
    args,
    logFile: join(options.dir, 'redis.log'),
    url: options.url,
    ready: () => redisAnswers(options.url, 300),
  });
}
