import { PassThrough, Transform } from 'node:stream';
import { type ServiceName, ServiceProcess } from '@tidings/servers';
import PinoPretty from 'pino-pretty';

/**
 * Runs one service as a child process and restarts it when it dies, like
 * compose's `restart: unless-stopped`, with back-off so a crash loop does
 * not spin. Its JSON logs are shown pretty on a terminal, raw otherwise.
 */
export function supervised(
  name: ServiceName,
  env: NodeJS.ProcessEnv,
  pretty: boolean,
  note: (message: string) => void,
): ServiceProcess {
  return new ServiceProcess(name, {
    env,
    nodeArgs: ['--enable-source-maps'],
    stdio: ['ignore', 'pipe', 'pipe'],
    onSpawn(child) {
      const output = pretty
        ? PinoPretty({ colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' })
        : new PassThrough();
      child.stdout?.pipe(output).pipe(process.stdout, { end: false });
      child.stderr?.pipe(prefixed(name)).pipe(process.stderr, { end: false });
    },
    restartDelay: (restarts) => Math.min(1000 * 2 ** restarts, 30_000),
    onUnexpectedExit: ({ code, signal, restartInMs = 0 }) =>
      note(`${name} exited (${signal ?? `code ${code}`}); restarting in ${restartInMs / 1000}s`),
  });
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
